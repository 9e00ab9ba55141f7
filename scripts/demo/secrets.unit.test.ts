import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { localSecrets } from './secrets.ts';

const folders: string[] = [];
afterEach(async () => {
  await Promise.all(folders.splice(0).map((f) => rm(f, { recursive: true, force: true })));
});

async function secretsFile() {
  const folder = await mkdtemp(join(tmpdir(), 'hcts-secrets-'));
  folders.push(folder);
  return join(folder, 'state', 'platform-secrets.json');
}

describe('localSecrets', () => {
  it('makes the secrets once, private to the owner, and gives the same ones after', async () => {
    const file = await secretsFile();

    const first = localSecrets(file);
    expect(first.securityDigestSalt.length).toBeGreaterThanOrEqual(16);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(localSecrets(file)).toEqual(first);
  });

  it('adds a key made since the file was written and keeps the others as they were', async () => {
    const file = await secretsFile();
    const old = localSecrets(file);
    const { securityDigestSalt: _, ...withoutSalt } = old;
    await writeFile(file, JSON.stringify(withoutSalt));

    const now = localSecrets(file);
    expect(now).toMatchObject(withoutSalt);
    expect(now.securityDigestSalt).not.toBe(old.securityDigestSalt);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual(now);
    expect(localSecrets(file)).toEqual(now);
  });
});
