import { describe, expect, it } from 'vitest';
import { isRetriableKafkaError } from './kafkajs-client.ts';

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
