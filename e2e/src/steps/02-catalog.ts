import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  cmsExamplesDir,
  importPriceFile,
  publishWithIndications,
  servicesOf,
} from '../../../scripts/demo/catalog-steps.ts';
import { newParty } from '../support/members.ts';
import { type PlatformRef, stepTimeout } from './context.ts';

export function catalogSteps(platform: PlatformRef): void {
  describe('2. a provider imports a CMS price file and publishes services with ICD-11', () => {
    it(
      'imports the CMS v3 tall CSV example through the gateway, all or nothing',
      async () => {
        const provider = await newParty(platform(), 'provider');
        const file = join(cmsExamplesDir(), 'V3.0.0_Tall_CSV_Format_Example.csv');

        const imported = await importPriceFile(provider.api, provider.organizationId, file);

        expect(imported.status).toBe(201);
        expect(imported.json.valid).toBe(true);
        const services = await servicesOf(provider.api, provider.organizationId);
        expect(services.length).toBe(imported.json.created);
        expect(services.map((s) => s.name)).toContain('Inguinal hernia repair');
      },
      stepTimeout,
    );

    it(
      'refuses an invalid CMS file whole and imports nothing',
      async () => {
        const provider = await newParty(platform(), 'provider');
        const file = join(cmsExamplesDir(), '..', 'fixtures-2.x', 'sample-bad-item-header.csv');

        const refused = await importPriceFile(provider.api, provider.organizationId, file);

        expect(refused.status).toBe(422);
        expect(refused.json.code).toBe('CATALOG_PRICE_FILE_INVALID');
        expect(await servicesOf(provider.api, provider.organizationId)).toEqual([]);
      },
      stepTimeout,
    );

    it(
      'publishes imported services with ICD-11 indications that buyers can search by',
      async () => {
        const provider = await newParty(platform(), 'provider');
        const file = join(cmsExamplesDir(), 'v3_json_format_example.json');
        expect((await importPriceFile(provider.api, provider.organizationId, file)).status).toBe(
          201,
        );

        const published = await publishWithIndications(provider, provider.api);
        const hernia = published.find((p) => /hernia/i.test(p.service));
        expect(hernia?.code).toBe('DD51');

        const insurer = await newParty(platform(), 'insurer');
        const found = await insurer.api.get(
          `/api/marketplace/services?provider=${provider.organizationId}&icd=DD51`,
        );
        expect(found.status).toBe(200);
        expect(found.json.items.map((s: { name: string }) => s.name)).toEqual([
          'Inguinal hernia repair',
        ]);
        expect(found.json.items[0].indications[0]).toMatchObject({ code: 'DD51' });
      },
      stepTimeout,
    );
  });
}
