#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { verifyBundle } from '../adapters/crypto/bundle-verifier.ts';

const usage = `usage: verify-bundle --bundle bundle.json --jwks jwks.json [--newer newer.json]

Checks a certificate bundle offline with only the issuer's public keys:
  the certificate's signature, the checkpoint's signature, the inclusion proof, and, with
  --newer (a newer checkpoint with its consistency proof), that the log only grew since.
Exit code 0 when every check passes, 1 when any fails, 2 on bad usage.`;

function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8'));
}

/** Runs the verifier on the given arguments; returns the process exit code. */
export async function main(argv: string[]): Promise<number> {
  let values: { bundle?: string; jwks?: string; newer?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        bundle: { type: 'string' },
        jwks: { type: 'string' },
        newer: { type: 'string' },
        help: { type: 'boolean' },
      },
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n${usage}`);
    return 2;
  }
  if (values.help || !values.bundle || !values.jwks) {
    console.error(usage);
    return values.help ? 0 : 2;
  }

  let inputs: [unknown, { keys: [] }, unknown];
  try {
    const newer = values.newer ? readJson(values.newer) : undefined;
    inputs = [readJson(values.bundle), readJson(values.jwks) as { keys: [] }, newer];
  } catch (error) {
    console.error(`cannot read input: ${(error as Error).message}`);
    return 1;
  }

  const verdict = await verifyBundle(...inputs);
  const subject = verdict.certificate?.credentialSubject as { transactionId?: string } | undefined;
  console.log(
    JSON.stringify(
      {
        valid: verdict.valid,
        failures: verdict.failures,
        certificateId: verdict.certificate?.id ?? null,
        transactionId: subject?.transactionId ?? null,
        treeSize: verdict.checkpoint?.treeSize ?? null,
      },
      null,
      2,
    ),
  );
  return verdict.valid ? 0 : 1;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await main(process.argv.slice(2));
}
