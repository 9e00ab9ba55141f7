import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  databaseName,
  databaseUrl,
  defaultDatabaseUrl,
  defaultRedisUrl,
  dropDatabase,
  ensureDatabases,
  repoRoot,
} from '@hcts/infra-local';
import { type Mailbox, startMailbox } from '../../../scripts/demo/mailbox.ts';
import { randomSecrets } from '../../../scripts/demo/secrets.ts';
import { type Launched, launchProcess, waitUntilReady } from '../../../scripts/lib/processes.ts';
import {
  freePorts,
  type PlatformOptions,
  serviceEnv,
} from '../../../scripts/lib/start-platform.ts';
import { composeCertificates } from '../src/adapters/compose.ts';
import { completedPurchase, systemCause } from '../src/test-support/fixtures.ts';

export interface VerifyPlatform {
  gatewayUrl: string;
  certificatesUrl: string;
  /** Verification codes of certificates issued before the start, all `valid`. */
  codes: string[];
  stop(): Promise<void>;
}

/**
 * Limits the benchmark raises: the gateway's per-address limit over all routes and the
 * certificates service's own verify limit. On verify the gateway counts its per-route limit
 * instead (60 a minute per address, VERIFY_ADDRESS_PER_MINUTE); the load generator stays under
 * it (closed-loop.ts).
 */
export const raisedLimits = Object.freeze({
  RATE_LIMIT_ADDRESS_PER_MINUTE: '1000000',
  CERTIFICATES_VERIFY_RATE_LIMIT_PER_MINUTE: '1000000',
});

/**
 * The gateway and the certificates service as `npm start` runs them (the launcher's variables,
 * processes and readiness), on free ports with databases of their own, and nothing else: the
 * gateway knows only certificates as an upstream. Certificates are seeded through the service's
 * own core with the same key-encryption key before it starts.
 */
export async function startVerifyPlatform(certificates: number): Promise<VerifyPlatform> {
  const server = process.env.DATABASE_URL ?? defaultDatabaseUrl;
  const prefix = `hcts_bench_verify_${randomBytes(4).toString('hex')}_`;
  const names = ['certificates', 'gateway'].map((n) => databaseName(n, prefix));
  const logDir = mkdtempSync(join(tmpdir(), 'hcts-bench-verify-'));
  const options: PlatformOptions = {
    endpoints: {
      DATABASE_URL: server,
      KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? '127.0.0.1:19092',
      REDIS_URL: process.env.REDIS_URL ?? defaultRedisUrl,
    },
    databasePrefix: prefix,
    ports: await freePorts(),
    secrets: randomSecrets(),
    logDir,
    extraEnv: { GATEWAY_UPSTREAMS: 'certificates', PASSWORD_SCRYPT_LOG_N: '10', ...raisedLimits },
  };
  const gatewayUrl = `http://127.0.0.1:${options.ports.gateway}`;
  await ensureDatabases(server, names);

  const launched: Launched[] = [];
  let mailbox: Mailbox | undefined;
  const stop = async () => {
    for (const child of launched.reverse()) await child.stop();
    await mailbox?.close();
    for (const name of names) await dropDatabase(server, name);
    rmSync(logDir, { recursive: true, force: true });
  };

  try {
    const codes = await seed(databaseUrl(server, names[0] ?? ''), options, certificates);
    mailbox = await startMailbox(0);
    for (const name of ['certificates', 'gateway']) {
      const spec = {
        name,
        entry: join(repoRoot, 'services', name, 'src', 'main.ts'),
        port: options.ports[name] ?? 0,
        logFile: join(logDir, `${name}.log`),
        env: serviceEnv(name, options, mailbox.url),
      };
      const child = launchProcess(spec, () => process.stderr.write(`${name} stopped\n`));
      launched.push(child);
      await waitUntilReady(spec, child, 120_000);
    }
    const certificatesUrl = `http://127.0.0.1:${options.ports.certificates}`;
    return { gatewayUrl, certificatesUrl, codes, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Issues certificates as the consumer does, under the KEK and issuer the service will use. */
async function seed(url: string, options: PlatformOptions, count: number): Promise<string[]> {
  const core = await composeCertificates({
    databaseUrl: url,
    databasePoolMax: 4,
    kek: Buffer.from(options.secrets.certificatesKek, 'base64'),
    issuer: {
      id: `http://127.0.0.1:${options.ports.gateway}`,
      name: 'HCTS Marketplace',
      validityDays: 3650,
    },
    logOrigin: 'hcts.certificates.log/v1',
  });
  try {
    const requests = Array.from({ length: count }, () => ({
      purchase: completedPurchase(),
      reason: 'transaction-completed',
    }));
    const issued = await core.app.issue(requests, systemCause());
    return issued.map((r) => r.certificate.verificationCode);
  } finally {
    await core.close();
  }
}
