import { describe, expect, it } from 'vitest';
import { readSharedJson } from './shared-data.ts';
import {
  createStandardWebhookVerifier,
  standardWebhookKey,
  standardWebhookSignature,
} from './standard-webhooks.ts';

interface Vector {
  id: string;
  secret: string;
  msg_id: string;
  timestamp: number | string;
  payload: string;
  expected_signature?: string;
  signature_header?: string;
  expected_result?: string;
}

const file = readSharedJson<{
  spec_header_example: Record<string, string>;
  valid_vectors: Vector[];
  invalid_vectors: Vector[];
  derived_vectors_not_from_repo: Vector[];
}>('webhooks/standard-webhooks-test-vectors.json');

const headersOf = (v: Vector, signature: string) => ({
  'webhook-id': v.msg_id,
  'webhook-timestamp': String(v.timestamp),
  'webhook-signature': signature,
});

const verifierAt = (v: Vector, now = Number(v.timestamp)) =>
  createStandardWebhookVerifier({ secret: v.secret, nowSeconds: () => now });

describe('Standard Webhooks verification with the shared vectors', () => {
  const valid = [...file.valid_vectors, ...file.derived_vectors_not_from_repo];

  it.each(valid)('accepts $id', (v) => {
    const signature = v.signature_header ?? v.expected_signature!;
    if (v.expected_signature) {
      const key = standardWebhookKey(v.secret);
      const sig = standardWebhookSignature(
        key,
        v.msg_id,
        Number(v.timestamp),
        Buffer.from(v.payload),
      );
      expect(sig).toBe(v.expected_signature);
    }
    expect(verifierAt(v)(Buffer.from(v.payload), headersOf(v, signature)).id).toBe(v.msg_id);
  });

  const badSignatures = file.invalid_vectors.filter((v) => v.signature_header);
  it.each(badSignatures)('rejects $id', (v) => {
    expect(() => verifierAt(v)(Buffer.from(v.payload), headersOf(v, v.signature_header!))).toThrow(
      /signature mismatch/,
    );
  });

  it('rejects malformed timestamps, a tampered body, stale and future times', () => {
    const v = file.valid_vectors[0]!;
    const verify = verifierAt(v);
    const good = headersOf(v, v.expected_signature!);
    for (const stamp of ['invalid timestamp', '161426533.0', '-161426533']) {
      expect(() => verify(Buffer.from(v.payload), { ...good, 'webhook-timestamp': stamp })).toThrow(
        /malformed timestamp/,
      );
    }
    expect(() => verify(Buffer.from(`${v.payload} `), good)).toThrow(/signature mismatch/);
    const t = Number(v.timestamp);
    expect(() => verifierAt(v, t + 301)(Buffer.from(v.payload), good)).toThrow(/tolerance/);
    expect(() => verifierAt(v, t - 301)(Buffer.from(v.payload), good)).toThrow(/tolerance/);
    expect(() => verify(Buffer.from(v.payload), { ...good, 'webhook-id': undefined })).toThrow(
      /missing/,
    );
  });

  it('refuses an empty secret', () => {
    expect(() => createStandardWebhookVerifier({ secret: '' })).toThrow(/empty/);
    expect(() => createStandardWebhookVerifier({ secret: 'whsec_' })).toThrow(/empty/);
  });

  it('cannot verify the spec example without its unpublished secret', () => {
    const example = file.spec_header_example;
    const body = example.signed_content_minified!.split('.').slice(2).join('.');
    const verify = createStandardWebhookVerifier({
      secret: file.valid_vectors[0]!.secret,
      nowSeconds: () => Number(example['webhook-timestamp']),
    });
    expect(() => verify(Buffer.from(body), example)).toThrow(/signature mismatch/);
  });
});
