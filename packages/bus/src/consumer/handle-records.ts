import type { Envelope, EventDefinition } from '@hcts/contracts';
import type { Logger } from 'pino';
import type { AnyDatabase } from '../db.ts';
import { replayGroupHeader, sendDeadLetter } from '../dead-letter/dead-letter.ts';
import { headerText, parseMessage } from '../envelope.ts';
import { codeOf, isRetryable } from '../errors.ts';
import type { BusProducer, IncomingRecord } from '../kafka/types.ts';
import { type BusMetrics, ConsumeOutcomes } from '../metrics.ts';
import { type InboxOutcome, runInInbox, TransactionFailed, type Work } from './run-in-inbox.ts';
import type { EventHandler } from './types.ts';

export interface RecordHandling {
  group: string;
  db: AnyDatabase;
  handlers: Readonly<Record<string, EventHandler>>;
  events: ReadonlyMap<string, EventDefinition>;
  maxAttempts: number;
  inbox: boolean;
  timeoutMs: number;
  producer: BusProducer;
  metrics: BusMetrics;
  logger: Logger;
  /** Waits before the next attempt while keeping the group membership alive. */
  pause: (attempt: number) => Promise<void>;
  afterCommit?: (envelope: Envelope) => Promise<void> | void;
}

interface RecordWork extends Work {
  record: IncomingRecord;
}

/**
 * Takes consecutive records of one partition to their outcomes: skipped (not ours, unknown
 * type, no handler), dead-lettered (invalid, or failing for good), or handled once in one
 * inbox transaction for all of them. When that transaction fails, the records go one by one
 * with retries, so one poison message costs its neighbours a second run, not their effect.
 * A failure outside any handler (the inbox insert, the commit: the database itself) is thrown,
 * not dead-lettered: the batch stops before these offsets and is fetched again.
 */
export async function handleRecords(h: RecordHandling, records: readonly IncomingRecord[]) {
  const works: RecordWork[] = [];
  for (const record of records) {
    const work = await triage(h, record);
    if (work) works.push(work);
  }
  if (works.length === 0) return;

  let outcomes: InboxOutcome[];
  try {
    outcomes = await runInInbox(inboxRun(h), works, 1);
  } catch (error) {
    if (!(error instanceof TransactionFailed) || error.index < 0) throw error;
    return oneByOne(h, works, error);
  }
  await settle(h, works, outcomes);
}

/** Settles what needs no handler; returns the work for the handler otherwise. */
async function triage(h: RecordHandling, record: IncomingRecord): Promise<RecordWork | undefined> {
  const replayFor = headerText(record.headers[replayGroupHeader]);
  if (replayFor !== undefined && replayFor !== h.group) return count(h, 'notForGroup');

  const parsed = parseMessage(record.headers, record.value, h.events);
  if (parsed.kind === 'unknown-type') return count(h, 'unknownType');
  if (parsed.kind === 'invalid') {
    const ids = { id: headerText(record.headers.ce_id), type: headerText(record.headers.ce_type) };
    await deadLetter(h, record, parsed.error, 1, ids);
    return undefined;
  }

  const { envelope } = parsed;
  const handler = h.handlers[envelope.type];
  if (!handler) return count(h, 'noHandler');
  return { record, envelope, handler, log: messageLogger(h.logger, envelope) };
}

async function oneByOne(h: RecordHandling, works: RecordWork[], failure: TransactionFailed) {
  for (const [index, work] of works.entries()) {
    if (index !== failure.index) {
      await attempts(h, work, 1);
      continue;
    }
    // The culprit's run in the shared transaction was its first attempt.
    const error = failure.cause;
    if (!isRetryable(error) || h.maxAttempts <= 1) {
      await deadLetter(h, work.record, error, 1, work.envelope);
      continue;
    }
    retrying(h, work, error, 1);
    await h.pause(1);
    await attempts(h, work, 2);
  }
}

/** Runs one message alone from the given attempt until it is handled or dead-lettered. */
async function attempts(h: RecordHandling, work: RecordWork, first: number): Promise<void> {
  for (let attempt = first; ; attempt++) {
    try {
      return await settle(h, [work], await runInInbox(inboxRun(h), [work], attempt));
    } catch (failure) {
      if (!(failure instanceof TransactionFailed) || failure.index < 0) throw failure;
      const error = failure.cause;
      if (!isRetryable(error) || attempt >= h.maxAttempts) {
        return deadLetter(h, work.record, error, attempt, work.envelope);
      }
      retrying(h, work, error, attempt);
      await h.pause(attempt);
    }
  }
}

function retrying(h: RecordHandling, work: RecordWork, error: unknown, attempt: number) {
  h.metrics.consumerRetries.inc({ group: h.group });
  work.log.warn({ err: error, 'bus.attempt': attempt }, 'handler failed, retrying');
}

/** Counts the outcomes, then runs the afterCommit hook for each message handled. */
async function settle(h: RecordHandling, works: readonly RecordWork[], outcomes: InboxOutcome[]) {
  for (const outcome of outcomes) count(h, outcome);
  if (!h.afterCommit) return;
  for (const [i, work] of works.entries()) {
    if (outcomes[i] === 'handled') await h.afterCommit(work.envelope);
  }
}

async function deadLetter(
  h: RecordHandling,
  record: IncomingRecord,
  error: unknown,
  attempts: number,
  event: { id: string | undefined; type: string | undefined },
): Promise<void> {
  const letter = {
    group: h.group,
    record,
    error,
    attempts,
    eventId: event.id,
    eventType: event.type,
  };
  await sendDeadLetter(h.producer, h.db, letter);
  h.logger.warn(
    {
      'bus.event.id': event.id,
      'bus.event.type': event.type,
      'bus.error.code': codeOf(error),
      'bus.attempts': attempts,
      'kafka.topic': record.topic,
      'kafka.partition': record.partition,
      'kafka.offset': record.offset,
    },
    'message dead-lettered',
  );
  count(h, 'deadLettered');
}

function count(h: RecordHandling, outcome: keyof typeof ConsumeOutcomes): undefined {
  h.metrics.consumerMessages.inc({ group: h.group, outcome: ConsumeOutcomes[outcome] });
  return undefined;
}

function inboxRun(h: RecordHandling) {
  return { db: h.db, group: h.group, inbox: h.inbox, timeoutMs: h.timeoutMs, metrics: h.metrics };
}

/** A child logger with the ids of the message, restored from its headers. */
function messageLogger(logger: Logger, envelope: Envelope): Logger {
  return logger.child({
    'bus.event.id': envelope.id,
    'bus.event.type': envelope.type,
    correlationId: envelope.correlationid,
    causationId: envelope.causationid,
    traceId: envelope.traceparent?.split('-')[1],
  });
}
