import type { Logger } from 'pino';
import type { PaymentIntent } from '../domain/payment-intent.ts';
import { applyOutcomes, systemCause } from './apply-outcomes.ts';
import type { GatewayRegistry } from './gateway-registry.ts';
import type { GatewayPayment } from './ports/payment-gateway.ts';
import type { PaymentsStore, PaymentsUnit, StaleIntent } from './ports/payments-store.ts';
import { reconcile } from './reconcile.ts';

/** What one look at a stale intent came to: the status it moved to, or why it did not move. */
export const SweepOutcomes = Object.freeze({
  authorized: 'authorized',
  captured: 'captured',
  failed: 'failed',
  cancelled: 'cancelled',
  unchanged: 'unchanged',
  gatewayError: 'gateway_error',
  /** The look failed here (the database, a bug): logged at error, rolled back, deferred. */
  error: 'error',
} as const);
export type SweepOutcome = (typeof SweepOutcomes)[keyof typeof SweepOutcomes];

/** Counts looks by outcome (a Prometheus counter in production). */
export interface SweepMetrics {
  swept(outcome: SweepOutcome): void;
}

export interface SweepDeps {
  store: PaymentsStore;
  registry: GatewayRegistry;
  log: Logger;
  metrics: SweepMetrics;
}

export interface SweepSettings {
  /** Age in processing after which the gateway is asked instead of waiting for its webhook. */
  afterMs: number;
  /** Intents looked at per pass at most. */
  batch: number;
  /** The first wait after a look that changed nothing; it doubles with every such look. */
  firstBackoffMs: number;
  maxBackoffMs: number;
}

export type SweepTally = Partial<Record<SweepOutcome, number>>;

/**
 * One pass over intents submitted to a gateway whose webhook never came, oldest first: each is
 * fetched from its gateway and moved to what the gateway's record says, in a transaction of
 * its own, with the events a webhook would have staged (so trading learns). An intent the
 * gateway has not decided yet, or whose gateway failed, is looked at again later, each time
 * twice as late; a gateway that failed is not asked again in this pass.
 * Known limit: an intent its gateway never decides stays processing and is asked about at the
 * longest backoff for good; giving up would need a deadline per gateway, after which the
 * payment is cancelled there and failed here, which trading learns from PaymentFailed.
 */
export async function sweepStaleIntents(
  deps: SweepDeps,
  settings: SweepSettings,
  stopped: () => boolean = () => false,
): Promise<SweepTally> {
  const tally: SweepTally = {};
  const failedGateways = new Set<string>();

  for (let n = 0; n < settings.batch && !stopped(); n += 1) {
    const result = await sweepOne(deps, settings, failedGateways);
    if (!result) break;

    tally[result.outcome] = (tally[result.outcome] ?? 0) + 1;
    deps.metrics.swept(result.outcome);
    if (result.outcome === SweepOutcomes.gatewayError) failedGateways.add(result.gateway);
  }
  return tally;
}

interface Looked {
  outcome: SweepOutcome;
  gateway: string;
}

async function sweepOne(
  deps: SweepDeps,
  settings: SweepSettings,
  failedGateways: ReadonlySet<string>,
): Promise<Looked | undefined> {
  let claimed: StaleIntent | undefined;
  try {
    return await deps.store.unit(async (unit) => {
      claimed = await unit.claimStaleIntent(settings.afterMs, [...failedGateways]);
      return claimed && (await look(deps, settings, unit, claimed));
    });
  } catch (err) {
    // The look's writes rolled back. Deferring the intent keeps it from stopping every pass
    // at the head of the queue; if even that fails the error ends the pass.
    if (!claimed) throw err;
    const { intent } = claimed.record;
    deps.log.error({ err, paymentIntentId: intent.id }, 'stale intent not reconciled');
    const failed = claimed;
    await deps.store.unit((unit) => defer(unit, settings, failed));
    return { outcome: SweepOutcomes.error, gateway: intent.gateway };
  }
}

async function look(
  deps: SweepDeps,
  settings: SweepSettings,
  unit: PaymentsUnit,
  stale: StaleIntent,
): Promise<Looked> {
  const { intent } = stale.record;
  const gateway = intent.gateway;
  const state = await fetchState(deps, intent);
  if (state instanceof Error) {
    const checks = await defer(unit, settings, stale);
    deps.log.warn(
      { err: state, paymentIntentId: intent.id, gateway, checks },
      'sweep fetch failed',
    );
    return { outcome: SweepOutcomes.gatewayError, gateway };
  }

  const outcomes = reconcile(intent, state, []);
  if (outcomes.length === 0) {
    await defer(unit, settings, stale);
    return { outcome: SweepOutcomes.unchanged, gateway };
  }

  const moved = await applyOutcomes(unit, intent, outcomes, systemCause);
  deps.log.info(
    { paymentIntentId: intent.id, gateway, status: moved.status },
    'stale intent reconciled',
  );
  return { outcome: outcomeOf(moved), gateway };
}

async function fetchState(deps: SweepDeps, intent: PaymentIntent): Promise<GatewayPayment | Error> {
  try {
    return await deps.registry.get(intent.gateway).fetchPayment(intent.gatewayPaymentId ?? '');
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

/** Puts the next look further off: the first wait, doubled per look so far, up to the most. */
async function defer(unit: PaymentsUnit, settings: SweepSettings, stale: StaleIntent) {
  const checks = stale.checks + 1;
  const doubled = settings.firstBackoffMs * 2 ** Math.min(checks - 1, 30);
  await unit.deferSweep(stale.record.intent.id, checks, Math.min(doubled, settings.maxBackoffMs));
  return checks;
}

function outcomeOf(intent: PaymentIntent): SweepOutcome {
  const moved: readonly string[] = [
    SweepOutcomes.authorized,
    SweepOutcomes.captured,
    SweepOutcomes.failed,
    SweepOutcomes.cancelled,
  ];
  return moved.includes(intent.status) ? (intent.status as SweepOutcome) : SweepOutcomes.unchanged;
}
