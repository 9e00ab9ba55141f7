import { createHash } from 'node:crypto';
import { z } from 'zod';

// Upstream ports mirror infra/stack.json; config.unit.test.ts fails when they drift apart.
export const defaultUpstreamPorts = Object.freeze({
  catalog: 8081,
  trading: 8082,
  payments: 8083,
  certificates: 8084,
  compliance: 8085,
  analytics: 8086,
  webhooks: 8087,
} as const);
export type Upstream = keyof typeof defaultUpstreamPorts;
export const upstreamNames = Object.keys(defaultUpstreamPorts) as Upstream[];

// A secret good only for a developer's machine; production refuses to start with it.
const developmentSecret = 'hcts-development-secret-not-for-production-0123456789';

const upstreamUrl = (name: Upstream) =>
  z.url().default(`http://127.0.0.1:${defaultUpstreamPorts[name]}`);

const Schema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65_535).default(8080),
  PUBLIC_URL: z.url().default('http://127.0.0.1:8080'),
  DATABASE_URL: z.url().default('postgres://postgres@127.0.0.1:5432/postgres'),
  GATEWAY_DATABASE: z
    .string()
    .regex(/^[a-z0-9_]+$/)
    .default('hcts_gateway'),
  REDIS_URL: z.url().default('redis://127.0.0.1:6379'),
  REDIS_PREFIX: z
    .string()
    .regex(/^[\w:-]+$/)
    .default('gw'),
  /** The internal listener of `GET /metrics` (Prometheus); 0 picks a free port, logged. */
  METRICS_PORT: z.coerce.number().int().min(0).max(65_535).default(0),
  METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  KAFKA_BROKERS: z.string().optional(),
  KAFKA_TOPIC_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9._-]{0,100}$/, "up to 100 letters, digits, '.', '_' and '-'")
    .default(''),
  BETTER_AUTH_SECRET: z.string().min(32).default(developmentSecret),
  SECURITY_DIGEST_SALT: z.string().min(16).optional(),
  HCTS_ADMIN_EMAIL: z.email().default('admin@hcts.local'),
  HCTS_ADMIN_PASSWORD: z.string().min(12).default('hcts-admin-change-me'),
  ACCESS_TOKEN_AUDIENCE: z.string().default('hcts-services'),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(30).max(900).default(300),
  PASSWORD_SCRYPT_LOG_N: z.coerce.number().int().min(10).max(20).default(15),
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default('HCTS <no-reply@hcts.local>'),
  GOOGLE_CLIENT_ID: z.string().optional(),
  GOOGLE_CLIENT_SECRET: z.string().optional(),
  OIDC_PROVIDERS: z.string().default('[]'),
  MFA_REQUIRED_ROLES: z.string().default('admin,insurer,intermediary'),
  AUTH_RATE_LIMIT: z.enum(['on', 'off']).default('on'),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  RATE_LIMIT_ADDRESS_PER_MINUTE: z.coerce.number().int().min(1).default(1200),
  LOGIN_FAILURES_PER_ACCOUNT: z.coerce.number().int().min(1).default(5),
  LOGIN_FAILURES_PER_ADDRESS: z.coerce.number().int().min(1).default(20),
  LOGIN_LOCKOUT_SECONDS: z.coerce.number().int().min(1).default(900),
  UPSTREAM_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  UPSTREAM_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(50).default(1_000),
  GATEWAY_UPSTREAMS: z.string().default(upstreamNames.join(',')),
  AUTH_POST_ADDRESS_PER_MINUTE: z.coerce.number().int().min(1).optional(),
  VERIFY_ADDRESS_PER_MINUTE: z.coerce.number().int().min(1).optional(),
  CATALOG_URL: upstreamUrl('catalog'),
  TRADING_URL: upstreamUrl('trading'),
  PAYMENTS_URL: upstreamUrl('payments'),
  CERTIFICATES_URL: upstreamUrl('certificates'),
  COMPLIANCE_URL: upstreamUrl('compliance'),
  ANALYTICS_URL: upstreamUrl('analytics'),
  WEBHOOKS_URL: upstreamUrl('webhooks'),
});

