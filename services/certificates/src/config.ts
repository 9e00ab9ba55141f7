import { z } from 'zod';

const Config = z.object({
  DATABASE_URL: z.url().default('postgres://postgres@127.0.0.1:5432/hcts_certificates'),
  KAFKA_BROKERS: z.string().min(1).default('127.0.0.1:19092'),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65_535).default(8084),
  PUBLIC_BASE_URL: z.url().default('http://127.0.0.1:8080'),
  /** 32 bytes, base64: the key-encryption key that seals the signing keys at rest. */
  CERTIFICATES_KEK: z
    .string()
    .refine((v) => Buffer.from(v, 'base64').length === 32, 'must be 32 bytes in base64'),
  CERTIFICATES_ISSUER_NAME: z.string().min(1).default('HCTS Marketplace'),
  CERTIFICATES_VALIDITY_DAYS: z.coerce.number().int().min(1).max(36_500).default(3650),
  CERTIFICATES_CHECKPOINT_INTERVAL_MS: z.coerce.number().int().min(1000).default(60_000),
  CERTIFICATES_LOG_ORIGIN: z.string().min(1).default('hcts.certificates.log/v1'),
});

export interface CertificatesConfig {
  databaseUrl: string;
  kafkaBrokers: string[];
  host: string;
  port: number;
  publicBaseUrl: string;
  kek: Buffer;
  issuerName: string;
  validityDays: number;
  checkpointIntervalMs: number;
  logOrigin: string;
}

/** Parsed once at start; every problem is listed by variable name. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Readonly<CertificatesConfig> {
  const parsed = Config.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new Error(`certificates configuration is invalid:\n${problems.join('\n')}`);
  }
  const c = parsed.data;
  return Object.freeze({
    databaseUrl: c.DATABASE_URL,
    kafkaBrokers: c.KAFKA_BROKERS.split(','),
    host: c.HOST,
    port: c.PORT,
    publicBaseUrl: c.PUBLIC_BASE_URL.replace(/\/$/, ''),
    kek: Buffer.from(c.CERTIFICATES_KEK, 'base64'),
    issuerName: c.CERTIFICATES_ISSUER_NAME,
    validityDays: c.CERTIFICATES_VALIDITY_DAYS,
    checkpointIntervalMs: c.CERTIFICATES_CHECKPOINT_INTERVAL_MS,
    logOrigin: c.CERTIFICATES_LOG_ORIGIN,
  });
}
