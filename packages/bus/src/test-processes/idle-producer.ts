// A producer that sends one record and then idles: prints how many timers the Kafka client
// scheduled while idle, as JSON on stdout. Node prints a TimeoutNegativeWarning on stderr once
// per process, so a process of its own is the only place a test can see it.
import { createKafkaClient } from '../kafka/kafkajs-client.ts';
import { quietLogger } from '../test-support.ts';

const { BROKERS, TOPIC } = process.env;
const kafka = createKafkaClient({
  brokers: (BROKERS ?? '').split(','),
  clientId: 'idle-producer',
  logger: quietLogger,
});
const producer = await kafka.producer();
await producer.send([{ topic: TOPIC ?? '', key: 'k', value: 'v', headers: {} }]);

const schedule = globalThis.setTimeout;
let timersWhileIdle = 0;
globalThis.setTimeout = ((...args: Parameters<typeof setTimeout>) => {
  timersWhileIdle += 1;
  return schedule(...args);
}) as typeof setTimeout;
await new Promise((resolve) => schedule(resolve, 500));
globalThis.setTimeout = schedule;

process.stdout.write(`${JSON.stringify({ timersWhileIdle })}\n`);
await producer.disconnect();