const OidcProvider = z.strictObject({
  providerId: z.string().regex(/^[a-z0-9-]+$/),
  discoveryUrl: z.url(),
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
  scopes: z.array(z.string()).default(['openid', 'email', 'profile']),
});
export type OidcProvider = z.infer<typeof OidcProvider>;

export interface GatewayConfig {
  env: 'development' | 'test' | 'production';
  host: string;
  port: number;
  publicUrl: string;
  databaseServerUrl: string;
  databaseName: string;
  redisUrl: string;
  /** Namespace of the gateway's Redis keys (limits, lockouts, TOTP claims). */
  redisPrefix: string;
  /** Where `GET /metrics` listens: apart from the public port, metrics are for operators. */
  metrics: { host: string; port: number };
  kafkaBrokers: string[] | undefined;
  /** Prefix of the topics the gateway's relay writes (a platform's own set on a shared broker). */
  kafkaTopicPrefix: string;
  authSecret: string;
  /**
   * Key of the digests of network addresses in security events on the bus; services that share
   * it produce equal digests for one address, so compliance can correlate them.
   */
  securityDigestSalt: string;
  admin: { email: string; password: string };
  accessToken: { audience: string; ttlSeconds: number };
  passwordScryptLogN: number;
  mail: { smtpUrl: string | undefined; from: string };
  google: { clientId: string; clientSecret: string } | undefined;
  oidcProviders: OidcProvider[];
  rateLimit: {
    perMinute: number;
    addressPerMinute: number;
    /**
     * Per address on `POST /api/auth/*` (sign-up, sign-in, second factor), in place of the
     * route table's limit; raised by test platforms that sign in many accounts from one address.
     */
    authPostAddressPerMinute: number | undefined;
    /** Per address on certificate verification, in place of the route table's limit. */
    verifyAddressPerMinute: number | undefined;
  };
  /** Better Auth's own per-endpoint limits (sign-up, sign-in...); off only in tests. */
  authRateLimit: boolean;
  /** Roles that must have a second factor set up; an organization can require it for all. */
  mfaRequiredRoles: readonly string[];
  login: { perAccount: number; perAddress: number; lockoutSeconds: number };
  /**
   * The services this deployment runs (GATEWAY_UPSTREAMS, all by default). A service left out
   * is absent: readiness does not wait for it and its routes answer 503 at once.
   */
  upstreams: Partial<Record<Upstream, string>>;
  upstreamTimeoutMs: number;
  upstreamConnectTimeoutMs: number;
}

