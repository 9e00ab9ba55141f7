import { request } from 'node:http';

export type InfraMode = 'env' | 'docker' | 'local';

/**
 * The one switch: variables when they name all three systems, testcontainers when a Docker
 * engine answers, otherwise the local infrastructure (Kafka from Maven Central's jars and the
 * machine's Postgres and Redis). `HCTS_INFRA` forces a mode.
 */
export async function chooseInfraMode(env = process.env): Promise<InfraMode> {
  const forced = env.HCTS_INFRA;
  if (forced === 'env' || forced === 'docker' || forced === 'local') return forced;
  if (env.KAFKA_BROKERS && env.DATABASE_URL && env.REDIS_URL) return 'env';
  return (await dockerAnswers(env)) ? 'docker' : 'local';
}

/** Asks the engine's /_ping over its socket; the docker client alone does not count. */
export function dockerAnswers(env = process.env, timeoutMs = 1_000): Promise<boolean> {
  const host = env.DOCKER_HOST;
  const target = host?.startsWith('tcp://')
    ? {
        host: new URL(host.replace('tcp://', 'http://')).hostname,
        port: new URL(host.replace('tcp://', 'http://')).port,
      }
    : { socketPath: host?.replace('unix://', '') ?? '/var/run/docker.sock' };

  return new Promise((resolve) => {
    const req = request({ ...target, path: '/_ping', timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.once('timeout', () => req.destroy());
    req.once('error', () => resolve(false));
    req.end();
  });
}
