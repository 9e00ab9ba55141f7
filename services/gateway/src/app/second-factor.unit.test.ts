import { describe, expect, it } from 'vitest';
import { secondFactorMissing } from './second-factor.ts';

const required = ['admin', 'insurer', 'intermediary'];

describe('secondFactorMissing', () => {
  it('requires a second factor of the listed roles until they enrol', () => {
    expect(secondFactorMissing('admin', false, false, required)).toBe(true);
    expect(secondFactorMissing('admin', false, true, required)).toBe(false);
    expect(secondFactorMissing('provider', false, false, required)).toBe(false);
  });

  it('lets an organization require it of every member', () => {
    expect(secondFactorMissing('provider', true, false, required)).toBe(true);
  });

  it('asks nothing of someone without an organization yet', () => {
    expect(secondFactorMissing(null, true, false, required)).toBe(false);
  });
});
