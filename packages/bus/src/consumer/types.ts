import type { Envelope, EventDefinition } from '@hcts/contracts';
import type { Logger } from 'pino';
import type { AnyDatabase, AnyTransaction } from '../db.ts';

/** What a handler gets besides the envelope. */
export interface HandlerContext {
  /** The inbox transaction: the handler's writes commit with the record of this event. */
  trx: AnyTransaction;
  /** A child logger carrying event id, type, correlation, causation and trace ids. */
  log: Logger;
  /** Aborted when the handler's time is up; the transaction is rolled back then. */
  signal: AbortSignal;
  /** 1 on first delivery, then 2, 3, ... on retries. */
  attempt: number;
}

export type EventHandler = (envelope: Envelope, context: HandlerContext) => Promise<void>;

export interface ConsumerOptions {
  group: string;
  topics: readonly string[];
  db: AnyDatabase;
  handlers: Readonly<Record<string, EventHandler>>;
  /** Known event types (default: every contract event). Others are skipped and counted. */
  events?: ReadonlyMap<string, EventDefinition>;
  /** Attempts before a retryable failure is dead-lettered (default 5). */
  maxAttempts?: number;
  /** Backoff before retry n: min(maxMs, initialMs * 2^(n-1)), with jitter (default 100/5000). */
  backoff?: { initialMs: number; maxMs: number };
  /** Longest a handler may run (default 10 s); must stay under the session timeout. */
  handlerTimeoutMs?: number;
  sessionTimeoutMs?: number;
  heartbeatIntervalMs?: number;
  /** Where a new group starts: the earliest message (default) or only new ones. */
  fromBeginning?: boolean;
  partitionsConcurrently?: number;
  /**
   * Consecutive messages of a partition handled in one transaction (default 100; 1 gives a
   * transaction per message). Handlers then share the transaction; if one fails, all of them
   * roll back and the messages run again one by one.
   */
  messagesPerTransaction?: number;
  /** How often the lag is measured from committed offsets and partition ends (default 15 s). */
  lagProbeMs?: number;
  /**
   * False turns deduplication off: a redelivery runs the handler again. Only for measuring
   * what the inbox costs; services keep it on.
   */
  inbox?: boolean;
  /** Fault injection for tests: runs after the transaction committed, before the offset. */
  afterCommit?: (envelope: Envelope) => Promise<void> | void;
}

export interface RunningConsumer {
  stop(): Promise<void>;
}
