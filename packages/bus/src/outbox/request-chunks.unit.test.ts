import { describe, expect, it } from 'vitest';
import { requestChunks } from './request-chunks.ts';

const message = (key: string, bytes: number) => ({ key, value: 'v'.repeat(bytes), headers: {} });

describe('produce requests of a relay pass', () => {
  it('keeps a pass that fits in one request as it is', () => {
    const batches = [
      { topic: 'a', messages: [message('k1', 10), message('k2', 10)] },
      { topic: 'b', messages: [message('k3', 10)] },
    ];

    expect(requestChunks(batches, 1_000)).toEqual([batches]);
  });

  it('splits under the budget, each topic in its order, a message never cut', () => {
    const batches = [
      { topic: 'a', messages: [1, 2, 3, 4, 5].map((i) => message(`a${i}`, 100)) },
      { topic: 'b', messages: [1, 2, 3].map((i) => message(`b${i}`, 100)) },
    ];

    const chunks = requestChunks(batches, 300);

    expect(chunks.length).toBeGreaterThan(2);
    for (const chunk of chunks) {
      const bytes = chunk.flatMap((b) => b.messages).reduce((n, m) => n + m.value.length, 0);
      expect(bytes).toBeLessThanOrEqual(300);
    }
    const keysOf = (topic: string) =>
      chunks.flatMap((c) => c.filter((b) => b.topic === topic).flatMap((b) => b.messages));
    expect(keysOf('a').map((m) => m.key)).toEqual(['a1', 'a2', 'a3', 'a4', 'a5']);
    expect(keysOf('b').map((m) => m.key)).toEqual(['b1', 'b2', 'b3']);
  });

  it('sends a message over the budget alone', () => {
    const batches = [{ topic: 'a', messages: [message('small', 10), message('big', 5_000)] }];

    const chunks = requestChunks(batches, 1_000);

    expect(chunks.map((c) => c.flatMap((b) => b.messages.map((m) => m.key)))).toEqual([
      ['small'],
      ['big'],
    ]);
  });
});
