import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { forward, isRetriableKafkaError } from './kafkajs-client.ts';

describe('topic creation retries', () => {
  it('tries again when a fresh broker does not host a new partition yet', () => {
    const kafkaAnswer = {
      name: 'KafkaJSProtocolError',
      type: 'LEADER_NOT_AVAILABLE',
      retriable: true,
    };
    expect(isRetriableKafkaError(kafkaAnswer)).toBe(true);
    // "This server does not host this topic-partition", whatever its retriable flag says.
    expect(isRetriableKafkaError({ type: 'UNKNOWN_TOPIC_OR_PARTITION' })).toBe(true);
  });

  it('gives up at once on an answer that will not change', () => {
    expect(isRetriableKafkaError({ type: 'TOPIC_AUTHORIZATION_FAILED', retriable: false })).toBe(
      false,
    );
    expect(isRetriableKafkaError(new Error('invalid replication factor'))).toBe(false);
    expect(isRetriableKafkaError(null)).toBe(false);
  });
});

describe("kafkajs's log lines", () => {
  // kafkajs's own level numbers (its logLevel), written out: it is imported in one file only.
  const logLevel = { ERROR: 1, WARN: 2 } as const;
  const levelsOf = (entries: { namespace: string; level: number; message: string }[]) => {
    const levels: string[] = [];
    const logger = pino({ level: 'debug' }, { write: (line: string) => levels.push(line) });
    for (const { namespace, level, message } of entries) {
      forward(logger, { namespace, level, label: 'x', log: { timestamp: '', message } });
    }
    return levels.map((line) => (JSON.parse(line) as { level: number }).level);
  };

  it('keeps real errors at error, and routine answers from brokers at debug', () => {
    expect(
      levelsOf([
        {
          namespace: 'Consumer',
          level: logLevel.ERROR,
          message: 'Crash: KafkaJSNumberOfRetriesExceeded',
        },
        { namespace: 'Connection', level: logLevel.ERROR, message: 'Response Heartbeat(key: 12)' },
        {
          namespace: 'Connection',
          level: logLevel.ERROR,
          message: 'Response CreateTopics(key: 19)',
        },
        { namespace: 'Runner', level: logLevel.WARN, message: 'The group is rebalancing' },
      ]),
    ).toEqual([50, 20, 20, 40]);
  });
});
