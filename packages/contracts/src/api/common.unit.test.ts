import { uuidv7 } from 'uuidv7';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Problem } from '../problem.ts';
import { IdempotencyHeaders, IdParams, PageQuery, pageOf, problemResponses } from './common.ts';

describe('PageQuery', () => {
  it('coerces the limit from the query string and defaults it', () => {
    expect(PageQuery.parse({ limit: '50' })).toEqual({ limit: 50 });
    expect(PageQuery.parse({})).toEqual({ limit: 20 });
  });

  it('bounds the page size and rejects unknown parameters', () => {
    expect(PageQuery.safeParse({ limit: '101' }).success).toBe(false);
    expect(PageQuery.safeParse({ limit: '0' }).success).toBe(false);
    expect(PageQuery.safeParse({ offset: '10' }).success).toBe(false);
  });
});

describe('pageOf', () => {
  it('wraps items with the next cursor and refuses oversized pages', () => {
    const Page = pageOf(z.strictObject({ id: z.string() }));

    expect(Page.parse({ items: [{ id: 'a' }], nextCursor: null }).items).toHaveLength(1);
    const tooMany = Array.from({ length: 101 }, (_, i) => ({ id: String(i) }));
    expect(Page.safeParse({ items: tooMany, nextCursor: null }).success).toBe(false);
  });
});

describe('IdParams and IdempotencyHeaders', () => {
  it('accepts a UUIDv7 id only', () => {
    expect(IdParams.safeParse({ id: uuidv7() }).success).toBe(true);
    expect(IdParams.safeParse({ id: crypto.randomUUID() }).success).toBe(false);
  });

  it('accepts a plain key among other headers and refuses a short or odd one', () => {
    const key = uuidv7();

    expect(IdempotencyHeaders.parse({ 'idempotency-key': key, host: 'x' })).toMatchObject({
      'idempotency-key': key,
    });
    expect(IdempotencyHeaders.safeParse({ 'idempotency-key': 'short' }).success).toBe(false);
    expect(IdempotencyHeaders.safeParse({ 'idempotency-key': 'a b c d e f g h' }).success).toBe(
      false,
    );
  });
});

describe('problemResponses', () => {
  it('maps each status to the problem schema', () => {
    expect(problemResponses(400, 404)).toEqual({ 400: Problem, 404: Problem });
  });
});
