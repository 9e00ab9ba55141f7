/** Messages between the relay and its producer thread (relay-producer-worker.ts). */

export interface WorkerSettings {
  brokers: readonly string[];
  clientId: string;
  /** The bus's topic prefix (see kafka/namespace.ts); the outbox holds names without it. */
  topicPrefix?: string;
}

/** One topic's records as the JSON text of an array of `{ key, value, headers }`. */
export interface JsonTopicBatch {
  topic: string;
  messages: string;
}

export type ToWorker =
  | { kind: 'prepare'; id: number; batches: readonly JsonTopicBatch[] }
  | { kind: 'send'; id: number }
  | { kind: 'drop'; id: number }
  | { kind: 'close' };

export type FromWorker =
  | { kind: 'ready' }
  | { kind: 'start-failed'; reason: string }
  | { kind: 'sent'; id: number }
  | { kind: 'failed'; id: number; reason: string }
  | { kind: 'log'; line: string }
  | { kind: 'closed' };
