import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const gatewayDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** The directory a package would load `name` from, found the way Node looks for it. */
function installedPackage(fromDir: string, name: string): string {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return realpathSync(candidate);
    if (dirname(dir) === dir) throw new Error(`${name} is not installed above ${fromDir}`);
  }
}

const versionOf = (dir: string): string =>
  JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version;

// @better-auth/passkey declares exact peers from an older release of better-auth; the workspace
// overrides them with better-auth's own copies. Two copies of better-call would give the plugin
// endpoint and error classes that better-auth's router does not recognise.
describe('@better-auth/passkey beside better-auth', () => {
  const betterAuth = installedPackage(gatewayDir, 'better-auth');
  const passkey = installedPackage(gatewayDir, '@better-auth/passkey');

  it.each(['better-call', '@better-fetch/fetch', '@better-auth/utils', '@better-auth/core'])(
    'loads the same copy of %s as better-auth',
    (name) => {
      const forPasskey = installedPackage(passkey, name);
      const forBetterAuth = installedPackage(betterAuth, name);

      expect(forPasskey).toBe(forBetterAuth);
      expect(versionOf(forPasskey)).toBe(versionOf(forBetterAuth));
    },
  );
});
