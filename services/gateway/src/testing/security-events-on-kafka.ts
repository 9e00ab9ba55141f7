import type { IncomingRecord, TopicWatch } from '@hcts/bus';
import { parseMessage } from '@hcts/bus';
import type { SecurityEventData } from '@hcts/contracts';
import { eventsByType, IdentitySecurityEventRecorded } from '@hcts/contracts';

export interface SecurityEventOnKafka {
  type: string;
  key: string;
  partition: number;
  offset: bigint;
  raw: string;
  data: SecurityEventData;
}

/**
 * Waits until a watch of the identity topic has seen a security event for each of the ids,
 * each validated against the contract.
 */
export async function securityEventsOnKafka(
  watch: TopicWatch,
  ids: readonly string[],
): Promise<SecurityEventOnKafka[]> {
  const until = Date.now() + 30_000;
  for (;;) {
    const found = watch.records.flatMap(securityEventOf);
    const wanted = found.filter((e) => ids.includes(e.data.securityEventId));
    if (wanted.length >= ids.length) return wanted;
    if (Date.now() > until) throw new Error(`security events not on Kafka: ${ids.join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function securityEventOf(record: IncomingRecord): SecurityEventOnKafka[] {
  const parsed = parseMessage(record.headers, record.value, eventsByType);
  if (parsed.kind !== 'ok' || parsed.envelope.type !== IdentitySecurityEventRecorded.type) {
    return [];
  }
  return [
    {
      type: parsed.envelope.type,
      key: record.key?.toString() ?? '',
      partition: record.partition,
      offset: BigInt(record.offset),
      raw: record.value?.toString() ?? '',
      data: parsed.envelope.data as SecurityEventData,
    },
  ];
}
