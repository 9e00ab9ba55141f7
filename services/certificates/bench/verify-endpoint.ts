import { buildCertificatesService } from '../src/adapters/build-service.ts';
import { completedPurchase, systemCause } from '../src/test-support/fixtures.ts';
import { testServiceConfig, tokenFactory } from '../src/test-support/service-harness.ts';
import { brokers, pool, rate } from './setup.ts';

/** The public verify route through Fastify's inject, against the liveness route. */
export async function verifyEndpoint(url: string, count: number, rounds: number) {
  const tokens = await tokenFactory();
  const built = await buildCertificatesService(testServiceConfig(url, brokers()), {
    authJwks: tokens.jwks,
    kafka: false,
  });
  const issued = await built.core.app.issue(
    Array.from({ length: 200 }, () => ({
      purchase: completedPurchase(),
      reason: 'transaction-completed',
    })),
    systemCause(),
  );
  const codes = issued.map((r) => r.certificate.verificationCode);
  const app = built.service.app;
  const result = { verify: [] as number[], live: [] as number[] };

  try {
    for (let r = 0; r < rounds; r += 1) {
      result.verify.push(
        await rate(count, () =>
          pool(count, 32, async (i) => {
            const res = await app.inject({
              method: 'GET',
              url: `/api/certificates/verify/${codes[i % codes.length]}`,
            });
            if (res.statusCode !== 200) throw new Error(`verify answered ${res.statusCode}`);
          }),
        ),
      );
      result.live.push(
        await rate(count, () =>
          pool(count, 32, async () => {
            await app.inject({ method: 'GET', url: '/health/live' });
          }),
        ),
      );
    }
  } finally {
    await built.service.stop();
  }
  return result;
}
