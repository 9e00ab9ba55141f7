import { z } from 'zod';

/** Public request parameters of trading's routes that client apps share. */

export const TransactionStatusValue = z.enum([
  'quoted',
  'initiated',
  'authorized',
  'completed',
  'cancelled',
  'failed',
  'refunded',
]);

/** Longest a read of one transaction may wait for a status, below the gateway's timeout. */
export const maxTransactionWaitMs = 5_000;

/**
 * `GET /api/transactions/:id?waitFor=authorized,failed&timeoutMs=3000`: a bounded long poll.
 * The answer comes as soon as the status is one of `waitFor`, or with the state as it is once
 * `timeoutMs` has passed (still 200); without `waitFor` the read answers at once.
 */
export const TransactionWaitQuery = z.strictObject({
  waitFor: z
    .string()
    .max(100)
    .refine((text) => isStatusList(text), 'statuses separated by commas')
    .optional()
    .describe('answer once the status is one of these (comma-separated)'),
  timeoutMs: z.coerce
    .number()
    .int()
    .min(0)
    .max(maxTransactionWaitMs)
    .default(maxTransactionWaitMs)
    .describe('longest wait in ms when waitFor is given'),
});
export type TransactionWaitQuery = z.infer<typeof TransactionWaitQuery>;

export type TransactionStatusValue = z.infer<typeof TransactionStatusValue>;

function isStatusList(text: string): boolean {
  return text.split(',').every((name) => TransactionStatusValue.safeParse(name).success);
}

/** The statuses a valid `waitFor` names. */
export function waitedStatuses(waitFor: string): TransactionStatusValue[] {
  return waitFor.split(',').map((name) => TransactionStatusValue.parse(name));
}
