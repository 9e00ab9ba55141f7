import { CatalogError, type Issue } from './errors.ts';

export const ServiceStatuses = Object.freeze({
  draft: 'draft',
  published: 'published',
  retired: 'retired',
} as const);
export type ServiceStatus = (typeof ServiceStatuses)[keyof typeof ServiceStatuses];

export const CareSettings = Object.freeze([
  'inpatient',
  'outpatient',
  'both',
  'home',
  'virtual',
] as const);
export type CareSetting = (typeof CareSettings)[number];

export const ProcedureSystems = Object.freeze([
  'CPT',
  'HCPCS',
  'MS-DRG',
  'APR-DRG',
  'NDC',
  'RC',
  'ICD',
  'CDT',
  'LOCAL',
] as const);
export type ProcedureSystem = (typeof ProcedureSystems)[number];

export interface Component {
  serviceId: string;
  quantity: number;
  shareBps: number;
}

/** What a provider states about a service; the catalog adds ids, versions and times. */
export interface ServiceDetails {
  name: string;
  description: string;
  procedureCode: { system: ProcedureSystem; code: string };
  indicationCodes: string[];
  careSetting: CareSetting;
  unit: string;
  basePrice: { amountMinor: number; currency: string };
  components: Component[];
  availability: 'available' | 'limited' | 'unavailable';
}

export interface Indication {
  code: string;
  releaseId: string;
  title: string;
  chapterNo: string;
}

export interface CatalogService extends Omit<ServiceDetails, 'indicationCodes'> {
  serviceId: string;
  version: number;
  providerOrganizationId: string;
  indications: Indication[];
  status: ServiceStatus;
  createdAt: string;
  updatedAt: string;
}

/** The part of another service a bundle needs to check a component. */
export interface ComponentCandidate {
  serviceId: string;
  providerOrganizationId: string;
  currency: string;
  status: ServiceStatus;
  isComposite: boolean;
}

const transitions: Readonly<Record<ServiceStatus, readonly ServiceStatus[]>> = Object.freeze({
  draft: ['draft', 'published', 'retired'],
  published: ['published', 'retired'],
  retired: ['retired'],
});

export function checkTransition(from: ServiceStatus, to: ServiceStatus): void {
  if (!transitions[from].includes(to)) throw new CatalogError('badTransition', { from, to });
}

/**
 * A bundle is consistent by construction: its shares sum to exactly 10,000 bp, so any bundle
 * price splits into parts that add up to it; its components are other services of the same
 * provider, in the same currency, not bundles themselves and not retired.
 */
export function checkComponents(
  serviceId: string | null,
  providerOrganizationId: string,
  currency: string,
  components: readonly Component[],
  candidates: ReadonlyMap<string, ComponentCandidate>,
): void {
  if (components.length === 0) return;
  const issues: Issue[] = [];
  const sum = components.reduce((total, component) => total + component.shareBps, 0);
  if (sum !== 10_000) {
    const field = 'components';
    const message = `shares sum to ${sum} bp, not 10000`;
    throw new CatalogError('sharesDoNotSum', { sum }, [
      { field, code: 'SHARES_DO_NOT_SUM', message },
    ]);
  }

  const seen = new Set<string>();
  for (const [index, component] of components.entries()) {
    const candidate = candidates.get(component.serviceId);
    const problem = componentProblem(
      serviceId,
      providerOrganizationId,
      currency,
      component,
      candidate,
      seen,
    );
    if (problem !== undefined) {
      issues.push({
        field: `components.${index}.serviceId`,
        code: 'BAD_COMPONENT',
        message: problem,
      });
    }
    seen.add(component.serviceId);
  }
  if (issues.length > 0) {
    throw new CatalogError('badComponent', { serviceId: components[0]?.serviceId ?? '' }, issues);
  }
}

function componentProblem(
  serviceId: string | null,
  providerOrganizationId: string,
  currency: string,
  component: Component,
  candidate: ComponentCandidate | undefined,
  seen: ReadonlySet<string>,
): string | undefined {
  if (component.serviceId === serviceId) return 'a bundle cannot contain itself';
  if (seen.has(component.serviceId)) return 'listed twice';
  if (candidate === undefined) return 'no such service';
  if (candidate.providerOrganizationId !== providerOrganizationId)
    return 'belongs to another provider';
  if (candidate.isComposite) return 'bundles cannot be nested';
  if (candidate.status === 'retired') return 'is retired';
  if (candidate.currency !== currency) return 'is priced in another currency';
  return undefined;
}
