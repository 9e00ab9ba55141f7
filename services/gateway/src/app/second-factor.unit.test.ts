import { describe, expect, it } from 'vitest';
import type { SecondFactorState } from './second-factor.ts';
import { secondFactorMissing } from './second-factor.ts';

const required = ['admin', 'insurer', 'intermediary'];
const none: SecondFactorState = { totpEnrolled: false, passkeySession: false };
const totp: SecondFactorState = { totpEnrolled: true, passkeySession: false };
const passkey: SecondFactorState = { totpEnrolled: false, passkeySession: true };

describe('secondFactorMissing', () => {
  it('requires a second factor of the listed roles until they enrol', () => {
    expect(secondFactorMissing('admin', false, none, required)).toBe(true);
    expect(secondFactorMissing('admin', false, totp, required)).toBe(false);
    expect(secondFactorMissing('provider', false, none, required)).toBe(false);
  });

  it('takes a session opened with a passkey as the second factor, like TOTP', () => {
    expect(secondFactorMissing('admin', false, passkey, required)).toBe(false);
    expect(secondFactorMissing('insurer', false, passkey, required)).toBe(false);
    expect(secondFactorMissing('intermediary', true, passkey, required)).toBe(false);
  });

  it('lets an organization require it of every member', () => {
    expect(secondFactorMissing('provider', true, none, required)).toBe(true);
    expect(secondFactorMissing('provider', true, passkey, required)).toBe(false);
  });

  it('asks nothing of someone without an organization yet', () => {
    expect(secondFactorMissing(null, true, none, required)).toBe(false);
  });
});
