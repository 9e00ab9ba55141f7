import { describe, expect, it } from 'vitest';
import type { AnyDatabase } from '../db.ts';
import { consumerSettings } from './start-consumer.ts';
import type { ConsumerOptions } from './types.ts';

const base: ConsumerOptions = {
  group: 'g',
  topics: ['t'],
  db: undefined as unknown as AnyDatabase,
  handlers: {},
};

describe('consumer settings', () => {
  it('fills the defaults', () => {
    expect(consumerSettings(base)).toEqual({
      maxAttempts: 5,
      backoff: { initialMs: 100, maxMs: 5_000 },
      handlerTimeoutMs: 10_000,
      sessionTimeoutMs: 30_000,
      heartbeatIntervalMs: 3_000,
      messagesPerTransaction: 100,
      lagProbeMs: 15_000,
    });
  });

  it('refuses a handler timeout the session timeout cannot cover, and zero attempts', () => {
    const slow = () => consumerSettings({ ...base, handlerTimeoutMs: 30_000 });
    const none = () => consumerSettings({ ...base, maxAttempts: 0 });

    expect(slow).toThrow(expect.objectContaining({ code: 'BUS_OPTIONS_INVALID' }));
    expect(none).toThrow(expect.objectContaining({ code: 'BUS_OPTIONS_INVALID' }));
  });
});
