import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { failureActionOf, statusOfCategory } from './categories.ts';
import { AppError, defineErrors, isCatalogueError } from './define-errors.ts';

const errors = defineErrors({
  TEST_ORDER_NOT_FOUND: { category: 'not-found', message: 'Order {orderId} of {owner} not found' },
  TEST_ORDER_RACE: { category: 'conflict', message: 'Order changed meanwhile' },
  TEST_BROKER_DOWN: { category: 'unavailable', message: 'Broker down' },
  TEST_RULE: { category: 'rule', message: 'Rule broken' },
});

describe('defineErrors', () => {
  it('raises typed errors with code, category and rendered message', () => {
    const error = errors.TEST_ORDER_NOT_FOUND({ orderId: 'o-1', owner: 'acme' });

    expect(error).toBeInstanceOf(AppError);
    expect(error.code).toBe('TEST_ORDER_NOT_FOUND');
    expect(error.category).toBe('not-found');
    expect(error.message).toBe('Order o-1 of acme not found');
    expect(error.params).toEqual({ orderId: 'o-1', owner: 'acme' });
    expect(errors.TEST_ORDER_NOT_FOUND.is(error)).toBe(true);
    expect(errors.TEST_ORDER_RACE.is(error)).toBe(false);
  });

  it('carries failing fields and a cause', () => {
    const cause = new Error('inner');
    const error = errors.TEST_RULE({}, { fields: [{ field: 'a.b', message: 'bad' }], cause });

    expect(error.fields).toEqual([{ field: 'a.b', message: 'bad' }]);
    expect(error.cause).toBe(cause);
  });

  it('types the params from the template and leaves a missing one visible', () => {
    // @ts-expect-error: the template also needs `owner`
    const error = errors.TEST_ORDER_NOT_FOUND({ orderId: 'o-2' });
    // @ts-expect-error: a template without placeholders takes no params
    errors.TEST_RULE({ orderId: 'o-2' });

    expect(error.message).toBe('Order o-2 of {owner} not found');
  });

  it('refuses a code that is not SCREAMING_SNAKE', () => {
    expect(() => defineErrors({ notFound: { category: 'not-found', message: 'x' } })).toThrow(
      /SCREAMING_SNAKE/,
    );
  });

  it('freezes the catalogue', () => {
    expect(Object.isFrozen(errors)).toBe(true);
  });

  it('recognises a domain error declared without the kit', () => {
    class DomainError extends Error {
      code = 'TRADING_X';
      category = 'rule' as const;
    }

    expect(isCatalogueError(new DomainError('x'))).toBe(true);
    expect(isCatalogueError(Object.assign(new Error('x'), { code: 'ECONNRESET' }))).toBe(false);
  });
});

describe('category mappings', () => {
  it('maps every category to its status', () => {
    expect(statusOfCategory).toEqual({
      validation: 400,
      'not-found': 404,
      conflict: 409,
      rule: 422,
      forbidden: 403,
      unauthenticated: 401,
      unavailable: 503,
    });
  });

  it('retries what may heal and dead-letters what cannot', () => {
    const zodError = z.string().safeParse(1).error;

    expect(failureActionOf(errors.TEST_BROKER_DOWN())).toBe('retry');
    expect(failureActionOf(errors.TEST_ORDER_RACE())).toBe('retry');
    expect(failureActionOf(new Error('socket hang up'))).toBe('retry');
    expect(failureActionOf(errors.TEST_RULE())).toBe('dead-letter');
    expect(failureActionOf(errors.TEST_ORDER_NOT_FOUND({ orderId: 'o', owner: 'x' }))).toBe(
      'retry',
    );
    expect(failureActionOf(zodError)).toBe('dead-letter');
  });
});
