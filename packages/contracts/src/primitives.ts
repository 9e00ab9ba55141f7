import { z } from 'zod';

/** Entity ids are UUIDv7: time-ordered, so indexes stay compact. */
export const EntityId = z.uuid({ version: 'v7' });

/** Any UUID, for ids minted by systems outside the platform (Better Auth users, say). */
export const ForeignId = z.string().min(1).max(100);

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
