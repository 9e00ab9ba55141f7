import { describe, expect, it } from 'vitest';
import { codeOf } from '../errors.ts';
import { namespaceOf } from './namespace.ts';

describe('a bus namespace', () => {
  it('is empty by default and keeps prefixes made of topic-name characters', () => {
    expect(namespaceOf({})).toEqual({ groupPrefix: '', topicPrefix: '' });
    expect(namespaceOf({ groupPrefix: 'e2e-1f2e.', topicPrefix: 'e2e_1f2e.' })).toEqual({
      groupPrefix: 'e2e-1f2e.',
      topicPrefix: 'e2e_1f2e.',
    });
  });

  it('refuses a prefix a topic name could not hold', () => {
    for (const bad of [
      { groupPrefix: 'a b' },
      { topicPrefix: 'e2e/' },
      { topicPrefix: 'x'.repeat(101) },
    ]) {
      expect(() => namespaceOf(bad)).toThrow(
        expect.toSatisfy((e) => codeOf(e) === 'BUS_OPTIONS_INVALID'),
      );
    }
  });
});
