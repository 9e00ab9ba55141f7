import { Counter, type Registry } from 'prom-client';
import {
  type SweepMetrics,
  type SweepOutcome,
  SweepOutcomes,
} from '../../app/sweep-stale-intents.ts';

/** Metric names of payments, in one place. */
export const paymentsMetricNames = Object.freeze({
  sweptIntents: 'hcts_payments_swept_intents_total',
} as const);

/** The sweep's counter in the service's registry, every outcome present from the start. */
export function prometheusSweepMetrics(registry: Registry): SweepMetrics {
  const counter = new Counter({
    name: paymentsMetricNames.sweptIntents,
    help: 'Stale processing intents looked at by the sweep, by what the look came to',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  for (const outcome of Object.values(SweepOutcomes)) counter.inc({ outcome }, 0);

  return { swept: (outcome: SweepOutcome) => counter.inc({ outcome }) };
}
