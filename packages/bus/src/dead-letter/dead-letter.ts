import { deadLetterTopic } from '@hcts/contracts';
import { sql } from 'kysely';
import type { AnyDatabase } from '../db.ts';
import { headerText } from '../envelope.ts';
import { codeOf } from '../errors.ts';
import type { BusProducer, Headers, IncomingRecord } from '../kafka/types.ts';

/** Headers a dead letter carries besides the original ones. */
export const deadLetterHeaders = Object.freeze({
  group: 'hcts-dlq-group',
  topic: 'hcts-dlq-topic',
  partition: 'hcts-dlq-partition',
  offset: 'hcts-dlq-offset',
  key: 'hcts-dlq-key',
  errorCode: 'hcts-dlq-error-code',
  errorMessage: 'hcts-dlq-error-message',
  attempts: 'hcts-dlq-attempts',
  at: 'hcts-dlq-at',
} as const);

/** Set on a replayed message: only this consumer group handles it, the others skip it. */
export const replayGroupHeader = 'hcts-replay-group';

export interface DeadLetter {
  group: string;
  record: IncomingRecord;
  error: unknown;
  attempts: number;
  eventId: string | undefined;
  eventType: string | undefined;
}

/**
 * Sends the failed message to the group's dead-letter topic, unchanged, with its error and
 * original coordinates as headers, and keeps a row of it in the service's database.
 */
export async function sendDeadLetter(
  producer: BusProducer,
  db: AnyDatabase,
  letter: DeadLetter,
): Promise<void> {
  const { record } = letter;
  const code = codeOf(letter.error);
  const storedId = storableEventId(letter.eventId);
  const message = errorMessage(letter.error, storedId === null ? letter.eventId : undefined);
  const headers: Record<string, string | Buffer> = {
    ...originalHeaders(record.headers),
    [deadLetterHeaders.group]: letter.group,
    [deadLetterHeaders.topic]: record.topic,
    [deadLetterHeaders.partition]: String(record.partition),
    [deadLetterHeaders.offset]: record.offset,
    [deadLetterHeaders.errorCode]: code,
    [deadLetterHeaders.errorMessage]: message,
    [deadLetterHeaders.attempts]: String(letter.attempts),
    [deadLetterHeaders.at]: new Date().toISOString(),
  };
  if (record.key) headers[deadLetterHeaders.key] = record.key;

  await producer.send([
    {
      topic: deadLetterTopic(letter.group),
      key: record.key?.toString() ?? '',
      value: record.value ?? '',
      headers,
    },
  ]);
  await sql`
    insert into bus_dead_letter (consumer_group, event_id, event_type, topic, kafka_partition,
      kafka_offset, message_key, error_code, error_message, attempts)
    values (${letter.group}, ${storedId}, ${textCell(letter.eventType)},
      ${record.topic}, ${record.partition}, ${record.offset}, ${textCell(record.key?.toString())},
      ${textCell(code)}, ${textCell(message)}, ${letter.attempts})
  `.execute(db);
}

/** Headers of the message as it first came, without the marks of an earlier dead letter. */
export function originalHeaders(headers: Headers): Record<string, string | Buffer> {
  const out: Record<string, string | Buffer> = {};
  const ours = new Set<string>([...Object.values(deadLetterHeaders), replayGroupHeader]);
  for (const [name, value] of Object.entries(headers)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined && !ours.has(name)) out[name] = first;
  }
  return out;
}

export function deadLetterField(headers: Headers, name: keyof typeof deadLetterHeaders) {
  return headerText(headers[deadLetterHeaders[name]]);
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The id as the `event_id uuid` column can hold it. A record whose ce_id is not a UUID is
 * exactly the kind of poison that gets here; writing its raw id would throw, the consumer would
 * take that for a database outage and refetch the same offset for ever.
 */
function storableEventId(id: string | undefined): string | null {
  return id !== undefined && uuidPattern.test(id) ? id : null;
}

/** Postgres text cannot hold NUL; a producer's key or type may, and must not stop the insert. */
function textCell(value: string | undefined): string | null {
  return value === undefined ? null : value.replaceAll('\u0000', '\ufffd');
}

// Bounded: the message lands in a header and a row, and must not carry a whole payload. An id
// the row cannot hold is kept in the message (JSON-quoted, so control characters stay visible).
function errorMessage(error: unknown, unstoredId: string | undefined): string {
  const text = error instanceof Error ? error.message : String(error);
  const withId =
    unstoredId === undefined ? text : `ce_id ${JSON.stringify(unstoredId.slice(0, 200))}: ${text}`;
  return withId.slice(0, 1_000);
}
