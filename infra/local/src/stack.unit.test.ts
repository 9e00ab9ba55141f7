import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repoRoot } from './paths.ts';
import { databaseName, serviceNames, stack } from './stack.ts';

interface ComposeService {
  image?: string;
  ports?: string[];
  environment?: Record<string, string>;
  build?: { args?: { SERVICE?: string } };
}

// docker-compose.yml cannot run on machines without Docker, so this keeps it honest instead.
describe('docker-compose.yml follows infra/stack.json', () => {
  const compose = parse(readFileSync(join(repoRoot, 'docker-compose.yml'), 'utf8'), {
    merge: true,
  }) as {
    services: Record<string, ComposeService>;
  };
  const initSql = readFileSync(join(repoRoot, 'infra', 'docker', 'postgres-init.sql'), 'utf8');

  it('runs the same infrastructure images on the same ports', () => {
    const infra = {
      kafka: stack.kafka,
      postgres: stack.postgres,
      redis: stack.redis,
      kurrentdb: stack.kurrentdb,
    };
    for (const [name, spec] of Object.entries(infra)) {
      const service = compose.services[name];
      expect(service?.image, name).toBe(spec.image);
      expect(service?.ports, name).toContain(`${spec.port}:${spec.port}`);
    }
  });

  it('runs every service on its port with the variables the local scripts set', () => {
    expect(Object.keys(compose.services)).toEqual(expect.arrayContaining(serviceNames));
    for (const name of serviceNames) {
      const service = compose.services[name] as ComposeService;
      const port = String(stack.services[name]?.port);
      expect(service.build?.args?.SERVICE, name).toBe(name);
      expect(service.ports, name).toEqual([`${port}:${port}`]);
      expect(service.environment?.PORT, name).toBe(port);
      expect(service.environment?.DATABASE_URL, name).toMatch(
        new RegExp(`/${databaseName(name)}$`),
      );
      for (const variable of stack.variables)
        expect(service.environment, name).toHaveProperty(variable);
    }
  });

  it('creates every service database in Postgres', () => {
    for (const name of serviceNames)
      expect(initSql).toContain(`CREATE DATABASE ${databaseName(name)};`);
  });

  it('advertises Kafka to the host on the local broker port', () => {
    const env = compose.services.kafka?.environment ?? {};
    expect(env.KAFKA_ADVERTISED_LISTENERS).toContain(`127.0.0.1:${stack.kafka.port}`);
    expect(env.KAFKA_TRANSACTION_STATE_LOG_MIN_ISR).toBe('1');
  });
});
