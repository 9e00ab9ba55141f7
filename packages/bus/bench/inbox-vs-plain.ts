import type { EventHandler } from '../src/consumer/types.ts';
import { buildMessage } from '../src/envelope.ts';
import { eventsOf, probeEvent, recordEffect, testContext } from '../src/test-support.ts';
import { type BenchEnv, median, rate, unique } from './setup.ts';

/**
 * The same consumer (one transaction per message, the same effect insert) with the inbox
 * and without it, each round a fresh group reading the same messages from the beginning.
 * Timed from the first handler call to the last outcome, so group joins are left out.
 */
export async function inboxVersusPlain(env: BenchEnv, messages: number, rounds: number) {
  const topic = unique('bench-inbox');
  const probe = probeEvent(topic);
  await env.bus.ensureTopics([{ topic, partitions: 6 }]);
  const producer = await env.bus.kafka.producer();
  for (let i = 0; i < messages; i += 500) {
    const chunk = Array.from({ length: Math.min(500, messages - i) }, (_, j) =>
      buildMessage(probe, { key: `key-${(i + j) % 500}`, seq: i + j }, testContext, 'bench'),
    );
    await producer.send(chunk);
  }
  await producer.disconnect();

  const withInbox: number[] = [];
  const without: number[] = [];
  for (let round = 0; round < rounds; round++) {
    withInbox.push(await consumeAll(env, probe, messages, true));
    without.push(await consumeAll(env, probe, messages, false));
  }
  return { withInbox, without, ratio: median(withInbox) / median(without) };
}

async function consumeAll(
  env: BenchEnv,
  probe: ReturnType<typeof probeEvent>,
  messages: number,
  inbox: boolean,
): Promise<number> {
  const group = unique(inbox ? 'bench-inbox' : 'bench-plain');
  let first = 0;
  let done = 0;
  const finished = Promise.withResolvers<number>();
  const handler: EventHandler = async (envelope, { trx }) => {
    if (first === 0) first = performance.now();
    await recordEffect(trx, group, envelope.id, probe.schema.parse(envelope.data));
  };

  const consumer = await env.bus.consumer({
    group,
    topics: [probe.topic],
    db: env.db,
    events: eventsOf(probe),
    inbox,
    handlers: { [probe.type]: handler },
    afterCommit: () => {
      if (++done === messages) finished.resolve(performance.now());
    },
  });
  const end = await finished.promise;
  await consumer.stop();
  return rate(messages, end - first);
}
