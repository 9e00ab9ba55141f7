import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createKafkaClient } from '@hcts/bus';
import { testInfra } from '@hcts/test-harness';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { PlatformRef } from './context.ts';

/**
 * The services built on the kit (the gateway and the sandbox have their own bootstrap), with
 * what each must close before its database pool and telemetry.
 */
const closersOf: Record<string, string[]> = {
  catalog: ['bus', 'cache'],
  trading: ['consumers', 'relay', 'relay-producer'],
  payments: ['authorizer', 'sweeper', 'security-events', 'bus'],
  certificates: ['bus', 'checkpoints', 'sequencer'],
};

interface LogLine {
  msg?: string;
  closer?: string;
  time?: string;
}

function linesOf(logDir: string, service: string): LogLine[] {
  return readFileSync(join(logDir, `${service}.log`), 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as LogLine);
}

/**
 * Runs after the suite's platform was stopped (step 8 stops it before starting its own): each
 * service took SIGTERM as a deployment sends it and stopped in the kit's order, its consumers
 * and relay before its database pool, with nothing failing on the way out.
 */
export function shutdownSteps(platform: PlatformRef): void {
  describe('9. every service stops in order on SIGTERM', () => {
    it.each(Object.keys(closersOf))(
      '%s closes its work, then its pool, without errors',
      async (name) => {
        await platform().stop();
        const lines = linesOf(platform().logDir, name);

        // By each line's time, not its place in the file: lines of one moment may be written
        // out of order (seen once in CI: the bus's line after "service stopped", same ms).
        const closed = lines.filter((l) => l.msg === 'closed');
        const at = (closer: string) =>
          Date.parse(closed.find((l) => l.closer === closer)?.time ?? 'never');
        const work = closersOf[name] ?? [];
        expect(closed.map((l) => l.closer).toSorted()).toEqual(
          [...work, 'database', 'telemetry'].toSorted(),
        );
        for (const closer of work) expect(at(closer)).toBeLessThanOrEqual(at('database'));
        expect(at('database')).toBeLessThanOrEqual(at('telemetry'));
        expect(lines.map((l) => l.msg)).toContain('service stopped');
        const failures = lines.filter((l) =>
          ['closer failed', 'relay pass failed', 'relay failed'].includes(l.msg ?? ''),
        );
        expect(failures).toEqual([]);
      },
    );

    it('leaves none of its Kafka topics on the shared broker', async () => {
      await platform().stop();
      const kafka = createKafkaClient({
        brokers: testInfra().KAFKA_BROKERS.split(','),
        clientId: 'e2e-shutdown',
        logger: pino({ level: 'warn' }),
      });

      // The platform created a dozen topics under its prefix while it ran (steps 1-7 used them).
      const topics = await kafka.listTopics();

      expect(topics.filter((t) => t.startsWith(platform().topicPrefix))).toEqual([]);
    });
  });
}
