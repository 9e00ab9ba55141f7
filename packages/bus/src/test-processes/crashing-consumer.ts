// A consumer that dies by SIGKILL right after its inbox transaction committed and before the
// offset is committed. Spawned by the crash tests.
import pino from 'pino';
import { createBus } from '../bus.ts';
import { eventsOf, openMigrated, probeEvent, recordEffect } from '../test-support.ts';

const { DB_URL, BROKERS, TOPIC, GROUP } = process.env;
const db = await openMigrated(DB_URL ?? '', 2);
const group = GROUP ?? '';
const probe = probeEvent(TOPIC ?? '');
const bus = await createBus({
  brokers: (BROKERS ?? '').split(','),
  clientId: 'crashing-consumer',
  source: 'hcts/bus-test',
  logger: pino({ level: 'silent' }),
});
await bus.consumer({
  group,
  topics: [probe.topic],
  db,
  events: eventsOf(probe),
  sessionTimeoutMs: 6_000,
  heartbeatIntervalMs: 1_000,
  handlerTimeoutMs: 5_000,
  handlers: {
    [probe.type]: (envelope, { trx }) =>
      recordEffect(trx, group, envelope.id, probe.schema.parse(envelope.data)),
  },
  afterCommit: () => {
    process.kill(process.pid, 'SIGKILL');
  },
});

// Never outlives a test that went wrong.
setTimeout(() => process.exit(3), 90_000).unref();
