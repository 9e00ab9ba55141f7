import { isWrongExpectedVersion, type RecordedEvent } from '@hcts/event-store';
import type { TradingCommand } from '../domain/commands.ts';
import { decide } from '../domain/decide.ts';
import { TradingError } from '../domain/errors.ts';
import { fold, type Transaction } from '../domain/state.ts';
import type {
  KeptResponse,
  TransactionRepository,
  TransactionSummary,
  TransactionUnit,
} from './ports.ts';
import { type EventContext, streamOf, toDomain, toStored } from './stream-events.ts';

export interface CommandOutcome {
  state: Transaction;
  version: number;
  /** How many events this command appended; 0 for a repeat. */
  appended: number;
}

export interface RunCommandInput {
  transactionId: string;
  command: TradingCommand;
  context: EventContext;
  /** The version the caller saw; when given, any other version is a conflict at once. */
  expectedVersion?: number;
  /**
   * The stream as the caller has just read it (empty for a transaction it just named): the
   * first attempt decides on it instead of reading again; a retry reads.
   */
  loaded?: readonly RecordedEvent[];
  /** The response to keep with the effect (the call's Idempotency-Key), from the outcome. */
  keep?: (outcome: CommandOutcome) => KeptResponse;
}

const attempts = 3;

/**
 * Load, fold, decide, then save the events at the loaded version with the list row and the
 * kept response: one statement, atomic without a database transaction around it. A conflict
 * without a caller-given version means another command won the race: decide again on the new
 * state (which may now refuse); with one, the conflict is the answer.
 */
export async function runCommand(
  repo: TransactionRepository,
  input: RunCommandInput,
): Promise<CommandOutcome> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await runInUnit(repo.unit, attempt === 1 ? input : { ...input, loaded: undefined });
    } catch (error) {
      if (!isWrongExpectedVersion(error)) throw error;
      // The caller named a version and another command got there first: that is the answer.
      if (input.expectedVersion !== undefined || attempt >= attempts) {
        throw versionConflict(input.transactionId, input.expectedVersion ?? 'loaded');
      }
    }
  }
}

/** The same steps in a unit someone else may own (the process manager's inbox transaction). */
export async function runInUnit(
  unit: TransactionUnit,
  input: RunCommandInput,
): Promise<CommandOutcome> {
  const stream = streamOf(input.transactionId);
  const stored = input.loaded ?? (await unit.events.readStream(stream));
  const version = stored.length;
  const state = fold(stored.map(toDomain));
  if (input.expectedVersion !== undefined && input.expectedVersion !== version) {
    throw versionConflict(input.transactionId, input.expectedVersion);
  }

  const events = decide(state, input.command);
  if (events.length === 0) return { state, version, appended: 0 };

  const next = fold([...stored.map(toDomain), ...events]);
  const outcome = { state: next, version: version + events.length, appended: events.length };
  await unit.save({
    streamId: stream,
    events: events.map((e) => toStored(e, input.context)),
    expected: version === 0 ? 'no-stream' : version,
    summary: summaryOf(next, outcome.version, input.command.now),
    response: input.keep?.(outcome),
  });
  return outcome;
}

export function summaryOf(
  state: Transaction,
  version: number,
  updatedAt: string,
): TransactionSummary | null {
  if (state.status === 'none') return null;
  return {
    transactionId: state.transactionId,
    status: state.status,
    version,
    buyerOrganizationId: state.buyerOrganizationId,
    providerOrganizationId: state.providerOrganizationId,
    intermediaryOrganizationId: state.intermediaryOrganizationId,
    currency: state.quote.currency,
    totalMinor: state.quote.totalMinor,
    refundedMinor: state.status === 'refunded' ? state.refundedMinor : 0,
    updatedAt,
  };
}

function versionConflict(transactionId: string, expectedVersion: number | string) {
  return new TradingError('versionConflict', { transactionId, expectedVersion });
}
