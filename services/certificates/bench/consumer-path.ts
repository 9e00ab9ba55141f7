import { TransactionCompleted } from '@hcts/contracts';
import { buildCertificatesService } from '../src/adapters/build-service.ts';
import {
  completedData,
  testPublisher,
  testServiceConfig,
  tokenFactory,
} from '../src/test-support/service-harness.ts';
import { brokers } from './setup.ts';

/**
 * End to end on the real broker: messages already waiting on a topic of the benchmark's own,
 * then the time until the consumer has issued a certificate for every one of them and the
 * sequencer has put all of them in the log.
 */
export async function consumerPath(
  url: string,
  count: number,
  partitions: number,
): Promise<number> {
  const suffix = Date.now().toString(36);
  const topic = `bench-cert-trading-${suffix}`;
  const publisher = await testPublisher(brokers(), topic, partitions);
  for (let i = 0; i < count; i += 500) {
    const batch = Array.from({ length: Math.min(500, count - i) }, () =>
      publisher.message(TransactionCompleted, completedData()),
    );
    await publisher.send(batch);
  }

  const tokens = await tokenFactory();
  const before = process.hrtime.bigint();
  const config = {
    ...testServiceConfig(url, brokers()),
    CERTIFICATES_CONSUMER_CONCURRENCY: partitions,
  };
  const built = await buildCertificatesService(config, {
    authJwks: tokens.jwks,
    tradingTopic: topic,
    consumerGroup: `bench-cert-${suffix}`,
  });
  const start = await firstCertificate(built, before);
  try {
    for (;;) {
      const row = await built.core.database.db
        .selectFrom('certificates')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('reason', '=', 'transaction-completed')
        // Counted once in the log, not merely stored: the sequencer's batches are included.
        .where('leaf_index', 'is not', null)
        .executeTakeFirstOrThrow();
      if (Number(row.n) >= count + start.existing) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const seconds = Number(process.hrtime.bigint() - start.at) / 1e9;
    return Math.round(count / seconds);
  } finally {
    await publisher.close();
    await built.service.stop();
  }
}

/** Measures from the first issued certificate, so that start-up and rebalancing do not count. */
async function firstCertificate(
  built: Awaited<ReturnType<typeof buildCertificatesService>>,
  _before: bigint,
) {
  const existing = 0;
  const baseline = await countAll(built);
  for (;;) {
    if ((await countAll(built)) > baseline)
      return { at: process.hrtime.bigint(), existing: baseline + existing };
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function countAll(built: Awaited<ReturnType<typeof buildCertificatesService>>) {
  const row = await built.core.database.db
    .selectFrom('certificates')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
