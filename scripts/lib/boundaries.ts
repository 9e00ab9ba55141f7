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

// kafkajs has had no release since 2023: the bus keeps it behind its own port so that another
// client replaces it by rewriting one file. infra/local starts the broker the bus's own tests
// run on, so it sits below the bus and cannot use it; it probes the broker with kafkajs itself.
const kafkaClientFile = 'packages/bus/src/kafka/kafkajs-client.ts';
const kafkaClientAllowed = (file: string) => file === kafkaClientFile || file.startsWith('infra/');

/**
 * The architecture's arrows: a service imports no other service (and packages/* import no
 * service at all); a `domain/` folder imports nothing outside itself; kafkajs is imported by
 * the bus's client file only.
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
    if (isKafkajs(specifier) && !kafkaClientAllowed(rel)) {
      violations.push({ file: rel, specifier, rule: `kafkajs is used in ${kafkaClientFile} only` });
    }
  }
  return violations;
}

function isKafkajs(specifier: string): boolean {
  return specifier === 'kafkajs' || specifier.startsWith('kafkajs/');
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
  const roots = ['services', 'packages', 'apps', 'infra', 'e2e', 'scripts', 'bench'].map((d) =>
    join(root, d),
  );
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
