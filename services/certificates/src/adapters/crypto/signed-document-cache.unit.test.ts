import { describe, expect, it } from 'vitest';
import { SignedDocumentCache } from './signed-document-cache.ts';

describe('SignedDocumentCache', () => {
  it('opens each id once, never keeps a failed opening, and drops the oldest when full', async () => {
    const cache = new SignedDocumentCache<string>(2);
    let opened = 0;
    const open = (value: string | undefined) => async () => {
      opened += 1;
      return value;
    };

    expect(await cache.get('a', open('A'))).toBe('A');
    expect(await cache.get('a', open('other'))).toBe('A');
    expect(opened).toBe(1);

    expect(await cache.get('bad', open(undefined))).toBeUndefined();
    expect(await cache.get('bad', open('now good'))).toBe('now good');

    await cache.get('c', open('C'));
    expect(await cache.get('a', open('A again'))).toBe('A again');
    expect(opened).toBe(5);
  });
});
