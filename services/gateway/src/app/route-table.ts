import type { Action, Resource } from '@hcts/contracts';
import type { Upstream } from '../config.ts';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Who may call a route: anyone, or a member whose role the matrix grants (resource, action). */
export type Access =
  | { kind: 'public' }
  /** Any signed-in user, with or without an organization. */
  | { kind: 'signed-in' }
  | {
      kind: 'member';
      resource: Resource;
      action: Action;
      /** Trading moves money or commits an organization: only verified organizations. */
      trade?: boolean;
      /** A path parameter naming an owner, checked when the role's scope is `own`. */
      owner?: { param: string; of: 'user' | 'organization' };
    };

export interface RouteEntry {
  method: Method;
  /** The public path, in Fastify's syntax. */
  path: string;
  /** The service that answers, or the gateway itself. */
  target: Upstream | 'gateway' | 'identity';
  /** The path at the service when it differs from the public one. */
  upstreamPath?: string;
  access: Access;
  /** A tighter per-address limit for this route (requests per minute). */
  perAddressPerMinute?: number;
  /** The largest body the route takes; `bodyLimitOf` gives the default. */
  maxBodyBytes?: number;
  /** A read that may wait for a change (`?waitFor=`): forwarded over a pool of its own. */
  waits?: boolean;
}

/** Better Auth's requests are small JSON; a service takes up to 1 MiB unless its route says. */
export function bodyLimitOf(route: RouteEntry): number {
  return route.maxBodyBytes ?? (route.target === 'identity' ? 65_536 : 1_048_576);
}

const member = (
  resource: Resource,
  action: Action,
  extra: { trade?: boolean; owner?: { param: string; of: 'user' | 'organization' } } = {},
): Access => ({ kind: 'member', resource, action, ...extra });
const open: Access = { kind: 'public' };

const route = (
  method: Method,
  path: string,
  target: RouteEntry['target'],
  access: Access,
  extra: Partial<RouteEntry> = {},
): RouteEntry => ({ method, path, target, access, ...extra });

/**
 * Every public route and its policy; a route missing here is not served at all (deny by
 * default), and route-table.unit.test.ts fails on a registered route without an entry.
 *
 * Decisions where the matrix is silent, written here so they are seen together:
 * - Public: Better Auth's /api/auth/*, health, certificate verification, the certificates'
 *   own JWKS, JSON-LD context, status list and log (checkpoint, consistency), and payment
 *   gateways' webhooks (payments verifies their signatures).
 * - Signing-key rotation is `system` administration; payment routing is an `update` of
 *   `payments` (both admin only); a statement is a read of the organization's own payments.
 * - Marketplace, ICD-11 and platform statistics are reads of `marketplace`: every role, but not
 *   anonymous callers, because prices are business terms between members.
 * - Carts and quotes are `transactions` (a cart is a transaction being prepared).
 * - Analytics are reads of `transactions` (each role sees figures of its own business).
 * - Webhook endpoints and GDPR requests are the caller's `ownData`.
 */
