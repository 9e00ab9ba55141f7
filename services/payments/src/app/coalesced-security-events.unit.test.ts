import { afterEach, describe, expect, it, vi } from 'vitest';
import { coalescedSecurityEvents } from './coalesced-security-events.ts';
import type { PaymentsSecurityEvent } from './ports/security-events.ts';

const forged = (address: string): PaymentsSecurityEvent => ({
  kind: 'webhook-signature-invalid',
  gateway: 'sandbox',
  reason: 'no signature matched',
  address,
});

function recorder(maxKeys = 100) {
  const written: [PaymentsSecurityEvent, number | undefined][] = [];
  const events = coalescedSecurityEvents(
    { record: async (event, count) => void written.push([event, count]) },
    {
      windowMs: 60_000,
      maxKeys,
      onError: (error) => {
        throw error;
      },
    },
  );
  return { written, events };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('coalescedSecurityEvents', () => {
  it('writes the first forged webhook at once and the burst as one count per window', async () => {
    vi.useFakeTimers();
    const { written, events } = recorder();

    for (let i = 0; i < 1_000; i += 1) await events.record(forged('203.0.113.7'));
    expect(written).toEqual([[forged('203.0.113.7'), undefined]]);

    await vi.advanceTimersByTimeAsync(60_000);
    expect(written[1]).toEqual([forged('203.0.113.7'), 999]);

    await events.record(forged('203.0.113.7'));
    expect(written).toHaveLength(3);
  });

  it('keeps senders apart up to the bound, then counts the rest in one record', async () => {
    const { written, events } = recorder(2);

    for (let i = 0; i < 6; i += 1) await events.record(forged(`192.0.2.${i}`));
    expect(written.map(([e]) => e.address)).toEqual(['192.0.2.0', '192.0.2.1']);

    await events.close();
    expect(written[2]).toEqual([forged('192.0.2.2'), 4]);
  });
});
