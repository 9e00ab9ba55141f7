import { describe, expect, it } from 'vitest';
import { randomSecrets } from '../demo/secrets.ts';
import { serviceEnv, stackPorts } from './start-platform.ts';

describe('serviceEnv', () => {
  it('gives the gateway and payments one digest salt, so their address digests compare', () => {
    const options = {
      endpoints: {
        DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/postgres',
        KAFKA_BROKERS: '127.0.0.1:19092',
        REDIS_URL: 'redis://127.0.0.1:6379',
      },
      databasePrefix: 'hcts_t_',
      ports: stackPorts({}),
      secrets: randomSecrets(),
      logDir: '/nonexistent',
    };

    const salt = options.secrets.securityDigestSalt;
    expect(serviceEnv('gateway', options, 'smtp://127.0.0.1:1').SECURITY_DIGEST_SALT).toBe(salt);
    expect(serviceEnv('payments', options, 'smtp://127.0.0.1:1').SECURITY_DIGEST_SALT).toBe(salt);
  });
});
