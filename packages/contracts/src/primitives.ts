import { z } from 'zod';

/** Entity ids are UUIDv7: time-ordered, so indexes stay compact. */
export const EntityId = z.uuid({ version: 'v7' });

/** True when a string is well-formed Unicode (no unpaired surrogate) and holds no NUL. */
export function isStorableText(value: string): boolean {
  return value.isWellFormed() && !value.includes('\u0000');
}

/**
 * A string that can be stored and sent on: Postgres text refuses NUL, and an unpaired
 * surrogate is not Unicode (it would be stored as U+FFFD while the caller saw its own value).
 * Chain `.min()`/`.max()` as on `z.string()`. Every free-text field of an input uses it, so
 * that such a value is a 400 naming the field rather than a database error.
 */
export const Text = z.string().refine(isStorableText, {
  message: 'text must not contain NUL characters or unpaired surrogates',
});

/** Any id minted by systems outside the platform (Better Auth users, say). */
export const ForeignId = Text.min(1).max(100);

export const Currency = z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code in capitals, e.g. USD');

/** Integer minor units (cents). JSON integers within the safe range; never fractions. */
export const MinorUnits = z.int().min(0).max(Number.MAX_SAFE_INTEGER);

/** Signed minor units, for adjustments and ledger postings. */
export const SignedMinorUnits = z.int().min(-Number.MAX_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER);

/** Rates in basis points: 1 bp = 0.01 %, 10,000 bp = 100 %. */
export const BasisPoints = z.int().min(0).max(10_000);

export const Money = z.strictObject({ amountMinor: MinorUnits, currency: Currency });
export type Money = z.infer<typeof Money>;

/** ISO 8601 in UTC on the wire. */
export const Timestamp = z.iso.datetime({ offset: false });

export const ProcedureCode = z.strictObject({
  system: z.enum(['CPT', 'HCPCS', 'MS-DRG', 'APR-DRG', 'NDC', 'RC', 'ICD', 'CDT', 'LOCAL']),
  code: z.string().min(1).max(40),
});
export type ProcedureCode = z.infer<typeof ProcedureCode>;

/** An ICD-11 MMS code stored with the release it was validated against. */
export const Indication = z.strictObject({
  code: z.string().min(2).max(40),
  releaseId: z.string().min(4).max(20),
});
export type Indication = z.infer<typeof Indication>;
