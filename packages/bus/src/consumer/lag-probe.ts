import type { Logger } from 'pino';
import type { KafkaClient } from '../kafka/types.ts';
import type { BusMetrics } from '../metrics.ts';

/**
 * Sets the consumer lag from the group's committed offsets and the partitions' ends, on a
 * timer. Handling updates the gauge as it goes; this keeps it true when a consumer is stuck
 * or stopped fetching, which is when lag matters most.
 */
export function startLagProbe(
  kafka: KafkaClient,
  metrics: BusMetrics,
  log: Logger,
  watch: { group: string; topics: readonly string[]; intervalMs: number },
): { stop(): void } {
  let busy = false;
  const probe = async () => {
    if (busy) return;
    busy = true;
    try {
      for (const topic of watch.topics) await measure(kafka, metrics, watch.group, topic);
    } catch (error) {
      log.debug({ err: error }, 'lag probe failed');
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(probe, watch.intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

async function measure(kafka: KafkaClient, metrics: BusMetrics, group: string, topic: string) {
  const [ends, committed] = await Promise.all([
    kafka.partitionEnds(topic),
    kafka.committedOffsets(group, topic),
  ]);
  const at = new Map(committed.map((c) => [c.partition, BigInt(c.offset)]));
  for (const end of ends) {
    const offset = at.get(end.partition) ?? -1n;
    const from = offset < BigInt(end.low) ? BigInt(end.low) : offset;
    const lag = Number(BigInt(end.high) - from);
    metrics.consumerLag.set({ group, topic, partition: String(end.partition) }, lag);
  }
}
