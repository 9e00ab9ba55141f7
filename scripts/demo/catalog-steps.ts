import { readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { Member } from './accounts.ts';
import { type Answer, expectStatus, type GatewayClient } from './gateway-client.ts';

/** The CMS example price files (real published layouts), under ../shared/data by default. */
export function cmsExamplesDir(env = process.env): string {
  return (
    env.CMS_HPT_EXAMPLES_DIR ??
    join(import.meta.dirname, '..', '..', '..', 'shared', 'data', 'cms-hpt', 'examples')
  );
}

export interface CatalogEntry {
  serviceId: string;
  version: number;
  name: string;
  description: string;
  procedureCode: { system: string; code: string };
  indications: Array<{ code: string; title: string }>;
  careSetting: string;
  unit: string;
  basePrice: { amountMinor: number; currency: string };
  components: Array<{ serviceId: string; quantity: number; shareBps: number }>;
  availability: string;
  status: string;
  providerOrganizationId: string;
}

/** Uploads one CMS price file as the provider, bytes as they are on disk. */
export async function importPriceFile(
  client: GatewayClient,
  providerId: string,
  file: string,
): Promise<Answer> {
  const contentType = extname(file) === '.json' ? 'application/json' : 'text/csv';
  return client.call('POST', `/api/services/provider/${providerId}/cms-standard-charges`, {
    raw: { bytes: readFileSync(file), contentType },
  });
}

/** Every service of one provider, page by page. */
export async function servicesOf(client: GatewayClient, providerId: string) {
  const all: CatalogEntry[] = [];
  let after: string | null = null;
  do {
    const query: string = after ? `?limit=100&after=${after}` : '?limit=100';
    const answer = await client.get(`/api/services/provider/${providerId}${query}`);
    expectStatus('list services', answer, 200);
    all.push(...(answer.json.items as CatalogEntry[]));
    after = answer.json.nextCursor as string | null;
  } while (after);
  return all;
}

/** The first ICD-11 category a search finds, as a coder would pick it. */
export async function findIndication(client: GatewayClient, words: string) {
  const answer = await client.get(`/api/icd11/search?q=${encodeURIComponent(words)}&limit=5`);
  expectStatus(`ICD-11 search '${words}'`, answer, 200);
  const first = (answer.json.items as Array<{ code: string; title: string }>)[0];
  return first ? { ...first, releaseId: answer.json.releaseId as string } : undefined;
}

/** Sets a service's ICD-11 indications and keeps it published (a provider's edit). */
export async function setIndications(
  client: GatewayClient,
  service: CatalogEntry,
  codes: string[],
): Promise<Answer> {
  return client.put(`/api/services/${service.serviceId}`, {
    name: service.name,
    description: service.description,
    procedureCode: service.procedureCode,
    indicationCodes: codes,
    careSetting: service.careSetting,
    unit: service.unit,
    basePrice: service.basePrice,
    components: service.components,
    availability: service.availability,
    status: 'published',
    expectedVersion: service.version,
  });
}

/** Which ICD-11 search names the indication of which CMS example service. */
export const indicationSearches: ReadonlyArray<{ service: RegExp; search: string }> = [
  { service: /hernia repair/i, search: 'inguinal hernia' },
  { service: /MRI of brain/i, search: 'migraine' },
  { service: /metabolic panel/i, search: 'type 2 diabetes mellitus' },
  { service: /hip and knee joint/i, search: 'osteoarthritis of knee' },
  { service: /cesarean/i, search: 'obstructed labour' },
  { service: /pacemaker/i, search: 'atrioventricular block' },
];

/** Gives the provider's matching services their ICD-11 indications; returns what was set. */
export async function publishWithIndications(provider: Member, client: GatewayClient) {
  const services = await servicesOf(client, provider.organizationId);
  const done: Array<{ service: string; code: string; title: string }> = [];
  for (const { service: pattern, search } of indicationSearches) {
    const service = services.find((s) => pattern.test(s.name));
    const indication = service && (await findIndication(client, search));
    if (!service || !indication) continue;
    if (!service.indications.some((i) => i.code === indication.code)) {
      expectStatus(
        'set indications',
        await setIndications(client, service, [indication.code]),
        200,
      );
    }
    done.push({ service: service.name, code: indication.code, title: indication.title });
  }
  return done;
}
