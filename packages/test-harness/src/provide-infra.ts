import type { Endpoints } from '@hcts/infra-local';
import { ensureLocalInfra } from '@hcts/infra-local';
import { startContainers } from './containers.ts';
import { chooseInfraMode } from './infra-mode.ts';

export interface ProvidedInfra {
  mode: 'env' | 'docker' | 'local';
  endpoints: Endpoints;
  stop(): Promise<void>;
}

/** Makes Kafka, Postgres and Redis answer for a test run, by the mode the switch picks. */
export async function provideInfra(log: (line: string) => void = () => {}): Promise<ProvidedInfra> {
  const mode = await chooseInfraMode();
  if (mode === 'docker') {
    log('a Docker engine answers: starting Kafka, Postgres and Redis with testcontainers');
    return { mode, ...(await startContainers()) };
  }

  const local = await ensureLocalInfra({ databasePrefix: 'hcts_test_', log });
  return { mode, ...local };
}
