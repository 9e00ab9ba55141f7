import { authConfig } from '@hcts/auth';
import { baseConfig, databaseConfig, kafkaConfig, portVar } from '@hcts/kit';
import { z } from 'zod';

const bps = z.coerce.number().int().min(0).max(10_000);

/** The trading service's variables, parsed once at start and frozen. */
export const TradingConfig = z.object({
  ...baseConfig,
  ...databaseConfig,
  ...kafkaConfig,
  /** The gateway's access-token issuer, audience and key set (AUTH_ISSUER, ...). */
  ...authConfig,
  SERVICE_NAME: z.literal('trading').default('trading'),
  PORT: portVar(8082),
  /** The platform's fee on every purchase, in basis points of the total. */
  PLATFORM_FEE_BPS: bps.default(250),
  /** The intermediary's commission on a brokered purchase, in basis points of the total. */
  INTERMEDIARY_COMMISSION_BPS: bps.default(500),
  /** How long a quote can be initiated. */
  QUOTE_TTL_SECONDS: z.coerce.number().int().min(10).max(86_400).default(900),
  /** Pause of the relay from the event store to Kafka when it has caught up. */
  RELAY_IDLE_MS: z.coerce.number().int().min(5).max(10_000).default(50),
  /** Waiting reads (`?waitFor=`) one organization may hold at once; more answer at once. */
  TRANSACTION_WAITS_PER_ORGANIZATION: z.coerce.number().int().min(1).max(10_000).default(16),
});
export type TradingConfig = z.output<typeof TradingConfig>;
