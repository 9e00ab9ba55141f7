import { describe, expect, it } from 'vitest';
import type { TransactionChanges } from './ports.ts';
import { budgetedChanges } from './wait-budget.ts';

/** Watches that end when the test says so. */
function controllableChanges() {
  const ends: Array<() => void> = [];
  const changes: TransactionChanges = {
    watch: () => {
      const ended = new Promise<void>((resolve) => ends.push(resolve));
      return { changedAfter: () => ended, stop: () => {} };
    },
  };
  const endAll = () => {
    for (const end of ends.splice(0)) end();
  };
  return { changes, endAll };
}

describe('waiting reads per organization', () => {
  it('lets an organization hold its share of waits, and the others theirs', () => {
    const { changes } = controllableChanges();
    const budget = budgetedChanges(changes, 2);

    const first = budget.forOrganization('org-a').watch('t1', 5_000);
    const second = budget.forOrganization('org-a').watch('t2', 5_000);
    const third = budget.forOrganization('org-a').watch('t3', 5_000);
    const other = budget.forOrganization('org-b').watch('t4', 5_000);

    expect([first, second, other].every((w) => w !== undefined)).toBe(true);
    expect(third).toBeUndefined();
  });

  it('gives a wait back when it ends or is stopped, once', async () => {
    const { changes, endAll } = controllableChanges();
    const budget = budgetedChanges(changes, 1);
    const org = budget.forOrganization('org-a');

    const stopped = org.watch('t1', 5_000);
    stopped?.stop();
    stopped?.stop();
    const waiting = org.watch('t2', 5_000);
    expect(org.watch('t3', 5_000)).toBeUndefined();

    const ended = waiting?.changedAfter(1);
    endAll();
    await ended;

    expect(org.watch('t4', 5_000)).toBeDefined();
    expect(org.watch('t5', 5_000)).toBeUndefined();
  });
});
