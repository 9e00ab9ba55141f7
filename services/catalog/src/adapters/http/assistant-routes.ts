import { Text } from '@hcts/contracts';
import type { ServiceApp } from '@hcts/kit';
import { z } from 'zod';
import {
  type IndicationModel,
  suggestIndications,
} from '../../app/assistant/suggest-indications.ts';
import type { CatalogDeps } from '../../app/deps.ts';
import { CatalogError } from '../../domain/errors.ts';
import type { IdentifyCaller } from './caller.ts';

const Body = z.strictObject({
  name: Text.trim().min(1).max(300),
  description: Text.max(5_000).default(''),
});

/** The coding assistant: ICD-11 indications for a service, checked against the release. */
export function assistantRoutes(
  app: ServiceApp,
  deps: CatalogDeps,
  model: IndicationModel | undefined,
  timeoutMs: number,
  callerOf: IdentifyCaller,
): void {
  app.post('/api/services/coding-assistant', { schema: { body: Body } }, async (request) => {
    const caller = await callerOf(request);
    if (caller.role !== 'provider' && caller.role !== 'admin') {
      throw new CatalogError('forbidden', {
        role: caller.role,
        action: 'use',
        resource: 'the coding assistant',
      });
    }
    return suggestIndications(deps.icd11, model, request.body, timeoutMs);
  });
}
