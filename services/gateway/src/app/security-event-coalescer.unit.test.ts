import { describe, expect, it } from 'vitest';
import type { SecurityEvent } from './ports.ts';
import { SecurityEventTypes } from './ports.ts';
import { coalesceSecurityEvents } from './security-event-coalescer.ts';

// The window itself is the kit's (coalesce-bursts.unit.test.ts); here: what the gateway keys.
const breach = (address: string, route = 'GET /api/marketplace'): SecurityEvent => ({
  type: SecurityEventTypes.rateLimited,
  address,
  details: { limit: 'address', route },
});

function recorder(maxKeys = 100) {
  const written: SecurityEvent[] = [];
  const coalescer = coalesceSecurityEvents(
    { record: async (event) => void written.push(event) },
    {
      kinds: new Set([SecurityEventTypes.rateLimited, SecurityEventTypes.forbidden]),
      windowMs: 60_000,
      maxKeys,
      onError: (error) => {
        throw error;
      },
    },
  );
  return { written, coalescer };
}

describe('coalesceSecurityEvents', () => {
  it('writes the first breach as it came and the repeats as its count', async () => {
    const { written, coalescer } = recorder();

    for (let i = 0; i < 500; i += 1) await coalescer.record(breach('203.0.113.7'));
    expect(written).toEqual([breach('203.0.113.7')]);
    expect(written[0]).not.toHaveProperty('count');

    await coalescer.close();
    expect(written).toEqual([breach('203.0.113.7'), { ...breach('203.0.113.7'), count: 499 }]);
  });

  it('takes events as alike by type, subject, address and details in any order', async () => {
    const { written, coalescer } = recorder();
    const reordered: SecurityEvent = {
      type: SecurityEventTypes.rateLimited,
      address: '203.0.113.7',
      details: { route: 'GET /api/marketplace', limit: 'address' },
    };

    await coalescer.record(breach('203.0.113.7'));
    await coalescer.record(reordered);
    await coalescer.record({ ...breach('203.0.113.7'), subject: 'user-1' });
    await coalescer.record(breach('203.0.113.7', 'GET /api/transactions'));
    await coalescer.record(breach('198.51.100.1'));
    await coalescer.record({ ...breach('203.0.113.7'), type: SecurityEventTypes.forbidden });

    expect(written).toHaveLength(5);
    await coalescer.close();
    expect(written.slice(5)).toEqual([{ ...breach('203.0.113.7'), count: 1 }]);
  });

  it('counts keys beyond the bound in one record per type, marked overflow', async () => {
    const { written, coalescer } = recorder(2);

    for (let i = 0; i < 10; i += 1) await coalescer.record(breach(`192.0.2.${i}`));
    const denial = { ...breach('192.0.2.99'), type: SecurityEventTypes.forbidden };
    await coalescer.record(denial);
    expect(written).toHaveLength(2);

    await coalescer.close();
    expect(written.slice(2)).toEqual([
      { ...breach('192.0.2.2'), details: { ...breach('').details, overflow: true }, count: 8 },
      { ...denial, details: { ...denial.details, overflow: true }, count: 1 },
    ]);
  });

  it('passes other kinds through one by one', async () => {
    const { written, coalescer } = recorder();
    const lockout: SecurityEvent = { type: SecurityEventTypes.lockout, subject: 'acct:ab' };

    await coalescer.record(lockout);
    await coalescer.record(lockout);

    expect(written).toEqual([lockout, lockout]);
    await coalescer.close();
    expect(written).toHaveLength(2);
  });
});