export const routeTable: readonly RouteEntry[] = Object.freeze([
  // Catalog.
  route('GET', '/api/services', 'catalog', member('services', 'read')),
  route('POST', '/api/services', 'catalog', member('services', 'create', { trade: true })),
  route('GET', '/api/services/stats', 'catalog', member('services', 'read')),
  // The owner's view of a service (drafts too); buyers read an offer under /api/marketplace.
  // No DELETE: a service is retired (PUT with status `retired`) and stays readable for the
  // certificates and transactions that name it.
  route('GET', '/api/services/:id', 'catalog', member('services', 'read')),
  route('PUT', '/api/services/:id', 'catalog', member('services', 'update', { trade: true })),
  route('POST', '/api/services/:id/quote', 'catalog', member('marketplace', 'read')),
  route('GET', '/api/services/price-lists', 'catalog', member('services', 'read')),
  route(
    'POST',
    '/api/services/price-lists',
    'catalog',
    member('services', 'create', { trade: true }),
  ),
  route(
    'PUT',
    '/api/services/price-lists/:id',
    'catalog',
    member('services', 'update', { trade: true }),
  ),
  route('POST', '/api/services/coding-assistant', 'catalog', member('services', 'create')),
  // Which insurer a payer name of a CMS file means is the platform operator's call.
  route('PUT', '/api/services/payer-aliases', 'catalog', member('system', 'update')),
  route(
    'GET',
    '/api/services/provider/:providerId',
    'catalog',
    member('services', 'read', { owner: { param: 'providerId', of: 'organization' } }),
  ),
  route(
    'GET',
    '/api/services/provider/:providerId/cms-standard-charges',
    'catalog',
    member('services', 'read', { owner: { param: 'providerId', of: 'organization' } }),
  ),
  route(
    'GET',
    '/api/services/provider/:providerId/price-files/:fileId',
    'catalog',
    member('services', 'read', { owner: { param: 'providerId', of: 'organization' } }),
  ),
  // A CMS price file upload: the body goes to the catalog as sent (JSON or CSV), never parsed.
  route(
    'POST',
    '/api/services/provider/:providerId/cms-standard-charges',
    'catalog',
    member('services', 'create', {
      trade: true,
      owner: { param: 'providerId', of: 'organization' },
    }),
    // The catalog's default PRICE_FILE_MAX_BYTES; it enforces its own configured limit too.
    { maxBodyBytes: 50_000_000 },
  ),
  route('GET', '/api/marketplace/services', 'catalog', member('marketplace', 'read')),
  route('GET', '/api/marketplace/services/:id', 'catalog', member('marketplace', 'read')),
  route('GET', '/api/icd11/search', 'catalog', member('marketplace', 'read')),
  route('GET', '/api/icd11/:code', 'catalog', member('marketplace', 'read')),

  // Trading.
  route('GET', '/api/cart', 'trading', member('transactions', 'read')),
  route('POST', '/api/cart/items', 'trading', member('transactions', 'create')),
  route('PUT', '/api/cart/items/:itemId', 'trading', member('transactions', 'update')),
  route('DELETE', '/api/cart/items/:itemId', 'trading', member('transactions', 'update')),
  route('POST', '/api/purchase/quote', 'trading', member('transactions', 'create')),
  route(
    'POST',
    '/api/purchase/initiate',
    'trading',
    member('transactions', 'create', { trade: true }),
  ),
  route(
    'POST',
    '/api/purchase/complete',
    'trading',
    member('transactions', 'update', { trade: true }),
  ),
  route(
    'POST',
    '/api/purchase/cancel',
    'trading',
    member('transactions', 'update', { trade: true }),
  ),
  route(
    'POST',
    '/api/purchase/refund',
    'trading',
    member('transactions', 'update', { trade: true }),
  ),
  route('GET', '/api/transactions', 'trading', member('transactions', 'read')),
  route('GET', '/api/transactions/:id', 'trading', member('transactions', 'read'), {
    waits: true,
  }),

  // Payments.
  route(
    'POST',
    '/api/payments/initiate',
    'payments',
    member('payments', 'create', { trade: true }),
  ),
  route('GET', '/api/payments/status/:id', 'payments', member('payments', 'read')),
  route(
    'GET',
    '/api/payments/history/:userId',
    'payments',
    member('payments', 'read', { owner: { param: 'userId', of: 'user' } }),
  ),
  route('GET', '/api/payments/balances', 'payments', member('payments', 'read')),
  route(
    'GET',
    '/api/payments/statements/:organizationId',
    'payments',
    member('payments', 'read', { owner: { param: 'organizationId', of: 'organization' } }),
  ),
  route('PUT', '/api/payments/routing/:organizationId', 'payments', member('payments', 'update')),
  // Known limit: a provider's webhooks come from a few addresses at a volume that follows sales
  // (two events per purchase), so a per-address limit caps the platform's purchase rate: 600 a
  // minute held it at 5 purchases/s. This one, which replaces the general address limit here,
  // leaves room for 500 purchases/s from one address. A quota per gateway, counted once payments
  // has verified the signature, would bound floods without tying the rate to the sender.
  route('POST', '/api/payments/webhook/:gateway', 'payments', open, {
    perAddressPerMinute: 60_000,
  }),

  // Certificates.
  route('POST', '/api/certificates/generate', 'certificates', member('certificates', 'create')),
  route('GET', '/api/certificates/verify/:code', 'certificates', open, {
    perAddressPerMinute: 60,
  }),
  route('GET', '/api/certificates/jwks.json', 'certificates', open, {
    upstreamPath: '/.well-known/jwks.json',
  }),
  // The JSON-LD context every certificate names (`<public URL>/credentials/v1`): a verifier
  // that expands the document fetches it without any credential.
  route('GET', '/credentials/v1', 'certificates', open),
  // What an offline verifier needs besides its bundle: the status list (revocations), and the
  // log's head and consistency proofs. A checkpoint is signed per request, hence the limits.
  route('GET', '/api/certificates/status', 'certificates', open, { perAddressPerMinute: 120 }),
  route('GET', '/api/certificates/log/checkpoint', 'certificates', open, {
    perAddressPerMinute: 60,
  }),
  route('GET', '/api/certificates/log/consistency', 'certificates', open, {
    perAddressPerMinute: 60,
  }),
  route('POST', '/api/certificates/keys/rotate', 'certificates', member('system', 'update')),
  route('GET', '/api/certificates/download/:id', 'certificates', member('certificates', 'read')),
  route(
    'GET',
    '/api/certificates/user/:userId',
    'certificates',
    member('certificates', 'read', { owner: { param: 'userId', of: 'user' } }),
  ),
  route('GET', '/api/certificates/:id', 'certificates', member('certificates', 'read')),

  // Compliance.
  route('GET', '/api/audit/logs', 'compliance', member('auditLogs', 'read')),
  route('GET', '/api/audit/verify', 'compliance', member('auditLogs', 'read')),
  route('GET', '/api/security/events', 'compliance', member('securityEvents', 'read')),
  route('GET', '/api/security/incidents', 'compliance', member('securityEvents', 'read')),
  route('POST', '/api/security/incidents', 'compliance', member('securityEvents', 'create')),
  route('PUT', '/api/security/incidents/:id', 'compliance', member('securityEvents', 'update')),
  route('GET', '/api/gdpr/export', 'compliance', member('ownData', 'read')),
  route('GET', '/api/gdpr/consents', 'compliance', member('ownData', 'read')),
  route('POST', '/api/gdpr/consents', 'compliance', member('ownData', 'update')),
  route('POST', '/api/gdpr/erasure-requests', 'compliance', member('ownData', 'update')),
  route('GET', '/api/gdpr/processing-records', 'compliance', member('userData', 'read')),

  // Analytics.
  route('GET', '/api/analytics/dashboard', 'analytics', member('transactions', 'read')),
  route('GET', '/api/analytics/sales', 'analytics', member('transactions', 'read')),
  route('GET', '/api/analytics/stream', 'analytics', member('transactions', 'read')),
  route('GET', '/api/platform-stats', 'analytics', member('marketplace', 'read')),

  // Webhooks.
  route('GET', '/api/webhooks/endpoints', 'webhooks', member('ownData', 'read')),
  route('POST', '/api/webhooks/endpoints', 'webhooks', member('ownData', 'update')),
  route('GET', '/api/webhooks/endpoints/:id', 'webhooks', member('ownData', 'read')),
  route('PUT', '/api/webhooks/endpoints/:id', 'webhooks', member('ownData', 'update')),
  route('DELETE', '/api/webhooks/endpoints/:id', 'webhooks', member('ownData', 'update')),
  route('GET', '/api/webhooks/deliveries', 'webhooks', member('ownData', 'read')),
  route('POST', '/api/webhooks/deliveries/:id/replay', 'webhooks', member('ownData', 'update')),

  // The gateway's own: identity answers and organization verification.
  route('GET', '/api/user/role', 'gateway', { kind: 'signed-in' }),
  route('POST', '/api/verification/status', 'gateway', member('ownData', 'read')),
  // Deciding whether an organization may trade is the platform operator's: `system`, which
  // only admins hold (every role may read and update its own `userData`).
  route('GET', '/api/verification/organizations', 'gateway', member('system', 'read')),
  route('POST', '/api/verification/decisions', 'gateway', member('system', 'update')),
  route('GET', '/api/auth/*', 'identity', open, { perAddressPerMinute: 300 }),
  route('POST', '/api/auth/*', 'identity', open, { perAddressPerMinute: 120 }),
]);

export function routeKey(method: string, path: string): string {
  return `${method} ${path}`;
}
