import { baseConfig, databaseConfig, kafkaConfig, portVar } from '@hcts/kit';
import { z } from 'zod';

const base64Key = z
  .string()
  .refine((v) => Buffer.from(v, 'base64').length === 32, 'must be 32 bytes in base64')
  .transform((v) => Buffer.from(v, 'base64'));

/** The service's variables; main.ts parses them once with the kit's loadConfig. */
export const ConfigSchema = z.object({
  ...baseConfig,
  ...databaseConfig,
  ...kafkaConfig,
  SERVICE_NAME: baseConfig.SERVICE_NAME.default('certificates'),
  PORT: portVar(8084),
  /** Where holders and QR codes reach the platform: the gateway's public URL. */
  PUBLIC_BASE_URL: z
    .url()
    .default('http://127.0.0.1:8080')
    .transform((v) => v.replace(/\/$/, '')),
  /** The key-encryption key that seals the signing keys at rest (AES-256-GCM). */
  CERTIFICATES_KEK: base64Key,
  CERTIFICATES_ISSUER_NAME: z.string().min(1).default('HCTS Marketplace'),
  CERTIFICATES_VALIDITY_DAYS: z.coerce.number().int().min(1).max(36_500).default(3650),
  CERTIFICATES_CHECKPOINT_INTERVAL_MS: z.coerce.number().int().min(1000).default(60_000),
  /** How often waiting certificates are appended to the log even without a kick. */
  CERTIFICATES_SEQUENCE_INTERVAL_MS: z.coerce.number().int().min(10).default(200),
  /** Trading partitions handled side by side; each message commits on its own. */
  CERTIFICATES_CONSUMER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(3),
  CERTIFICATES_LOG_ORIGIN: z.string().min(1).default('hcts.certificates.log/v1'),
  CERTIFICATES_VERIFY_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  /** The gateway's token issuer, audience and key set. */
  AUTH_ISSUER: z.string().min(1).default('http://127.0.0.1:8080'),
  AUTH_AUDIENCE: z.string().min(1).default('hcts-services'),
  AUTH_JWKS_URL: z.url().default('http://127.0.0.1:8080/api/auth/jwks'),
});
export type Config = z.output<typeof ConfigSchema>;
