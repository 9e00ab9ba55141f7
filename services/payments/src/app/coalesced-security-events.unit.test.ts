import { describe, expect, it } from 'vitest';
import { coalescedSecurityEvents } from './coalesced-security-events.ts';
import type { PaymentsSecurityEvent } from './ports/security-events.ts';

// The window itself is the kit's (coalesce-bursts.unit.test.ts); here: what payments keys.
const forged = (address: string, gateway = 'sandbox'): PaymentsSecurityEvent => ({
  kind: 'webhook-signature-invalid',
  gateway,
  reason: 'no signature matched',
  address,
});

function recorder(maxKeys: number) {
  const written: [PaymentsSecurityEvent, number | undefined][] = [];
  const events = coalescedSecurityEvents(
    { record: async (event, count) => void written.push([event, count]) },
    { windowMs: 60_000, maxKeys, onError: (error) => expect.fail(String(error)) },
  );
  return { written, events };
}

describe('coalescedSecurityEvents', () => {
  it('keys forged webhooks by gateway, sender and reason; repeats go as a count', async () => {
    const { written, events } = recorder(100);

    for (let i = 0; i < 1_000; i += 1) await events.record(forged('203.0.113.7'));
    await events.record(forged('203.0.113.7', 'other'));
    await events.record({ ...forged('203.0.113.7'), reason: 'timestamp too old' });
    await events.record(forged('198.51.100.1'));
    expect(written.map(([, count]) => count)).toEqual([undefined, undefined, undefined, undefined]);

    await events.close();
    expect(written.slice(4)).toEqual([[forged('203.0.113.7'), 999]]);
  });

  it('counts the senders beyond the bound in one record', async () => {
    const { written, events } = recorder(2);

    for (let i = 0; i < 6; i += 1) await events.record(forged(`192.0.2.${i}`));
    await events.record(forged('192.0.2.9', 'other'));
    expect(written.map(([e]) => e.address)).toEqual(['192.0.2.0', '192.0.2.1']);

    await events.close();
    expect(written.slice(2)).toEqual([[forged('192.0.2.2'), 5]]);
  });
});
