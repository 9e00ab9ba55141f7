// The relay's producer thread: parses the batches the relay took from Postgres (JSON text) and
// sends them with an idempotent producer of its own, so that Kafka encoding runs beside the
// relay's Postgres work instead of after it. Started by relay-producer.ts, nothing else.
import { parentPort, workerData } from 'node:worker_threads';
import pino from 'pino';
import { createKafkaClient } from '../kafka/kafkajs-client.ts';
import { withTopicPrefix } from '../kafka/namespace.ts';
import type { BusProducer, TopicMessages } from '../kafka/types.ts';
import type {
  FromWorker,
  JsonTopicBatch,
  ToWorker,
  WorkerSettings,
} from './relay-producer-protocol.ts';
import { requestChunks } from './request-chunks.ts';

const port = parentPort;
if (!port) throw new Error('relay-producer-worker runs as a worker thread only');
const settings = workerData as WorkerSettings;
const post = (message: FromWorker) => port.postMessage(message);

// Log lines go to the parent, which writes them with the service's own logger.
const logger = pino({ level: 'debug' }, { write: (line: string) => post({ kind: 'log', line }) });
const client = createKafkaClient({
  brokers: settings.brokers,
  clientId: settings.clientId,
  logger,
});
const kafka = withTopicPrefix(client, settings.topicPrefix ?? '');

// Batches are parsed when they arrive, while the previous one is still on its way to Kafka,
// and sent when the relay says so (after the previous was acknowledged and committed).
const prepared = new Map<number, TopicMessages[]>();

try {
  const producer = await kafka.producer({ idempotent: true });
  port.on('message', async (message: ToWorker) => {
    if (message.kind === 'close') {
      await producer.disconnect().catch(() => {});
      post({ kind: 'closed' });
    } else if (message.kind === 'prepare') {
      prepared.set(message.id, parse(message.batches));
    } else if (message.kind === 'drop') {
      prepared.delete(message.id);
    } else {
      const batches = prepared.get(message.id) ?? [];
      prepared.delete(message.id);
      await sendInRequests(producer, batches).then(
        () => post({ kind: 'sent', id: message.id }),
        (error: Error) => post({ kind: 'failed', id: message.id, reason: error.message }),
      );
    }
  });
  post({ kind: 'ready' });
} catch (error) {
  post({ kind: 'start-failed', reason: (error as Error).message ?? 'unknown' });
}

/**
 * One request per chunk of the pass, one after the other, so a large pass stays under the
 * broker's size limit and each topic's order holds. A failed chunk fails the pass, whose rows
 * are then all sent again (the chunks before it as duplicates, which inboxes absorb).
 */
async function sendInRequests(producer: BusProducer, batches: readonly TopicMessages[]) {
  for (const chunk of requestChunks(batches)) await producer.sendTopics(chunk);
}

function parse(batches: readonly JsonTopicBatch[]): TopicMessages[] {
  return batches.map((b) => ({ topic: b.topic, messages: JSON.parse(b.messages) }));
}
