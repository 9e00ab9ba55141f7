import { parseMessage } from '@hcts/bus';
import { eventsByType, TransactionFailed } from '@hcts/contracts';
import { startPosition } from '@hcts/event-store';
import pino from 'pino';
import { uuidv7 } from 'uuidv7';
import { describe, expect, it } from 'vitest';
import { correlationIdOf } from '../../app/correlation-id.ts';
import { toMessage } from './event-relay.ts';

const failed = (correlationId: unknown) => ({
  id: uuidv7(),
  streamId: 'transaction-x',
  type: TransactionFailed.type,
  version: 3,
  position: startPosition,
  data: {
    transactionId: uuidv7(),
    code: 'amount-mismatch',
    reason: 'the authorized amount differs from the quote',
    failedAt: new Date().toISOString(),
  },
  metadata: { commandId: 'c-1', correlationId, causationId: null, actor: undefined },
  recordedAt: new Date(),
});

function parsed(correlationId: unknown) {
  const message = toMessage(failed(correlationId), 'topic', pino({ level: 'silent' }));
  const headers = Object.fromEntries(
    Object.entries(message?.headers ?? {}).map(([k, v]) => [k, Buffer.from(v)]),
  );
  return parseMessage(headers, Buffer.from(message?.value ?? ''), eventsByType);
}

describe('the relay and correlation ids', () => {
  it('relays a stored correlation id the contract refuses as one it accepts', () => {
    for (const bad of ['c'.repeat(300), 'a b', '', 'x\u0000']) {
      const result = parsed(bad);
      expect(result.kind).toBe('ok');
    }
  });

  it('keeps a plain correlation id as it is', () => {
    const result = parsed('corr-1234');
    expect(result.kind === 'ok' && result.envelope.correlationid).toBe('corr-1234');
  });

  it('replaces an id over 100 characters with a fresh one before it is stored', () => {
    expect(correlationIdOf('c'.repeat(101))).toMatchObject({ replaced: true });
    expect(correlationIdOf('c'.repeat(100))).toEqual({
      correlationId: 'c'.repeat(100),
      replaced: false,
    });
  });
});
