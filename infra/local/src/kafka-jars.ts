import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InfraError } from './infra-error.ts';
import { repoRoot } from './paths.ts';

const pomPath = join(repoRoot, 'infra', 'kafka', 'pom.xml');

export function kafkaVersion(): string {
  const match = /<kafka\.version>([^<]+)<\/kafka\.version>/.exec(readFileSync(pomPath, 'utf8'));
  if (!match?.[1]) throw new InfraError('infra/kafka/pom.xml does not name kafka.version');
  return match[1];
}

/**
 * Copies Kafka's jars from Maven Central into `<cacheDir>/kafka-<version>/libs` with Maven,
 * once. A marker file written after a complete copy makes later calls free.
 */
export function ensureKafkaJars(cacheDir: string, log: (line: string) => void): string {
  const libs = join(cacheDir, `kafka-${kafkaVersion()}`, 'libs');
  const marker = join(libs, '.complete');
  if (existsSync(marker)) return libs;

  requireTool('mvn', ['-v'], 'Maven is needed to fetch the Kafka broker jars from Maven Central');
  log(`fetching Apache Kafka ${kafkaVersion()} jars with Maven into ${libs}`);
  mkdirSync(libs, { recursive: true });
  const result = spawnSync(
    'mvn',
    [
      '-q',
      '-B',
      '-f',
      pomPath,
      'dependency:copy-dependencies',
      `-DoutputDirectory=${libs}`,
      '-DincludeScope=runtime',
    ],
    { encoding: 'utf8' },
  );
  if (result.status !== 0) {
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim().split('\n').slice(-20);
    throw new InfraError(`Maven could not fetch the Kafka jars:\n${output.join('\n')}`);
  }

  writeFileSync(marker, new Date().toISOString());
  return libs;
}

export function requireTool(command: string, args: string[], why: string): string {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  if (result.error || result.status !== 0) {
    throw new InfraError(`'${command}' was not found or does not run. ${why}.`);
  }
  return `${result.stdout ?? ''}${result.stderr ?? ''}`;
}

/** Kafka 4 needs Java 17 or newer; says so plainly instead of letting the broker crash. */
export function checkJava(javaBin: string): void {
  const output = requireTool(
    javaBin,
    ['-version'],
    'Kafka needs Java 17 or newer: install a JDK or set JAVA_HOME',
  );
  const match = /version "(\d+)/.exec(output);
  const major = Number(match?.[1] ?? 0);
  if (major < 17) {
    throw new InfraError(`Kafka needs Java 17 or newer, but '${javaBin}' is Java ${major}.`);
  }
}
