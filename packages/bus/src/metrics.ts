import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Metric names of the bus, in one place. */
export const busMetricNames = Object.freeze({
  consumerLag: 'hcts_bus_consumer_lag',
  consumerMessages: 'hcts_bus_consumer_messages_total',
  consumerRetries: 'hcts_bus_consumer_retries_total',
  handlerSeconds: 'hcts_bus_handler_duration_seconds',
  relayLag: 'hcts_bus_relay_lag_seconds',
  relayDelay: 'hcts_bus_relay_delay_seconds',
  relayPublished: 'hcts_bus_relay_published_total',
} as const);

/** What happened to a consumed message. */
export const ConsumeOutcomes = Object.freeze({
  handled: 'handled',
  duplicate: 'duplicate',
  unknownType: 'unknown_type',
  noHandler: 'no_handler',
  deadLettered: 'dead_lettered',
  notForGroup: 'not_for_group',
} as const);
export type ConsumeOutcome = (typeof ConsumeOutcomes)[keyof typeof ConsumeOutcomes];

export interface BusMetrics {
  registry: Registry;
  consumerLag: Gauge<'group' | 'topic' | 'partition'>;
  consumerMessages: Counter<'group' | 'outcome'>;
  consumerRetries: Counter<'group'>;
  handlerSeconds: Histogram<'group' | 'type'>;
  relayLag: Gauge<never>;
  relayDelay: Histogram<never>;
  relayPublished: Counter<never>;
}

const cache = new WeakMap<Registry, BusMetrics>();

/**
 * The bus's metrics in the given registry (a new one if none). Asking twice for the same
 * registry returns the same metrics, since prom-client refuses a name registered twice.
 */
export function busMetrics(registry: Registry = new Registry()): BusMetrics {
  const known = cache.get(registry);
  if (known) return known;

  const registers = [registry];
  const metrics: BusMetrics = {
    registry,
    consumerLag: new Gauge({
      name: busMetricNames.consumerLag,
      help: 'Messages behind the end of the partition, after the last handled one',
      labelNames: ['group', 'topic', 'partition'],
      registers,
    }),
    consumerMessages: new Counter({
      name: busMetricNames.consumerMessages,
      help: 'Consumed messages by outcome',
      labelNames: ['group', 'outcome'],
      registers,
    }),
    consumerRetries: new Counter({
      name: busMetricNames.consumerRetries,
      help: 'Handler attempts that failed and were retried',
      labelNames: ['group'],
      registers,
    }),
    handlerSeconds: new Histogram({
      name: busMetricNames.handlerSeconds,
      help: 'Time to handle one message, inbox transaction included',
      labelNames: ['group', 'type'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    relayLag: new Gauge({
      name: busMetricNames.relayLag,
      help: 'Age of the oldest event in the last relayed batch (0 when the outbox is empty)',
      registers,
    }),
    relayDelay: new Histogram({
      name: busMetricNames.relayDelay,
      help: 'Time from an outbox insert to its acknowledged publication, per batch (oldest)',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
    relayPublished: new Counter({
      name: busMetricNames.relayPublished,
      help: 'Events published by the outbox relay',
      registers,
    }),
  };
  cache.set(registry, metrics);
  return metrics;
}
