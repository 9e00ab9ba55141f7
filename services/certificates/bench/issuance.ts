import { randomBytes } from 'node:crypto';
import { composeCertificates } from '../src/adapters/compose.ts';
import { certificateDocument } from '../src/domain/certificate-document.ts';
import { completedPurchase, systemCause, testCoreConfig } from '../src/test-support/fixtures.ts';
import { pool, rate } from './setup.ts';

/** Issuance through the app (sign, log, store, outbox), batched and not, against signing. */
export async function issuance(url: string, count: number, rounds: number, typ: string) {
  const core = await composeCertificates({
    ...testCoreConfig(url, randomBytes(32)),
    databasePoolMax: 10,
  });
  const result = { batched: [] as number[], single: [] as number[], signOnly: [] as number[] };
  const request = () => ({ purchase: completedPurchase(), reason: 'transaction-completed' });
  const issuer = { id: 'https://bench.test', name: 'bench', validityDays: 365 };

  try {
    for (let r = 0; r < rounds; r += 1) {
      result.batched.push(
        await rate(count, () =>
          pool(count / 50, 4, async () => {
            await core.app.issue(Array.from({ length: 50 }, request), systemCause());
          }),
        ),
      );

      // One transaction per certificate, four at a time: what the consumer does per message.
      const singles = Math.min(count, 500);
      result.single.push(
        await rate(singles, () =>
          pool(singles, 4, async () => {
            await core.app.issue([request()], systemCause());
          }),
        ),
      );

      result.signOnly.push(
        await rate(count, () =>
          pool(count, 4, async () => {
            const document = certificateDocument(issuer, {
              certificateId: '0190f000-0000-7000-8000-000000000000',
              version: 1,
              supersedes: null,
              purchase: completedPurchase(),
              issuedAt: new Date(),
            });
            await core.keys.sign(document, typ);
          }),
        ),
      );
    }
  } finally {
    await core.close();
  }
  return result;
}
