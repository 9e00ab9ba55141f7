export { kafkaContainerEnv } from './containers.ts';
export type { InfraMode } from './infra-mode.ts';
export { chooseInfraMode, dockerAnswers } from './infra-mode.ts';
export type { ProvidedInfra } from './provide-infra.ts';
export { provideInfra } from './provide-infra.ts';
export { createTestDatabase, kafkaBrokers, testInfra, uniqueName } from './test-database.ts';
