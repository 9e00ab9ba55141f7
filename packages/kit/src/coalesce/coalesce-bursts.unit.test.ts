import { afterEach, describe, expect, it, vi } from 'vitest';
import type { BurstOptions } from './coalesce-bursts.ts';
import { coalesceBursts } from './coalesce-bursts.ts';

interface Refusal {
  sender: string;
  reason: string;
  overflow?: boolean;
}

type Written = [Refusal, number | undefined];

const refusal = (sender: string, reason = 'bad signature'): Refusal => ({ sender, reason });

function bursts(options: Partial<BurstOptions<Refusal>> = {}) {
  const written: Written[] = [];
  const errors: unknown[] = [];
  const coalescer = coalesceBursts<Refusal>({
    keyOf: (r) => `${r.sender}|${r.reason}`,
    write: async (r, count) => void written.push([r, count]),
    windowMs: 60_000,
    maxKeys: 100,
    onError: (error) => void errors.push(error),
    ...options,
  });
  return { written, errors, coalescer };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('coalesceBursts', () => {
  it('writes the first of a burst at once and the rest of the window as one count', async () => {
    vi.useFakeTimers();
    const { written, coalescer } = bursts();

    for (let i = 0; i < 500; i += 1) await coalescer.record(refusal('203.0.113.7'));
    expect(written).toEqual([[refusal('203.0.113.7'), undefined]]);

    await vi.advanceTimersByTimeAsync(60_000);
    expect(written).toEqual([
      [refusal('203.0.113.7'), undefined],
      [refusal('203.0.113.7'), 499],
    ]);
  });

  it('keeps keys apart and starts over in the next window', async () => {
    vi.useFakeTimers();
    const { written, coalescer } = bursts();

    await coalescer.record(refusal('203.0.113.7'));
    await coalescer.record(refusal('203.0.113.7', 'expired'));
    await coalescer.record(refusal('198.51.100.1'));
    await vi.advanceTimersByTimeAsync(60_000);
    await coalescer.record(refusal('203.0.113.7'));

    expect(written).toEqual([
      [refusal('203.0.113.7'), undefined],
      [refusal('203.0.113.7', 'expired'), undefined],
      [refusal('198.51.100.1'), undefined],
      [refusal('203.0.113.7'), undefined],
    ]);
  });

  it('writes each event without a key at once and never counts it', async () => {
    const { written, coalescer } = bursts({ keyOf: () => undefined });

    await coalescer.record(refusal('203.0.113.7'));
    await coalescer.record(refusal('203.0.113.7'));
    await coalescer.close();

    expect(written).toEqual([
      [refusal('203.0.113.7'), undefined],
      [refusal('203.0.113.7'), undefined],
    ]);
  });

  it('counts the keys beyond the bound in one record per overflow group', async () => {
    const { written, coalescer } = bursts({
      maxKeys: 2,
      overflowKeyOf: (r) => r.reason,
      asOverflow: (r) => ({ ...r, overflow: true }),
    });

    for (let i = 0; i < 10; i += 1) await coalescer.record(refusal(`192.0.2.${i}`));
    await coalescer.record(refusal('192.0.2.77', 'expired'));
    expect(written.map(([r]) => r.sender)).toEqual(['192.0.2.0', '192.0.2.1']);

    await coalescer.close();
    expect(written.slice(2)).toEqual([
      [{ ...refusal('192.0.2.2'), overflow: true }, 8],
      [{ ...refusal('192.0.2.77', 'expired'), overflow: true }, 1],
    ]);
  });

  it('counts every overflow in one group, as its first event, when not told otherwise', async () => {
    const { written, coalescer } = bursts({ maxKeys: 1 });

    await coalescer.record(refusal('192.0.2.0'));
    await coalescer.record(refusal('192.0.2.1'));
    await coalescer.record(refusal('192.0.2.2', 'expired'));
    await coalescer.close();

    expect(written).toEqual([
      [refusal('192.0.2.0'), undefined],
      [refusal('192.0.2.1'), 2],
    ]);
  });

  it('throws a failed first write to the caller and reports a failed count', async () => {
    const failure = new Error('store down');
    let failing = false;
    const { written, errors, coalescer } = bursts({
      write: async (r, count) => {
        if (failing && r.sender === '192.0.2.0') throw failure;
        written.push([r, count]);
      },
    });
    await coalescer.record(refusal('192.0.2.0'));
    await coalescer.record(refusal('192.0.2.0'));
    await coalescer.record(refusal('192.0.2.1'));
    await coalescer.record(refusal('192.0.2.1'));
    failing = true;

    await expect(coalescer.record(refusal('192.0.2.0', 'expired'))).rejects.toBe(failure);
    await coalescer.close();
    expect(errors).toEqual([failure]);
    expect(written.at(-1)).toEqual([refusal('192.0.2.1'), 1]);
  });

  it('stops its window timer when closed', async () => {
    vi.useFakeTimers();
    const { coalescer } = bursts();
    expect(vi.getTimerCount()).toBe(1);

    await coalescer.close();
    expect(vi.getTimerCount()).toBe(0);
  });
});
