import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const scryptAsync = promisify(scrypt) as (
  password: string,
  salt: Buffer,
  keylen: number,
  options: { N: number; r: number; p: number; maxmem: number },
) => Promise<Buffer>;

const keyLength = 32;
const blockSize = 8;
const parallelism = 1;

/**
 * scrypt at a cost chosen by configuration (PASSWORD_SCRYPT_LOG_N, default 15: about 50 ms on
 * this project's 2-core machines, see bench/password-hash.bench.ts). The cost is stored with
 * each hash, so raising it later still verifies old hashes.
 */
export function passwordHasher(logN: number) {
  const hash = async (password: string): Promise<string> => {
    const salt = randomBytes(16);
    const key = await derive(password, salt, logN);
    return ['scrypt', logN, blockSize, parallelism, salt.toString('base64'), key.toString('base64')]
      .map(String)
      .join('$');
  };

  const verify = async ({ hash, password }: { hash: string; password: string }) => {
    const [scheme, storedLogN, r, p, salt, key] = hash.split('$');
    if (scheme !== 'scrypt' || !salt || !key || r !== String(blockSize)) return false;
    if (p !== String(parallelism)) return false;

    const expected = Buffer.from(key, 'base64');
    const actual = await derive(password, Buffer.from(salt, 'base64'), Number(storedLogN));
    return expected.length === actual.length && timingSafeEqual(expected, actual);
  };

  return { hash, verify };
}

function derive(password: string, salt: Buffer, logN: number): Promise<Buffer> {
  const N = 2 ** logN;
  const maxmem = 256 * N * blockSize;
  return scryptAsync(password.normalize('NFKC'), salt, keyLength, {
    N,
    r: blockSize,
    p: parallelism,
    maxmem,
  });
}
