import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { baseConfig, databaseConfig, kafkaConfig, redisConfig } from './common-config.ts';
import { ConfigError, parseConfig } from './load-config.ts';

const Schema = z.object({ ...baseConfig, ...databaseConfig, ...kafkaConfig, ...redisConfig });

const good = {
  SERVICE_NAME: 'trading',
  PORT: '8082',
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/hcts_trading',
  KAFKA_BROKERS: '127.0.0.1:19092,127.0.0.1:29092',
  REDIS_URL: 'redis://127.0.0.1:6379',
};

function problemsOf(env: Record<string, string | undefined>) {
  try {
    parseConfig(Schema, env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('parseConfig', () => {
  it('parses, coerces, applies defaults and freezes', () => {
    const config = parseConfig(Schema, good);

    expect(config.PORT).toBe(8082);
    expect(config.HOST).toBe('127.0.0.1');
    expect(config.LOG_LEVEL).toBe('info');
    expect(config.KAFKA_BROKERS).toEqual(['127.0.0.1:19092', '127.0.0.1:29092']);
    expect(config.OTEL_SDK_DISABLED).toBe(false);
    expect(config.DATABASE_POOL_MAX).toBe(10);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('lists every problem by variable name at once', () => {
    const problems = problemsOf({
      ...good,
      PORT: 'eighty',
      DATABASE_URL: undefined,
      LOG_LEVEL: 'x',
    });

    expect(problems.map((p) => p.variable).sort()).toEqual(['DATABASE_URL', 'LOG_LEVEL', 'PORT']);
    expect(problems.find((p) => p.variable === 'DATABASE_URL')?.message).toBe(
      'required but not set',
    );
  });

  it('reads the Kafka name prefixes, empty by default, held to topic-name characters', () => {
    const config = parseConfig(Schema, { ...good, KAFKA_GROUP_PREFIX: 'e2e-1f2e.' });
    expect([config.KAFKA_GROUP_PREFIX, config.KAFKA_TOPIC_PREFIX]).toEqual(['e2e-1f2e.', '']);

    const problems = problemsOf({ ...good, KAFKA_GROUP_PREFIX: 'a b', KAFKA_TOPIC_PREFIX: 'x/' });
    expect(problems.map((p) => p.variable).sort()).toEqual([
      'KAFKA_GROUP_PREFIX',
      'KAFKA_TOPIC_PREFIX',
    ]);
  });

  it('treats an empty variable as unset, so defaults apply', () => {
    const config = parseConfig(Schema, { ...good, LOG_LEVEL: '', HOST: '' });

    expect(config.LOG_LEVEL).toBe('info');
    expect(config.HOST).toBe('127.0.0.1');
  });

  it('never echoes a value in its message', () => {
    const secret = 'postgres-password-s3cr3t';
    const error = (() => {
      try {
        parseConfig(Schema, { ...good, DATABASE_URL: `mysql://u:${secret}@h/db` });
      } catch (caught) {
        return caught as Error;
      }
    })();

    expect(error?.message).toContain('DATABASE_URL');
    expect(error?.message).not.toContain(secret);
  });

  it('rejects a malformed broker list', () => {
    const problems = problemsOf({ ...good, KAFKA_BROKERS: '127.0.0.1' });

    expect(problems).toEqual([
      { variable: 'KAFKA_BROKERS', message: 'comma-separated host:port list' },
    ]);
  });
});
