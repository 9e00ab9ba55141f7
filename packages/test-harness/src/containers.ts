import type { Endpoints } from '@hcts/infra-local';
import { stack } from '@hcts/infra-local';

/**
 * The Docker path: the same images docker-compose.yml runs, started by testcontainers. Loaded
 * only when a Docker engine answers, so machines without one never import it.
 */
export async function startContainers(): Promise<{ endpoints: Endpoints; stop(): Promise<void> }> {
  const { GenericContainer, Wait } = await import('testcontainers');

  const postgres = await new GenericContainer(stack.postgres.image)
    .withEnvironment({ POSTGRES_HOST_AUTH_METHOD: 'trust' })
    .withExposedPorts(5432)
    .withWaitStrategy(Wait.forLogMessage(/ready to accept connections/, 2))
    .start();
  const redis = await new GenericContainer(stack.redis.image).withExposedPorts(6379).start();
  const kafkaPort = stack.kafka.port;
  const kafka = await new GenericContainer(stack.kafka.image)
    .withExposedPorts({ container: kafkaPort, host: kafkaPort })
    .withEnvironment(kafkaContainerEnv(kafkaPort))
    .withWaitStrategy(Wait.forLogMessage(/Kafka Server started/))
    .start();

  const endpoints: Endpoints = {
    KAFKA_BROKERS: `127.0.0.1:${kafkaPort}`,
    DATABASE_URL: `postgres://postgres@${postgres.getHost()}:${postgres.getMappedPort(5432)}/postgres`,
    REDIS_URL: `redis://${redis.getHost()}:${redis.getMappedPort(6379)}`,
  };
  return {
    endpoints,
    stop: async () => {
      await Promise.all([kafka.stop(), redis.stop(), postgres.stop()]);
    },
  };
}

/** The apache/kafka image's variables for one KRaft node; docker-compose.yml uses the same. */
export function kafkaContainerEnv(port: number): Record<string, string> {
  return {
    KAFKA_NODE_ID: '1',
    KAFKA_PROCESS_ROLES: 'broker,controller',
    KAFKA_LISTENERS: `PLAINTEXT://:${port},CONTROLLER://:9093`,
    KAFKA_ADVERTISED_LISTENERS: `PLAINTEXT://127.0.0.1:${port}`,
    KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
    KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    KAFKA_CONTROLLER_QUORUM_VOTERS: '1@localhost:9093',
    KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
    KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
    KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '1',
    KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
  };
}
