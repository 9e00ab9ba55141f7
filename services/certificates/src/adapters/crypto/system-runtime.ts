import { randomBytes } from 'node:crypto';
import { uuidv7 } from 'uuidv7';
import type { Runtime } from '../../app/ports.ts';
import { rfc9162Sha256 } from './sha256.ts';

/** 144 random bits: above the 128 the architecture asks of anything a stranger could guess. */
const verificationCodeBytes = 18;

export const systemRuntime: Runtime = Object.freeze({
  now: () => new Date(),
  newId: () => uuidv7(),
  newVerificationCode: () => randomBytes(verificationCodeBytes).toString('base64url'),
  leafHash: (entry: Uint8Array) => rfc9162Sha256.leaf(entry),
});
