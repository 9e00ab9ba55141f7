import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { createTestDatabase, testInfra, uniqueName } from '@hcts/test-harness';
import { pino } from 'pino';
import { loadConfig, upstreamNames } from '../config.ts';
import { createGateway } from '../gateway.ts';
import { startMailbox } from './mailbox.ts';
import { startStubUpstream } from './stub-upstream.ts';

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * A gateway listening on a free port with its own database, Redis namespace, mailbox and stub
 * services, built by the same composition root as production. `publicHost` names it in
 * PUBLIC_URL: WebAuthn refuses an IP address as relying party, so passkey tests use localhost.
 */
export async function startTestGateway(
  label: string,
  env: Record<string, string> = {},
  openapi: Partial<Record<(typeof upstreamNames)[number], object>> = {},
  publicHost = '127.0.0.1',
) {
  const database = await createTestDatabase(`gw_${label}`);
  const mailbox = await startMailbox();
  const stubs = Object.fromEntries(
    await Promise.all(
      upstreamNames.map(async (n) => [n, await startStubUpstream(n, openapi[n])] as const),
    ),
  );
  const port = await freePort();
  const publicUrl = `http://${publicHost}:${port}`;
  const infra = testInfra();

  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: String(port),
    PUBLIC_URL: publicUrl,
    DATABASE_URL: infra.DATABASE_URL,
    GATEWAY_DATABASE: database.name,
    REDIS_URL: infra.REDIS_URL,
    REDIS_PREFIX: uniqueName('gwt'),
    SMTP_URL: mailbox.url,
    PASSWORD_SCRYPT_LOG_N: '12',
    AUTH_RATE_LIMIT: 'off',
    MFA_REQUIRED_ROLES: '',
    HCTS_ADMIN_EMAIL: 'admin@hcts.test',
    HCTS_ADMIN_PASSWORD: 'admin-password-for-tests',
    ...Object.fromEntries(upstreamNames.map((n) => [`${n.toUpperCase()}_URL`, stubs[n]!.url])),
    ...env,
  });
  const gateway = await createGateway(
    config,
    pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
  );
  await gateway.app.listen({ host: '127.0.0.1', port: config.port });

  return {
    ...gateway,
    config,
    url: config.publicUrl,
    mailbox,
    stubs,
    async close() {
      await gateway.close();
      await Promise.all(Object.values(stubs).map((s) => s.close()));
      await mailbox.close();
      await database.drop();
    },
  };
}
export type TestGateway = Awaited<ReturnType<typeof startTestGateway>>;
