import type { Envelope, EventDefinition } from '@hcts/contracts';
import { context as otelContext, propagation, ROOT_CONTEXT } from '@opentelemetry/api';
import type { Logger } from 'pino';
import type { AnyDatabase } from '../db.ts';
import { replayGroupHeader, sendDeadLetter } from '../dead-letter/dead-letter.ts';
import { headerText, parseMessage } from '../envelope.ts';
import { codeOf, isRetryable } from '../errors.ts';
import type { BusProducer, IncomingRecord } from '../kafka/types.ts';
import { type BusMetrics, type ConsumeOutcome, ConsumeOutcomes } from '../metrics.ts';
import { runInInbox } from './run-in-inbox.ts';
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

/**
 * Takes one record to an outcome: skipped (not ours, unknown type, no handler), handled once,
 * recognised as a duplicate, or dead-lettered. It throws only when the dead-letter topic or
 * the database cannot be reached; the batch then stops before this record's offset.
 */
export async function handleRecord(h: RecordHandling, record: IncomingRecord): Promise<void> {
  const replayFor = headerText(record.headers[replayGroupHeader]);
  if (replayFor !== undefined && replayFor !== h.group) return count(h, 'notForGroup');

  const parsed = parseMessage(record.headers, record.value, h.events);
  if (parsed.kind === 'unknown-type') return count(h, 'unknownType');
  if (parsed.kind === 'invalid') {
    const type = headerText(record.headers.ce_type);
    return deadLetter(h, record, parsed.error, 1, headerText(record.headers.ce_id), type);
  }

  const { envelope } = parsed;
  const handler = h.handlers[envelope.type];
  if (!handler) return count(h, 'noHandler');

  const log = messageLogger(h.logger, envelope);
  const parent = propagation.extract(ROOT_CONTEXT, traceCarrier(envelope));
  await otelContext.with(parent, () => attempts(h, record, envelope, handler, log));
}

async function attempts(
  h: RecordHandling,
  record: IncomingRecord,
  envelope: Envelope,
  handler: EventHandler,
  log: Logger,
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const started = performance.now();
    try {
      const run = { db: h.db, group: h.group, inbox: h.inbox, timeoutMs: h.timeoutMs };
      const outcome = await runInInbox(run, envelope, handler, { log, attempt });
      h.metrics.handlerSeconds.observe(
        { group: h.group, type: envelope.type },
        (performance.now() - started) / 1000,
      );
      if (outcome === 'handled') await h.afterCommit?.(envelope);
      return count(h, outcome);
    } catch (error) {
      if (!isRetryable(error) || attempt >= h.maxAttempts) {
        return deadLetter(h, record, error, attempt, envelope.id, envelope.type);
      }
      h.metrics.consumerRetries.inc({ group: h.group });
      log.warn({ err: error, 'bus.attempt': attempt }, 'handler failed, retrying');
      await h.pause(attempt);
    }
  }
}

async function deadLetter(
  h: RecordHandling,
  record: IncomingRecord,
  error: unknown,
  attempts: number,
  eventId: string | undefined,
  eventType: string | undefined,
): Promise<void> {
  const letter = { group: h.group, record, error, attempts, eventId, eventType };
  await sendDeadLetter(h.producer, h.db, letter);
  h.logger.warn(
    {
      'bus.event.id': eventId,
      'bus.event.type': eventType,
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

function count(h: RecordHandling, outcome: keyof typeof ConsumeOutcomes): void {
  const label: ConsumeOutcome = ConsumeOutcomes[outcome];
  h.metrics.consumerMessages.inc({ group: h.group, outcome: label });
}

function traceCarrier(envelope: Envelope): Record<string, string> {
  const carrier: Record<string, string> = {};
  if (envelope.traceparent) carrier.traceparent = envelope.traceparent;
  if (envelope.tracestate) carrier.tracestate = envelope.tracestate;
  return carrier;
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
