import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import { BusError } from '../errors.ts';
import type {
  FromWorker,
  JsonTopicBatch,
  ToWorker,
  WorkerSettings,
} from './relay-producer-protocol.ts';

/** The relay's producer: a thread of its own that parses and sends the batches it is given. */
export interface RelayProducer {
  /** Hands batches to the thread, which parses them at once; they wait there until sent. */
  prepare(batches: readonly JsonTopicBatch[]): PreparedBatches;
  /** False once the thread stopped (closed or crashed); a new one must then be started. */
  alive(): boolean;
  close(): Promise<void>;
}

export interface PreparedBatches {
  /** Sends the batches in one request per broker; resolves once all replicas have them. */
  send(): Promise<void>;
  /** Forgets batches that will not be sent (their pass was rolled back). */
  drop(): void;
}

const workerUrl = new URL('./relay-producer-worker.ts', import.meta.url);

/**
 * Starts the producer thread and waits until its producer is connected. Why a thread: per
 * pass, the Kafka encoding of its records costs about as much CPU as everything else the
 * relay does; on the relay's own thread it would run after the Postgres work, here beside it.
 */
export function startRelayProducer(
  settings: WorkerSettings,
  logger: Logger,
): Promise<RelayProducer> {
  const worker = new Worker(workerUrl, { workerData: settings });
  const pending = new Map<number, PromiseWithResolvers<void>>();
  const ready = Promise.withResolvers<RelayProducer>();
  const closed = Promise.withResolvers<void>();
  let running = true;
  let nextId = 0;

  const stopAll = (error: Error) => {
    running = false;
    for (const p of pending.values()) p.reject(error);
    pending.clear();
    ready.reject(error);
    closed.resolve();
  };

  const producer: RelayProducer = {
    prepare: (batches) => {
      const id = nextId++;
      const post = (message: ToWorker) => running && worker.postMessage(message);
      post({ kind: 'prepare', id, batches });
      return {
        send: () => {
          if (!running) return Promise.reject(new BusError('BUS_RELAY_PRODUCER_STOPPED'));
          const sent = Promise.withResolvers<void>();
          pending.set(id, sent);
          post({ kind: 'send', id });
          return sent.promise;
        },
        drop: () => post({ kind: 'drop', id }),
      };
    },
    alive: () => running,
    close: async () => {
      if (running) worker.postMessage({ kind: 'close' } satisfies ToWorker);
      await closed.promise;
      await worker.terminate();
    },
  };

  worker.on('message', (message: FromWorker) => {
    if (message.kind === 'ready') ready.resolve(producer);
    else if (message.kind === 'log') relayLog(logger, message.line);
    else if (message.kind === 'closed') stopAll(new BusError('BUS_RELAY_PRODUCER_STOPPED'));
    else if (message.kind === 'start-failed') {
      stopAll(new BusError('BUS_RELAY_SEND_FAILED', { reason: message.reason }));
    } else settle(pending, message);
  });
  worker.on('error', (error) =>
    stopAll(new BusError('BUS_RELAY_PRODUCER_STOPPED', {}, { cause: error })),
  );
  worker.on('exit', () => stopAll(new BusError('BUS_RELAY_PRODUCER_STOPPED')));
  return ready.promise;
}

function settle(
  pending: Map<number, PromiseWithResolvers<void>>,
  message: Extract<FromWorker, { kind: 'sent' | 'failed' }>,
) {
  const waiting = pending.get(message.id);
  pending.delete(message.id);
  if (message.kind === 'sent') waiting?.resolve();
  else waiting?.reject(new BusError('BUS_RELAY_SEND_FAILED', { reason: message.reason }));
}

const levels: Record<number, 'debug' | 'info' | 'warn' | 'error'> = {
  20: 'debug',
  30: 'info',
  40: 'warn',
  50: 'error',
  60: 'error',
};

/** Writes a pino line of the producer thread with the relay's logger, at its level. */
function relayLog(logger: Logger, line: string) {
  const { level, msg, time: _time, pid: _pid, hostname: _host, ...fields } = JSON.parse(line);
  logger[levels[level as number] ?? 'info']({ ...fields, 'bus.thread': 'relay-producer' }, msg);
}