/** Parses the variables once; every problem is listed by variable name. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Readonly<GatewayConfig> {
  const parsed = Schema.safeParse(env);
  if (!parsed.success) throw new Error(`gateway configuration:\n${describe(parsed.error)}`);
  const v = parsed.data;

  if (v.NODE_ENV === 'production' && v.BETTER_AUTH_SECRET === developmentSecret) {
    throw new Error('gateway configuration:\n  BETTER_AUTH_SECRET: required in production');
  }
  const unknown = listed(v.GATEWAY_UPSTREAMS).filter((n) => !isUpstream(n));
  if (unknown.length > 0) {
    throw new Error(`gateway configuration:\n  GATEWAY_UPSTREAMS: unknown ${unknown.join(', ')}`);
  }
  const oidc = z.array(OidcProvider).safeParse(JSON.parse(v.OIDC_PROVIDERS));
  if (!oidc.success) throw new Error(`gateway configuration:\n  OIDC_PROVIDERS: ${oidc.error}`);

  return Object.freeze({
    env: v.NODE_ENV,
    host: v.HOST,
    port: v.PORT,
    publicUrl: v.PUBLIC_URL.replace(/\/$/, ''),
    databaseServerUrl: v.DATABASE_URL,
    databaseName: v.GATEWAY_DATABASE,
    redisUrl: v.REDIS_URL,
    redisPrefix: v.REDIS_PREFIX,
    metrics: { host: v.METRICS_HOST, port: v.METRICS_PORT },
    kafkaBrokers: v.KAFKA_BROKERS ? v.KAFKA_BROKERS.split(',') : undefined,
    kafkaTopicPrefix: v.KAFKA_TOPIC_PREFIX,
    authSecret: v.BETTER_AUTH_SECRET,
    securityDigestSalt: v.SECURITY_DIGEST_SALT ?? derivedSalt(v.BETTER_AUTH_SECRET),
    admin: { email: v.HCTS_ADMIN_EMAIL, password: v.HCTS_ADMIN_PASSWORD },
    accessToken: { audience: v.ACCESS_TOKEN_AUDIENCE, ttlSeconds: v.ACCESS_TOKEN_TTL_SECONDS },
    passwordScryptLogN: v.PASSWORD_SCRYPT_LOG_N,
    mail: { smtpUrl: v.SMTP_URL, from: v.MAIL_FROM },
    google:
      v.GOOGLE_CLIENT_ID && v.GOOGLE_CLIENT_SECRET
        ? { clientId: v.GOOGLE_CLIENT_ID, clientSecret: v.GOOGLE_CLIENT_SECRET }
        : undefined,
    oidcProviders: oidc.data,
    rateLimit: {
      perMinute: v.RATE_LIMIT_PER_MINUTE,
      addressPerMinute: v.RATE_LIMIT_ADDRESS_PER_MINUTE,
      authPostAddressPerMinute: v.AUTH_POST_ADDRESS_PER_MINUTE,
      verifyAddressPerMinute: v.VERIFY_ADDRESS_PER_MINUTE,
    },
    authRateLimit: v.AUTH_RATE_LIMIT === 'on',
    mfaRequiredRoles: v.MFA_REQUIRED_ROLES.split(',')
      .map((r) => r.trim())
      .filter(Boolean),
    login: {
      perAccount: v.LOGIN_FAILURES_PER_ACCOUNT,
      perAddress: v.LOGIN_FAILURES_PER_ADDRESS,
      lockoutSeconds: v.LOGIN_LOCKOUT_SECONDS,
    },
    upstreams: presentUpstreams(v.GATEWAY_UPSTREAMS, {
      catalog: v.CATALOG_URL,
      trading: v.TRADING_URL,
      payments: v.PAYMENTS_URL,
      certificates: v.CERTIFICATES_URL,
      compliance: v.COMPLIANCE_URL,
      analytics: v.ANALYTICS_URL,
      webhooks: v.WEBHOOKS_URL,
    }),
    upstreamTimeoutMs: v.UPSTREAM_TIMEOUT_MS,
    upstreamConnectTimeoutMs: v.UPSTREAM_CONNECT_TIMEOUT_MS,
  });
}

// Without its own salt the gateway derives one from its secret: digests stay unguessable, but
// only comparable with another service's when both are given the same SECURITY_DIGEST_SALT.
const derivedSalt = (secret: string) =>
  createHash('sha256').update('hcts.security-digest\0').update(secret).digest('hex');

const listed = (names: string): string[] =>
  names
    .split(',')
    .map((n) => n.trim())
    .filter(Boolean);

const isUpstream = (name: string): name is Upstream => Object.hasOwn(defaultUpstreamPorts, name);

/** The URLs of the services named in GATEWAY_UPSTREAMS; the others are absent. */
function presentUpstreams(
  names: string,
  urls: Record<Upstream, string>,
): Partial<Record<Upstream, string>> {
  const present = listed(names).filter(isUpstream);
  return Object.fromEntries(present.map((name) => [name, urls[name]]));
}

function describe(error: z.ZodError): string {
  return error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
}
