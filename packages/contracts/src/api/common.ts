import { z } from 'zod';
import { EntityId } from '../primitives.ts';
import { Problem } from '../problem.ts';

/** Building blocks every public API shares: paging, ids in paths, idempotency, problems. */

/** Largest page any list endpoint returns; a client asking for more gets a 400. */
export const maxPageSize = 100;

/** `?limit=&cursor=`: keyset paging, the cursor opaque to clients. */
export const PageQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(maxPageSize).default(20),
  cursor: z.string().min(1).max(200).optional(),
});
export type PageQuery = z.infer<typeof PageQuery>;

/** A page of items and the cursor of the next one (null on the last page). */
export function pageOf<TItem extends z.ZodType>(item: TItem) {
  return z.strictObject({
    items: z.array(item).max(maxPageSize),
    nextCursor: z.string().min(1).max(200).nullable(),
  });
}

/** `/:id` path parameters for an entity. */
export const IdParams = z.strictObject({ id: EntityId });

/**
 * The `Idempotency-Key` header of a mutating POST: a retry with the same key returns the first
 * response. Header objects are not strict: requests carry many other headers.
 */
export const IdempotencyHeaders = z.object({
  'idempotency-key': z
    .string()
    .regex(/^[A-Za-z0-9._:-]{8,200}$/, '8 to 200 of A-Z, a-z, 0-9, ".", "_", ":", "-"'),
});

export const ProblemStatuses = Object.freeze([400, 401, 403, 404, 409, 413, 422, 429, 503]);

/**
 * Problem responses to declare next to a route's success schema, so the OpenAPI document
 * lists them: `response: { 200: Thing, ...problemResponses(400, 404) }`.
 */
export function problemResponses<const TStatus extends number>(
  ...statuses: TStatus[]
): Record<TStatus, typeof Problem> {
  return Object.fromEntries(statuses.map((s) => [s, Problem])) as Record<TStatus, typeof Problem>;
}
