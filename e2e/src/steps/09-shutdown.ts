import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createKafkaClient } from '@hcts/bus';
import { testInfra } from '@hcts/test-harness';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { PlatformRef } from './context.ts';

/**
 * The services built on the kit (the gateway and the sandbox have their own bootstrap), with
 * what each must close, in this order, before its database pool and telemetry.
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

        const closed = lines.filter((l) => l.msg === 'closed').map((l) => l.closer);
        expect(closed).toEqual([...(closersOf[name] ?? []), 'database', 'telemetry']);
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
