import type { TransactionChanges } from './ports.ts';

/**
 * Waiting reads held at once per organization. A waiting read holds a connection from the
 * gateway for up to five seconds, so one member opening many could starve everyone's reads;
 * past its share, an organization's reads answer at once (still 200, as an unchanged wait).
 */
export function budgetedChanges(changes: TransactionChanges, perOrganization: number) {
  const held = new Map<string, number>();

  return {
    forOrganization(organizationId: string): TransactionChanges {
      return {
        watch: (transactionId, timeoutMs) => {
          const count = held.get(organizationId) ?? 0;
          if (count >= perOrganization) return undefined;
          const watch = changes.watch(transactionId, timeoutMs);
          if (!watch) return undefined;

          held.set(organizationId, count + 1);
          let released = false;
          const release = () => {
            if (released) return;
            released = true;
            const left = (held.get(organizationId) ?? 1) - 1;
            if (left === 0) held.delete(organizationId);
            else held.set(organizationId, left);
          };
          return {
            changedAfter: (version) => watch.changedAfter(version).finally(release),
            stop: () => {
              watch.stop();
              release();
            },
          };
        },
      };
    },
  };
}
export type BudgetedChanges = ReturnType<typeof budgetedChanges>;
