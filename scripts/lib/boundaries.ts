import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

export interface Violation {
  file: string;
  specifier: string;
  rule: string;
}

const importPattern =
  /(?:^|\n)\s*(?:import|export)[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

export function importsOf(source: string): string[] {
  return [...source.matchAll(importPattern)].map((m) => (m[1] ?? m[2]) as string);
}

/**
 * The architecture's arrows: a service imports no other service (and packages/* import no
 * service at all); a `domain/` folder imports nothing outside itself.
 */
export function checkFile(root: string, file: string, source: string): Violation[] {
  const rel = relative(root, file).split(sep).join('/');
  const owner = /^services\/([^/]+)\//.exec(rel)?.[1];
  // A test beside domain code may import its test runner; the rule is about the domain itself.
  const inDomain = /\/domain\//.test(rel) && !/\.test\.tsx?$/.test(rel);
  const violations: Violation[] = [];

  for (const specifier of importsOf(source)) {
    const target = specifier.startsWith('.')
      ? relative(root, resolve(dirname(file), specifier))
          .split(sep)
          .join('/')
      : undefined;
    const targetService = target
      ? /^services\/([^/]+)\//.exec(target)?.[1]
      : serviceOfPackage(specifier);

    if (targetService && targetService !== owner) {
      violations.push({
        file: rel,
        specifier,
        rule: owner ? 'a service imports another service' : 'only services may hold service code',
      });
    }
    if (inDomain && !withinDomain(rel, target)) {
      violations.push({ file: rel, specifier, rule: 'domain/ imports nothing outside itself' });
    }
  }
  return violations;
}

function serviceOfPackage(specifier: string): string | undefined {
  return /^@hcts\/service-([^/]+)/.exec(specifier)?.[1];
}

function withinDomain(file: string, target: string | undefined): boolean {
  if (!target) return false;
  const domainRoot = file.slice(0, file.indexOf('/domain/') + '/domain/'.length);
  return target.startsWith(domainRoot);
}

export function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    if (entry === 'node_modules' || entry === 'dist' || entry.startsWith('.')) continue;
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (/\.(ts|tsx|mts)$/.test(entry) && !entry.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

export function checkTree(root: string): Violation[] {
  const roots = ['services', 'packages', 'apps'].map((d) => join(root, d));
  return roots
    .flatMap((dir) => (safeIsDir(dir) ? sourceFiles(dir) : []))
    .flatMap((file) => checkFile(root, file, readFileSync(file, 'utf8')));
}

function safeIsDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
