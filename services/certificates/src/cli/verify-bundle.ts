#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createLocalJWKSet, type JWK } from 'jose';
import { z } from 'zod';
import { type KeySet, verifyBundle } from '../adapters/crypto/bundle-verifier.ts';
import { checkRevocation, type Revocation } from '../adapters/crypto/status-verifier.ts';

const usage = `usage: verify-bundle --bundle bundle.json --jwks jwks.json [--newer newer.json]
                     [--status status.json]

Checks a certificate bundle offline with only the issuer's public keys:
  the certificate's signature, the checkpoint's signature, the inclusion proof, and, with
  --newer (a newer checkpoint with its consistency proof), that the log only grew since.
Revocation is checked only with --status (the answer of GET /api/certificates/status): a
bundle carries no revocation state, so without it a refunded certificate still verifies.
Exit code 0 when every check passes, 1 when any fails (or the certificate is revoked),
2 on bad usage or an input that cannot be read.`;

// The shape createLocalJWKSet needs; checked first so that a wrong file is a message, not a stack.
const Jwks = z.object({ keys: z.array(z.looseObject({ kty: z.string() })) });

interface Inputs {
  bundle: unknown;
  keys: KeySet;
  jwks: { keys: JWK[] };
  newer: unknown;
  status: unknown;
}

function readJson(path: string, what: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`${what} ${path}: ${(error as Error).message}`);
  }
}

function readInputs(values: ReturnType<typeof parse>): Inputs {
  const jwksFile = readJson(values.jwks ?? '', '--jwks');
  const jwks = Jwks.safeParse(jwksFile);
  if (!jwks.success) throw new Error(`--jwks ${values.jwks}: not a JSON Web Key Set with keys`);
  let keys: KeySet;
  try {
    keys = createLocalJWKSet(jwks.data as { keys: JWK[] });
  } catch {
    throw new Error(`--jwks ${values.jwks}: not a usable JSON Web Key Set`);
  }
  return {
    bundle: readJson(values.bundle ?? '', '--bundle'),
    keys,
    jwks: jwks.data as { keys: JWK[] },
    newer: values.newer ? readJson(values.newer, '--newer') : undefined,
    status: values.status ? readJson(values.status, '--status') : undefined,
  };
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    options: {
      bundle: { type: 'string' },
      jwks: { type: 'string' },
      newer: { type: 'string' },
      status: { type: 'string' },
      help: { type: 'boolean' },
    },
  }).values;
}

/** Runs the verifier on the given arguments; returns the process exit code. */
export async function main(argv: string[]): Promise<number> {
  let values: ReturnType<typeof parse>;
  try {
    values = parse(argv);
  } catch (error) {
    console.error(`${(error as Error).message}\n${usage}`);
    return 2;
  }
  if (values.help || !values.bundle || !values.jwks) {
    console.error(usage);
    return values.help ? 0 : 2;
  }

  let inputs: Inputs;
  try {
    inputs = readInputs(values);
  } catch (error) {
    console.error(`cannot read input: ${(error as Error).message}`);
    return 2;
  }
  return report(inputs);
}

async function report(inputs: Inputs): Promise<number> {
  const verdict = await verifyBundle(inputs.bundle, inputs.jwks, inputs.newer);
  const certificateId = typeof verdict.certificate?.id === 'string' ? verdict.certificate.id : null;
  const revocation: Revocation | undefined = certificateId
    ? await checkRevocation(inputs.status, inputs.keys, certificateId)
    : undefined;
  const failures = [...verdict.failures, ...revocationFailures(revocation)];
  const subject = verdict.certificate?.credentialSubject as { transactionId?: string } | undefined;

  const out = {
    valid: failures.length === 0,
    failures,
    revocation: revocation ?? { status: 'not-checked', reason: 'certificate-unverified' },
    certificateId,
    transactionId: subject?.transactionId ?? null,
    treeSize: verdict.checkpoint?.treeSize ?? null,
  };
  console.log(JSON.stringify(out, null, 2));
  if (revocation?.status === 'not-checked') {
    console.error('note: revocation not checked; pass --status (GET /api/certificates/status)');
  }
  return out.valid ? 0 : 1;
}

function revocationFailures(revocation: Revocation | undefined): string[] {
  if (revocation?.status === 'revoked') return ['revoked'];
  if (revocation?.status === 'invalid-status-list') return ['status-list'];
  return [];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await main(process.argv.slice(2));
}
