import { authConfig } from '@hcts/auth';
import { baseConfig, databaseConfig, kafkaConfig, portVar } from '@hcts/kit';
import { z } from 'zod';

const list = z
  .string()
  .regex(/^[a-z][a-z0-9-]*(,[a-z][a-z0-9-]*)*$/, 'comma-separated gateway names')
  .transform((v) => v.split(','));

/** The payments service's variables, parsed once at start and frozen. */
export const PaymentsConfig = z
  .object({
    ...baseConfig,
    ...databaseConfig,
    ...kafkaConfig,
    /** The gateway's access-token issuer, audience and key set (AUTH_ISSUER, ...). */
    ...authConfig,
    SERVICE_NAME: z.literal('payments').default('payments'),
    PORT: portVar(8083),
    /** Gateways in default order: the first serves, the next ones take over when it is down. */
    PAYMENTS_GATEWAYS: list.default(['sandbox']),
    SANDBOX_GATEWAY_URL: z.url().default('http://127.0.0.1:8090'),
    SANDBOX_WEBHOOK_SECRET: z.string().regex(/^whsec_[A-Za-z0-9+/=]{16,}$/, 'whsec_ + base64'),
    /** A second sandbox account, to exercise failover locally. */
    SANDBOX_B_GATEWAY_URL: z.url().optional(),
    SANDBOX_B_WEBHOOK_SECRET: z.string().optional(),
    STRIPE_API_URL: z.url().default('https://api.stripe.com'),
    STRIPE_SECRET_KEY: z.string().min(1).optional(),
    STRIPE_WEBHOOK_SECRETS: z.string().min(1).optional(),
    STRIPE_PAYMENT_METHOD: z.string().default('pm_card_visa'),
    WEBHOOK_TOLERANCE_SECONDS: z.coerce.number().int().min(1).max(3_600).default(300),
    GATEWAY_TIMEOUT_MS: z.coerce.number().int().min(100).default(5_000),
    AUTHORIZER_INTERVAL_MS: z.coerce.number().int().min(10).default(500),
    /** How often intents waiting at their gateway are looked at. */
    PAYMENTS_SWEEP_INTERVAL_MS: z.coerce.number().int().min(10).default(10_000),
    /** How long an intent waits for its webhook before its gateway is asked instead. */
    PAYMENTS_SWEEP_AFTER_MS: z.coerce.number().int().min(100).default(30_000),
    /** Intents asked about per pass, oldest first. */
    PAYMENTS_SWEEP_BATCH: z.coerce.number().int().min(1).max(1_000).default(50),
    /** Longest wait between two looks at one intent (the wait doubles after each). */
    PAYMENTS_SWEEP_MAX_BACKOFF_MS: z.coerce.number().int().min(10).default(300_000),
    /**
     * Key of the digests of senders' addresses in security events on the bus; the gateway's
     * value makes both services' digests comparable. Without it no digest is sent.
     */
    SECURITY_DIGEST_SALT: z.string().min(16).optional(),
  })
  .superRefine((c, ctx) => {
    if (
      c.PAYMENTS_GATEWAYS.includes('stripe') &&
      !(c.STRIPE_SECRET_KEY && c.STRIPE_WEBHOOK_SECRETS)
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['STRIPE_SECRET_KEY'],
        message: 'stripe is listed: STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRETS are required',
      });
    }
  });
export type PaymentsConfig = z.output<typeof PaymentsConfig>;
