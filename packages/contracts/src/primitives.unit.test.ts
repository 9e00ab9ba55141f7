import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ForeignId, isStorableText, Text } from './primitives.ts';

describe('Text', () => {
  it('accepts any well-formed text, paired surrogates included', () => {
    for (const value of ['', 'plain', 'Ünïcödé 脑部 MRI', 'emoji 🧠', 'tab\there', 'ل']) {
      expect([value, Text.safeParse(value).success]).toEqual([value, true]);
    }
  });

  it('refuses NUL and unpaired surrogates', () => {
    for (const value of ['a\u0000b', '\u0000', 'a\ud800b', 'a\udc00', '\ud83e']) {
      expect([value, Text.safeParse(value).success]).toEqual([value, false]);
      expect(isStorableText(value)).toBe(false);
    }
  });

  it('keeps length checks chained after it and names the field in a parent object', () => {
    const Body = z.strictObject({ reason: Text.min(1).max(3) });

    expect(Body.safeParse({ reason: 'abcd' }).success).toBe(false);
    const failed = Body.safeParse({ reason: 'a\u0000' });
    expect(failed.error?.issues.map((issue) => issue.path)).toEqual([['reason']]);
  });

  it('is what ForeignId is made of', () => {
    expect(ForeignId.safeParse('user-1').success).toBe(true);
    expect(ForeignId.safeParse('x\u0000').success).toBe(false);
    expect(ForeignId.safeParse('x\udfff').success).toBe(false);
    expect(ForeignId.safeParse('').success).toBe(false);
  });
});
