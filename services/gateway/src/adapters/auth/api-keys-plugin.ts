import type { BetterAuthPlugin } from 'better-auth';
import { APIError, createAuthEndpoint, sessionMiddleware } from 'better-auth/api';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { z } from 'zod';
import { invalidScopes, newApiKey } from '../../app/api-key-format.ts';
import { roleOfKind } from '../../app/organization-roles.ts';
import { membershipOf } from '../postgres/memberships.ts';

const CreateBody = z.strictObject({
  name: z.string().min(1).max(100),
  scopes: z.array(z.string().max(40)).min(1).max(40),
  expiresInDays: z.int().min(1).max(365).optional(),
  rateLimitPerMinute: z.int().min(1).max(10_000).default(600),
});

/**
 * API keys for integrations, as a Better Auth plugin (its schema joins the migrations, its
 * endpoints sit under /api/auth/api-key/*). Written here rather than using
 * `@better-auth/api-key` because that package pins exact versions of `better-call` and
 * `@better-auth/utils` older than the ones better-auth 1.7.29 ships; installing it would load
 * two copies of both, and error classes from one would not be recognised by the other.
 * Keys belong to an organization, are shown once, stored as SHA-256 digests, and carry
 * scopes, an expiry, a last-used time and their own rate limit.
 */
export function apiKeysPlugin(db: Kysely<unknown>) {
  const ownerOf = async (userId: string, activeOrganizationId?: string | null) => {
    const membership = await membershipOf(db, userId, activeOrganizationId);
    if (!membership) throw forbidden('GATEWAY_NOT_A_MEMBER', 'join an organization first');
    if (membership.status !== 'verified') {
      throw forbidden('GATEWAY_ORGANIZATION_NOT_VERIFIED', 'the organization is not verified');
    }
    const { rows } = await sql<{ role: string }>`
      select role from member where "userId" = ${userId}
      and "organizationId" = ${membership.organizationId}`.execute(db);
    if (!rows.some((r) => r.role.split(',').some((x) => x === 'owner' || x === 'admin'))) {
      throw forbidden('GATEWAY_NOT_ORGANIZATION_ADMIN', 'only owners and admins manage keys');
    }
    return membership;
  };

  const create = createAuthEndpoint(
    '/api-key/create',
    { method: 'POST', use: [sessionMiddleware], body: CreateBody },
    async (ctx) => {
      const { session, user } = ctx.context.session;
      const membership = await ownerOf(user.id, session.activeOrganizationId as string);
      const wrong = invalidScopes(roleOfKind[membership.kind], ctx.body.scopes);
      if (wrong.length > 0) {
        throw APIError.from('BAD_REQUEST', {
          code: 'GATEWAY_API_KEY_SCOPE_INVALID',
          message: `scopes not granted to this organization: ${wrong.join(', ')}`,
        });
      }

      const { key, start, hash } = newApiKey();
      const expiresAt = ctx.body.expiresInDays
        ? new Date(Date.now() + ctx.body.expiresInDays * 86_400_000)
        : null;
      const record = await ctx.context.adapter.create<Record<string, unknown>>({
        model: 'apiKey',
        data: {
          organizationId: membership.organizationId,
          createdBy: user.id,
          name: ctx.body.name,
          start,
          keyHash: hash,
          scopes: ctx.body.scopes.join(' '),
          rateLimitPerMinute: ctx.body.rateLimitPerMinute,
          expiresAt,
          createdAt: new Date(),
        },
      });
      return ctx.json({ ...publicView(record), key });
    },
  );

  const list = createAuthEndpoint(
    '/api-key/list',
    { method: 'GET', use: [sessionMiddleware] },
    async (ctx) => {
      const { session, user } = ctx.context.session;
      const membership = await ownerOf(user.id, session.activeOrganizationId as string);
      const keys = await ctx.context.adapter.findMany<Record<string, unknown>>({
        model: 'apiKey',
        where: [{ field: 'organizationId', value: membership.organizationId }],
      });
      return ctx.json(keys.map(publicView));
    },
  );

  const revoke = createAuthEndpoint(
    '/api-key/revoke',
    { method: 'POST', use: [sessionMiddleware], body: z.strictObject({ keyId: z.string() }) },
    async (ctx) => {
      const { session, user } = ctx.context.session;
      const membership = await ownerOf(user.id, session.activeOrganizationId as string);
      const updated = await ctx.context.adapter.update<Record<string, unknown>>({
        model: 'apiKey',
        where: [
          { field: 'id', value: ctx.body.keyId },
          { field: 'organizationId', value: membership.organizationId },
        ],
        update: { revokedAt: new Date() },
      });
      if (!updated)
        throw APIError.from('NOT_FOUND', {
          code: 'GATEWAY_API_KEY_NOT_FOUND',
          message: 'no such key',
        });
      return ctx.json({ revoked: true });
    },
  );

  return {
    id: 'hcts-api-keys',
    endpoints: { createApiKey: create, listApiKeys: list, revokeApiKey: revoke },
    schema: {
      apiKey: {
        fields: {
          organizationId: {
            type: 'string',
            required: true,
            references: { model: 'organization', field: 'id', onDelete: 'cascade' },
          },
          createdBy: {
            type: 'string',
            required: true,
            references: { model: 'user', field: 'id', onDelete: 'cascade' },
          },
          name: { type: 'string', required: true },
          start: { type: 'string', required: true },
          keyHash: { type: 'string', required: true, unique: true },
          scopes: { type: 'string', required: true },
          rateLimitPerMinute: { type: 'number', required: true },
          expiresAt: { type: 'date', required: false },
          lastUsedAt: { type: 'date', required: false },
          revokedAt: { type: 'date', required: false },
          createdAt: { type: 'date', required: true },
        },
      },
    },
  } satisfies BetterAuthPlugin;
}

function publicView(record: Record<string, unknown>) {
  const { keyHash: _secretDigest, ...rest } = record;
  return { ...rest, scopes: String(record.scopes).split(' ') };
}

function forbidden(code: string, message: string) {
  return APIError.from('FORBIDDEN', { code, message });
}
