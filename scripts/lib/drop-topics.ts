import { createKafkaClient, dropNamespaceTopics } from '@hcts/bus';
import pino from 'pino';

/**
 * Deletes the Kafka topics of a throwaway platform (its `KAFKA_TOPIC_PREFIX`), so that test
 * and benchmark runs do not pile topics up on a shared broker. Does nothing without a prefix.
 */
export async function dropPlatformTopics(brokers: string, topicPrefix: string | undefined) {
  if (!topicPrefix) return [];
  const kafka = createKafkaClient({
    brokers: brokers.split(','),
    clientId: 'hcts-launcher',
    logger: pino({ level: 'warn' }),
  });
  return dropNamespaceTopics(kafka, topicPrefix);
}
