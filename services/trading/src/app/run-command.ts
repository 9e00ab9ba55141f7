import { isWrongExpectedVersion, WrongExpectedVersionError } from '@hcts/event-store';
import type { TradingCommand } from '../domain/commands.ts';
import { decide } from '../domain/decide.ts';
import { fold, type Transaction } from '../domain/state.ts';
import type { TransactionRepository, TransactionSummary, TransactionUnit } from './ports.ts';
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
}

const attempts = 3;

/**
 * Load, fold, decide, append at the loaded version, update the list row: one database
 * transaction. A conflict without a caller-given version means another command won the race:
 * decide again on the new state (which may now refuse); with one, the conflict is the answer.
 */
export async function runCommand(
  repo: TransactionRepository,
  input: RunCommandInput,
): Promise<CommandOutcome> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await repo.inUnit((unit) => runInUnit(unit, input));
    } catch (error) {
      const retry =
        isWrongExpectedVersion(error) && input.expectedVersion === undefined && attempt < attempts;
      if (!retry) throw error;
    }
  }
}

/** The same steps inside a unit someone else owns (the process manager's inbox transaction). */
export async function runInUnit(
  unit: TransactionUnit,
  input: RunCommandInput,
): Promise<CommandOutcome> {
  const stream = streamOf(input.transactionId);
  const stored = await unit.events.readStream(stream);
  const version = stored.length;
  const state = fold(stored.map(toDomain));
  if (input.expectedVersion !== undefined && input.expectedVersion !== version) {
    throw new WrongExpectedVersionError(stream, String(input.expectedVersion));
  }

  const events = decide(state, input.command);
  if (events.length === 0) return { state, version, appended: 0 };

  const next = fold([...stored.map(toDomain), ...events]);
  const result = await unit.events.append(
    stream,
    events.map((e) => toStored(e, input.context)),
    version === 0 ? 'no-stream' : version,
  );
  const summary = summaryOf(next, result.nextExpectedVersion, input.command.now);
  if (summary) await unit.saveSummary(summary);
  return { state: next, version: result.nextExpectedVersion, appended: events.length };
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
