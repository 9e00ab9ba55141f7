import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { readShared, readSharedJson } from './shared-data.ts';
import {
  createStripeSignatureVerifier,
  parseStripeSignature,
  stripeSignature,
} from './stripe-signature.ts';

interface Vector {
  id: string;
  secret: string;
  timestamp: number;
  payload: string;
  stripe_signature_header: string;
  verify_with_now?: number;
  tolerance?: number;
  expected_v1?: string;
  payload_sha256?: string;
  expected_result?: string;
}

interface Vectors {
  docs_example_not_verifiable: { stripe_signature_header: string };
  valid_vectors: Vector[];
  invalid_vectors: Vector[];
  malformed_headers_must_be_rejected: string[];
  extra_valid_header_example: { stripe_signature_header: string; verify_with_now: number };
}

const vectors = readSharedJson<Vectors>('stripe/stripe-signature-test-vectors.json');

function verifierFor(v: {
  secret: string;
  verify_with_now?: number;
  timestamp: number;
  tolerance?: number;
}) {
  return createStripeSignatureVerifier({
    secrets: [v.secret],
    toleranceSeconds: v.tolerance ?? 300,
    nowSeconds: () => v.verify_with_now ?? v.timestamp,
  });
}

describe('Stripe-Signature with the shared vectors', () => {
  it.each(vectors.valid_vectors)('accepts $id', (v) => {
    const body = Buffer.from(v.payload, 'utf8');
    expect(createHash('sha256').update(body).digest('hex')).toBe(v.payload_sha256);
    expect(stripeSignature(v.secret, v.timestamp, body)).toBe(v.expected_v1);
    expect(verifierFor(v)(body, v.stripe_signature_header)).toEqual({ timestamp: v.timestamp });
  });

  it('signs the payload file byte for byte as the vector does', () => {
    const v = vectors.valid_vectors[0]!;
    const file = readShared('stripe/event_test_signature.json').toString('utf8');
    const body = Buffer.from(file.replace(/\r\n/g, '\n'), 'utf8');
    expect(verifierFor(v)(body, v.stripe_signature_header).timestamp).toBe(v.timestamp);
  });

  it.each(vectors.invalid_vectors)('rejects $id ($expected_result)', (v) => {
    const verify = verifierFor(v);
    const reason = v.expected_result?.includes('tolerance')
      ? /tolerance/
      : v.expected_result?.includes('no v1')
        ? /no v1/
        : /signature mismatch/;
    expect(() => verify(Buffer.from(v.payload), v.stripe_signature_header)).toThrow(reason);
  });

  it.each(vectors.malformed_headers_must_be_rejected)('rejects the malformed header %j', (h) => {
    const verify = createStripeSignatureVerifier({
      secrets: ['webhook_secret'],
      nowSeconds: () => 0,
    });
    expect(() => verify(Buffer.from('{}'), h)).toThrow(/webhook rejected/);
  });

  it('accepts a header where any one of several v1 signatures matches', () => {
    const v = vectors.valid_vectors[0]!;
    const extra = vectors.extra_valid_header_example;
    const verify = verifierFor({ ...v, verify_with_now: extra.verify_with_now });
    expect(() => verify(Buffer.from(v.payload), extra.stripe_signature_header)).not.toThrow();
  });

  it('rejects a timestamp too far in the future as well as in the past', () => {
    const v = vectors.valid_vectors[0]!;
    const at = (now: number) => verifierFor({ ...v, verify_with_now: now });
    const body = Buffer.from(v.payload);
    expect(() => at(v.timestamp - 301)(body, v.stripe_signature_header)).toThrow(/tolerance/);
    expect(() => at(v.timestamp + 301)(body, v.stripe_signature_header)).toThrow(/tolerance/);
    expect(() => at(v.timestamp - 300)(body, v.stripe_signature_header)).not.toThrow();
  });

  it('accepts a rotated secret and refuses empty secrets and a missing header', () => {
    const v = vectors.valid_vectors[0]!;
    const verify = createStripeSignatureVerifier({
      secrets: ['whsec_new_one', v.secret],
      nowSeconds: () => v.timestamp,
    });
    expect(() => verify(Buffer.from(v.payload), v.stripe_signature_header)).not.toThrow();
    expect(() => verify(Buffer.from(v.payload), undefined)).toThrow(/missing/);
    expect(() => createStripeSignatureVerifier({ secrets: [] })).toThrow(/empty/);
    expect(() => createStripeSignatureVerifier({ secrets: [''] })).toThrow(/empty/);
  });

  it('parses the docs example header but cannot verify it without its secret', () => {
    const header = vectors.docs_example_not_verifiable.stripe_signature_header;
    expect(parseStripeSignature(header)).toMatchObject({ timestamp: 1492774577 });
    const verify = createStripeSignatureVerifier({
      secrets: ['webhook_secret'],
      nowSeconds: () => 1492774577,
    });
    expect(() => verify(Buffer.from('{}'), header)).toThrow(/signature mismatch/);
  });
});
