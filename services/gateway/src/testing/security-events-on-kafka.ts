import type { KafkaClient } from '@hcts/bus';
import { parseMessage, readTopic } from '@hcts/bus';
import type { SecurityEventData } from '@hcts/contracts';
import { eventsByType, IdentitySecurityEventRecorded, Topics } from '@hcts/contracts';

export interface SecurityEventOnKafka {
  type: string;
  key: string;
  partition: number;
  offset: bigint;
  raw: string;
  data: SecurityEventData;
}

/**
 * Waits until the identity topic holds a security event for each of the ids, reading the whole
 * topic with the bus's reader (it is small in tests) and validating each against the contract.
 */
export async function securityEventsOnKafka(
  kafka: KafkaClient,
  ids: readonly string[],
): Promise<SecurityEventOnKafka[]> {
  const until = Date.now() + 30_000;
  for (;;) {
    const found = (await readAll(kafka)).filter((e) => ids.includes(e.data.securityEventId));
    if (found.length >= ids.length) return found;
    if (Date.now() > until) throw new Error(`security events not on Kafka: ${ids.join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function readAll(kafka: KafkaClient): Promise<SecurityEventOnKafka[]> {
  const ends = await kafka.partitionEnds(Topics.identity);
  const total = ends.reduce((sum, end) => sum + Number(BigInt(end.high) - BigInt(end.low)), 0);
  const records = await readTopic(kafka, Topics.identity, total);

  return records.flatMap((record) => {
    const parsed = parseMessage(record.headers, record.value, eventsByType);
    if (parsed.kind !== 'ok' || parsed.envelope.type !== IdentitySecurityEventRecorded.type) {
      return [];
    }
    const event: SecurityEventOnKafka = {
      type: parsed.envelope.type,
      key: record.key?.toString() ?? '',
      partition: record.partition,
      offset: BigInt(record.offset),
      raw: record.value?.toString() ?? '',
      data: parsed.envelope.data as SecurityEventData,
    };
    return [event];
  });
}
