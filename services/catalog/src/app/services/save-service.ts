import { type StagedEvent, stage } from '@hcts/bus';
import { type Actor, ServicePublished, ServiceRetired, ServiceUpdated } from '@hcts/contracts';
import { type Caller, canManage } from '../../domain/caller.ts';
import {
  type CatalogService,
  checkComponents,
  checkTransition,
  type ServiceDetails,
  type ServiceStatus,
} from '../../domain/catalog-service.ts';
import { CatalogError } from '../../domain/errors.ts';
import type { CatalogTransaction } from '../catalog-store.ts';
import type { CatalogDeps, RequestMeta } from '../deps.ts';
import { resolveIndications } from './resolve-indications.ts';
import { snapshotOf } from './snapshot.ts';

export interface ServiceInput extends ServiceDetails {
  status: ServiceStatus;
}

export function actorOf(caller: Caller): Actor {
  return { userId: caller.userId, organizationId: caller.organizationId, role: caller.role };
}

/** Creates a service for the caller's organization (an admin names the provider). */
export async function createService(
  deps: CatalogDeps,
  caller: Caller,
  input: ServiceInput,
  meta: RequestMeta,
  providerOrganizationId = caller.organizationId,
): Promise<CatalogService> {
  if (!canManage(caller, providerOrganizationId)) {
    throw new CatalogError('forbidden', {
      role: caller.role,
      action: 'create',
      resource: 'services',
    });
  }
  checkTransition('draft', input.status);
  const indications = await resolveIndications(deps.icd11, input.indicationCodes);

  return deps.store.transaction(async (tx) => {
    const now = deps.now().toISOString();
    const serviceId = deps.newId();
    const service = build(input, indications, {
      serviceId,
      version: 1,
      providerOrganizationId,
      createdAt: now,
      updatedAt: now,
    });
    await checkBundle(tx, service);
    await tx.insertService(service);
    await tx.stage(eventsOf(undefined, service, caller, meta, now));
    return service;
  });
}

/** Replaces a service's details (PUT); the version must match when the caller gives one. */
export async function updateService(
  deps: CatalogDeps,
  caller: Caller,
  serviceId: string,
  input: ServiceInput,
  meta: RequestMeta,
  expectedVersion?: number,
): Promise<CatalogService> {
  const indications = await resolveIndications(deps.icd11, input.indicationCodes);

  return deps.store.transaction(async (tx) => {
    const current = await tx.getService(serviceId, true);
    if (current === undefined) throw new CatalogError('serviceNotFound', { serviceId });
    if (!canManage(caller, current.providerOrganizationId)) throw new CatalogError('notOwner');
    if (expectedVersion !== undefined && expectedVersion !== current.version) {
      throw new CatalogError('versionConflict', {
        serviceId,
        actual: current.version,
        expected: expectedVersion,
      });
    }
    checkTransition(current.status, input.status);

    const now = deps.now().toISOString();
    const next = build(input, indications, {
      serviceId,
      providerOrganizationId: current.providerOrganizationId,
      createdAt: current.createdAt,
      version: current.version + 1,
      updatedAt: now,
    });
    await checkBundle(tx, next);
    await tx.updateService(next);
    await tx.stage(eventsOf(current, next, caller, meta, now));
    return next;
  });
}

function build(
  input: ServiceInput,
  indications: CatalogService['indications'],
  identity: Pick<
    CatalogService,
    'serviceId' | 'version' | 'providerOrganizationId' | 'createdAt' | 'updatedAt'
  >,
): CatalogService {
  const { indicationCodes: _, ...details } = input;
  return { ...details, ...identity, indications };
}

async function checkBundle(tx: CatalogTransaction, service: CatalogService): Promise<void> {
  const ids = service.components.map((component) => component.serviceId);
  const candidates = await tx.componentCandidates(ids);
  checkComponents(
    service.serviceId,
    service.providerOrganizationId,
    service.basePrice.currency,
    service.components,
    candidates,
  );
}

/** Publishing, retiring and every other change each have their event; drafts included. */
export function eventsOf(
  before: CatalogService | undefined,
  after: CatalogService,
  caller: Caller,
  meta: RequestMeta,
  now: string,
): StagedEvent[] {
  const context = { correlationId: meta.correlationId, actor: actorOf(caller) };
  if (after.status === 'retired' && before?.status !== 'retired') {
    const data = {
      serviceId: after.serviceId,
      version: after.version,
      providerOrganizationId: after.providerOrganizationId,
      retiredAt: now,
    };
    return [stage(ServiceRetired, data, context)];
  }
  if (after.status === 'published' && before?.status !== 'published') {
    return [stage(ServicePublished, snapshotOf(after), context)];
  }
  return [stage(ServiceUpdated, snapshotOf(after), context)];
}
