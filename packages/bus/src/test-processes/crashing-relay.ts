// A relay that dies by SIGKILL right after Kafka acknowledged its first batch and before it
// marks the rows: the crash an outbox must survive. Spawned by the crash tests.
import pino from 'pino';
import { createBus } from '../bus.ts';
import { openMigrated } from '../test-support.ts';

const { DB_URL, BROKERS } = process.env;
const db = await openMigrated(DB_URL ?? '', 2);
const bus = await createBus({
  brokers: (BROKERS ?? '').split(','),
  clientId: 'crashing-relay',
  source: 'hcts/bus-test',
  logger: pino({ level: 'silent' }),
});
await bus.startRelay({
  db,
  pollIntervalMs: 100,
  afterSend: () => {
    process.kill(process.pid, 'SIGKILL');
  },
});

// Never outlives a test that went wrong.
setTimeout(() => process.exit(3), 90_000).unref();
