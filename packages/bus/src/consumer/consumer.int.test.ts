import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { kafkaBrokers, uniqueName } from '@hcts/test-harness';
import { context, propagation, ROOT_CONTEXT, TraceFlags, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useBusSuite } from '../bus-suite.test-support.ts';
import {
  effects,
  eventsOf,
  eventually,
  probeEvent,
  recordEffect,
  testContext,
} from '../test-support.ts';
import type { EventHandler } from './types.ts';

describe('an inbox consumer', () => {
  const suite = useBusSuite('bus-consumer');

  beforeAll(async () => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  });

  afterAll(async () => {
    context.disable();
    propagation.disable();
  });

  const counted = async (group: string, outcome: string) => {
    const metric = await suite.bus.metrics.consumerMessages.get();
    const found = metric.values.find(
      (v) => v.labels.group === group && v.labels.outcome === outcome,
    );
    return found?.value ?? 0;
  };

  async function topicWithProbe() {
    const topic = uniqueName('bus-consumer');
    await suite.bus.ensureTopics([{ topic, partitions: 2 }]);
    return probeEvent(topic);
  }

  it('runs the handler in the trace context and with the ids the message carried', async () => {
    const probe = await topicWithProbe();
    const group = uniqueName('bus-consumer-group');
    const seen = Promise.withResolvers<{ traceId?: string; bindings: object }>();
    const span = trace.wrapSpanContext({
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      spanId: '00f067aa0ba902b7',
      traceFlags: TraceFlags.SAMPLED,
    });
    const eventId = await context.with(trace.setSpan(ROOT_CONTEXT, span), () =>
      suite.bus.publish(
        probe,
        { key: uniqueName('k'), seq: 0 },
        { ...testContext, causationId: 'c-9' },
      ),
    );

    await suite.bus.consumer({
      group,
      topics: [probe.topic],
      db: suite.db,
      events: eventsOf(probe),
      handlers: {
        [probe.type]: async (_envelope, { log }) => {
          const traceId = trace.getSpanContext(context.active())?.traceId;
          seen.resolve({ traceId, bindings: log.bindings() });
        },
      },
    });

    const { traceId, bindings } = await seen.promise;
    expect(traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(bindings).toMatchObject({
      'bus.event.id': eventId,
      correlationId: 'test-correlation',
      causationId: 'c-9',
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
    });
  });

  it('cuts a handler off at its timeout, rolls its writes back and dead-letters it', async () => {
    const probe = await topicWithProbe();
    const group = uniqueName('bus-consumer-group');
    const key = uniqueName('k');
    const late: string[] = [];
    const handler: EventHandler = async (envelope, { trx }) => {
      const data = probe.schema.parse(envelope.data);
      await recordEffect(trx, group, envelope.id, data);
      if (!data.poison) return;
      await new Promise((r) => setTimeout(r, 1_000));
      await recordEffect(trx, group, envelope.id, data).then(
        () => late.push('written'),
        () => late.push('refused'),
      );
    };
    const slow = await suite.bus.publish(probe, { key, seq: 0, poison: true }, testContext);
    const next = await suite.bus.publish(probe, { key, seq: 1 }, testContext);

    await suite.bus.consumer({
      group,
      topics: [probe.topic],
      db: suite.db,
      events: eventsOf(probe),
      handlerTimeoutMs: 300,
      maxAttempts: 2,
      backoff: { initialMs: 5, maxMs: 10 },
      handlers: { [probe.type]: handler },
    });

    await eventually(async () => (await counted(group, 'handled')) === 1, 'the next message');
    await eventually(async () => late.length === 2, 'both late writes');
    expect(late).toEqual(['refused', 'refused']);
    const letters = await sql`
      select event_id, error_code, attempts from bus_dead_letter where consumer_group = ${group}
    `.execute(suite.db);
    expect(letters.rows).toEqual([
      { event_id: slow, error_code: 'BUS_HANDLER_TIMEOUT', attempts: 2 },
    ]);
    expect((await effects(suite.db, group)).map((e) => e.event_id)).toEqual([next]);
  });

  it('reports lag from committed offsets while a handler is stuck, and none once done', async () => {
    const probe = await topicWithProbe();
    const group = uniqueName('bus-consumer-group');
    const key = uniqueName('k');
    for (let seq = 0; seq < 5; seq++) await suite.bus.publish(probe, { key, seq }, testContext);
    const gate = Promise.withResolvers<void>();
    const lag = async () => {
      const metric = await suite.bus.metrics.consumerLag.get();
      const mine = metric.values.filter((v) => v.labels.group === group);
      return mine.length === 0 ? undefined : mine.reduce((sum, v) => sum + v.value, 0);
    };

    await suite.bus.consumer({
      group,
      topics: [probe.topic],
      db: suite.db,
      events: eventsOf(probe),
      lagProbeMs: 100,
      handlerTimeoutMs: 20_000,
      handlers: { [probe.type]: () => gate.promise },
    });

    await eventually(async () => (await lag()) === 5, 'a lag of five');
    gate.resolve();
    await eventually(async () => (await lag()) === 0, 'no lag');
  });

  it('replays through the command line for one group; other groups skip the replay', async () => {
    const probe = await topicWithProbe();
    const failing = uniqueName('bus-consumer-failing');
    const other = uniqueName('bus-consumer-other');
    const state = { fixed: false };
    const handlerOf =
      (group: string, fails: boolean): EventHandler =>
      async (envelope, { trx }) => {
        const data = probe.schema.parse(envelope.data);
        if (fails && data.poison && !state.fixed) throw new Error('not yet');
        await recordEffect(trx, group, envelope.id, data);
      };
    for (const [group, fails] of [
      [failing, true],
      [other, false],
    ] as const) {
      await suite.bus.consumer({
        group,
        topics: [probe.topic],
        db: suite.db,
        events: eventsOf(probe),
        maxAttempts: 1,
        handlers: { [probe.type]: handlerOf(group, fails) },
      });
    }
    const poison = await suite.bus.publish(
      probe,
      { key: uniqueName('k'), seq: 0, poison: true },
      testContext,
    );
    await eventually(async () => (await counted(failing, 'dead_lettered')) === 1, 'dead letter');

    state.fixed = true;
    const output = await runCli(['replay-dead-letters', '--group', failing]);

    expect(output).toContain('replayed 1, passed over 0');
    await eventually(
      async () => (await effects(suite.db, failing)).length === 1,
      'replayed effect',
    );
    await eventually(async () => (await counted(other, 'not_for_group')) === 1, 'the skip');
    expect((await effects(suite.db, failing)).map((e) => e.event_id)).toEqual([poison]);
    expect((await effects(suite.db, other)).map((e) => e.event_id)).toEqual([poison]);
  });
});

function runCli(args: string[]): Promise<string> {
  const cli = fileURLToPath(new URL('../cli/hcts-bus.ts', import.meta.url));
  const child = spawn(process.execPath, [cli, ...args], {
    env: { ...process.env, KAFKA_BROKERS: kafkaBrokers().join(','), LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (chunk) => {
    out += chunk;
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`exit ${code}`))));
  });
}
