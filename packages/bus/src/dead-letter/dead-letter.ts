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
  const message = errorMessage(letter.error);
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
    values (${letter.group}, ${letter.eventId ?? null}, ${letter.eventType ?? null},
      ${record.topic}, ${record.partition}, ${record.offset}, ${record.key?.toString() ?? null},
      ${code}, ${message}, ${letter.attempts})
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

// Bounded: the message lands in a header and a row, and must not carry a whole payload.
function errorMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.slice(0, 1_000);
}
