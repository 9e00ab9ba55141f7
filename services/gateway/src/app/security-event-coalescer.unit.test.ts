import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SecurityEvent } from './ports.ts';
import { SecurityEventTypes } from './ports.ts';
import { coalesceSecurityEvents } from './security-event-coalescer.ts';

const breach = (address: string): SecurityEvent => ({
  type: SecurityEventTypes.rateLimited,
  address,
  details: { limit: 'address', route: 'GET /api/marketplace' },
});

function recorder(maxKeys = 100) {
  const written: SecurityEvent[] = [];
  const coalescer = coalesceSecurityEvents(
    { record: async (event) => void written.push(event) },
    {
      kinds: new Set([SecurityEventTypes.rateLimited]),
      windowMs: 60_000,
      maxKeys,
      onError: (error) => {
        throw error;
      },
    },
  );
  return { written, coalescer };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('coalesceSecurityEvents', () => {
  it('writes the first breach at once and the rest of the burst as one count', async () => {
    vi.useFakeTimers();
    const { written, coalescer } = recorder();

    for (let i = 0; i < 500; i += 1) await coalescer.record(breach('203.0.113.7'));
    expect(written).toEqual([breach('203.0.113.7')]);

    await vi.advanceTimersByTimeAsync(60_000);
    expect(written).toHaveLength(2);
    expect(written[1]).toEqual({ ...breach('203.0.113.7'), count: 499 });
  });

  it('starts over in the next window and keeps keys apart', async () => {
    vi.useFakeTimers();
    const { written, coalescer } = recorder();

    await coalescer.record(breach('203.0.113.7'));
    await coalescer.record(breach('198.51.100.1'));
    await vi.advanceTimersByTimeAsync(60_000);
    await coalescer.record(breach('203.0.113.7'));

    expect(written.map((e) => [e.address, e.count])).toEqual([
      ['203.0.113.7', undefined],
      ['198.51.100.1', undefined],
      ['203.0.113.7', undefined],
    ]);
  });

  it('counts keys beyond the bound in one record per type', async () => {
    const { written, coalescer } = recorder(2);

    for (let i = 0; i < 10; i += 1) await coalescer.record(breach(`192.0.2.${i}`));
    expect(written).toHaveLength(2);

    await coalescer.close();
    expect(written).toHaveLength(3);
    expect(written[2]).toMatchObject({ address: '192.0.2.2', count: 8 });
    expect(written[2]?.details).toMatchObject({ overflow: true });
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
