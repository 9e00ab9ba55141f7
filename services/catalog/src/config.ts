import { authConfig } from '@hcts/auth';
import { baseConfig, databaseConfig, kafkaConfig, portVar, redisConfig } from '@hcts/kit';
import { z } from 'zod';

const sharedData = new URL('../../../../shared/data/', import.meta.url).pathname;

/** The catalog's variables, parsed once at start and frozen. */
export const CatalogConfig = z.object({
  ...baseConfig,
  ...databaseConfig,
  ...kafkaConfig,
  ...redisConfig,
  /** The gateway's access-token issuer, audience and key set (AUTH_ISSUER, ...). */
  ...authConfig,
  SERVICE_NAME: z.literal('catalog').default('catalog'),
  PORT: portVar(8081),
  /** Folder with CMS's published JSON Schemas (V2.0.0 ... V3.0.0). */
  CMS_HPT_SCHEMA_DIR: z.string().min(1).default(`${sharedData}cms-hpt/examples`),
  /** The ICD-11 SimpleTabulation (.xlsx or .txt) imported at start when no release is there. */
  ICD11_TABULATION_FILE: z.string().min(1).optional(),
  /** 32 bytes, base64: wraps each organization's price-file key (AES-256-GCM). */
  PRICE_FILE_MASTER_KEY: z
    .string()
    .refine((value) => Buffer.from(value, 'base64').length === 32, '32 bytes in base64'),
  PRICE_FILE_MAX_BYTES: z.coerce.number().int().min(1_024).max(200_000_000).default(50_000_000),
  OPENAI_API_KEY: z.string().min(1).optional(),
  OPENAI_BASE_URL: z.url().optional(),
  OPENAI_MODEL: z.string().min(1).default('gpt-4o-mini'),
  ASSISTANT_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(8_000),
  CACHE_TTL_SECONDS: z.coerce.number().int().min(1).max(86_400).default(300),
});
export type CatalogConfig = z.output<typeof CatalogConfig>;
