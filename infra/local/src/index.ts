export { InfraError } from './infra-error.ts';
export type { KafkaBrokerOptions, RunningBroker } from './kafka-broker.ts';
export { brokerStatus, startKafkaBroker, stopKafkaBroker } from './kafka-broker.ts';
export { checkJava, ensureKafkaJars, kafkaVersion } from './kafka-jars.ts';
export type { Endpoints, LocalInfra } from './local-infra.ts';
export { ensureLocalInfra, kafkaDir, kafkaPorts } from './local-infra.ts';
export { cacheDir, repoRoot, stateDir } from './paths.ts';
export { assertPortFree, isPortOpen } from './ports.ts';
export {
  checkPostgres,
  databaseUrl,
  defaultDatabaseUrl,
  dropDatabase,
  ensureDatabases,
  redact,
} from './postgres.ts';
export { checkRedis, defaultRedisUrl } from './redis.ts';
export { databaseName, serviceNames, stack } from './stack.ts';
