import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cmsExamplesDir, importPriceFile } from '../../../scripts/demo/catalog-steps.ts';
import { newParty, newService } from '../support/members.ts';
import { type PlatformRef, stepTimeout } from './context.ts';

type Operations = Record<string, Record<string, unknown>>;
interface OpenApi {
  paths: Record<string, Operations>;
}

const methods = new Set(['get', 'post', 'put', 'patch', 'delete']);

/** A path with its parameters unnamed: the gateway and a service may name them differently. */
function shapeOf(path: string): string {
  return path.replace(/\{[^}]+\}/g, '{}');
}

async function documentOf(url: string): Promise<OpenApi> {
  const answer = await fetch(`${url}/openapi.json`);
  expect(answer.status, url).toBe(200);
  return (await answer.json()) as OpenApi;
}

/** `METHOD path` of every operation a service describes, parameters unnamed. */
function operationsOf(doc: OpenApi): Set<string> {
  const found = new Set<string>();
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of Object.keys(item).filter((m) => methods.has(m))) {
      found.add(`${method.toUpperCase()} ${shapeOf(path)}`);
    }
  }
  return found;
}

export function routeSteps(platform: PlatformRef): void {
  describe('2b. the gateway routes only what the services serve', () => {
    it(
      'finds every route of the gateway among the routes of the service it names',
      async () => {
        const running = platform();
        const gateway = await documentOf(running.gatewayUrl);
        const served = new Map<string, Set<string>>();
        for (const [name, url] of Object.entries(running.serviceUrls)) {
          if (name === 'gateway' || running.missing.includes(name)) continue;
          served.set(name, operationsOf(await documentOf(url)));
        }

        const unserved: string[] = [];
        let checked = 0;
        for (const [path, item] of Object.entries(gateway.paths)) {
          for (const [method, operation] of Object.entries(item)) {
            const service = (operation.tags as string[] | undefined)?.[0] ?? '';
            const routes = served.get(service);
            if (!methods.has(method) || !routes) continue;
            // A route the gateway rewrites names the service's path in its description.
            const upstream = (operation['x-hcts-upstream-path'] as string | undefined) ?? path;
            const key = `${method.toUpperCase()} ${shapeOf(upstream)}`;
            checked += 1;
            if (!routes.has(key)) unserved.push(`${service}: ${method.toUpperCase()} ${path}`);
          }
        }

        expect(checked).toBeGreaterThan(30);
        expect(unserved).toEqual([]);
      },
      stepTimeout,
    );

    it(
      'lets a buyer read an offer and a provider manage price lists and files through it',
      async () => {
        const provider = await newParty(platform(), 'provider');
        const insurer = await newParty(platform(), 'insurer');
        const { serviceId } = await newService(provider);

        const offer = await insurer.api.get(`/api/marketplace/services/${serviceId}`);
        expect(offer.status).toBe(200);
        expect(offer.json.serviceId).toBe(serviceId);
        expect((await insurer.api.get(`/api/services/${serviceId}`)).status).toBe(403);
        const removed = await provider.api.call('DELETE', `/api/services/${serviceId}`);
        expect([404, 405]).toContain(removed.status);

        const list = {
          name: 'Insurer list',
          buyerOrganizationId: insurer.organizationId,
          currency: 'USD',
          validFrom: new Date().toISOString(),
          entries: [{ serviceId, unitPriceMinor: 10_000 }],
        };
        const created = await provider.api.post('/api/services/price-lists', list);
        expect(created.status).toBe(201);
        const id = created.json.priceListId as string;
        const replaced = await provider.api.put(`/api/services/price-lists/${id}`, list);
        expect(replaced.status).toBe(200);
        const lists = await provider.api.get('/api/services/price-lists');
        expect(lists.json.items.map((l: { priceListId: string }) => l.priceListId)).toContain(id);

        const assistant = await provider.api.post('/api/services/coding-assistant', {
          name: 'Inguinal hernia repair',
        });
        expect(assistant.status).toBe(200);

        const file = join(cmsExamplesDir(), 'v3_json_format_example.json');
        const imported = await importPriceFile(provider.api, provider.organizationId, file);
        expect(imported.status).toBe(201);
        const fileId = imported.json.file.fileId as string;
        const path = `/api/services/provider/${provider.organizationId}/price-files/${fileId}`;
        const stored = await provider.api.get(path);
        expect(stored.status).toBe(200);
        expect(stored.headers.get('x-hcts-key-id')).toBeTruthy();
        expect((await insurer.api.get(path)).status).toBe(403);
      },
      stepTimeout,
    );

    it(
      'serves the JSON-LD context that certificates name, without a credential',
      async () => {
        const answer = await fetch(`${platform().gatewayUrl}/credentials/v1`);
        expect(answer.status).toBe(200);
        expect(answer.headers.get('content-type')).toContain('application/ld+json');
        expect(((await answer.json()) as { '@context': object })['@context']).toBeTruthy();
      },
      stepTimeout,
    );
  });
}
