import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Consumer } from 'kafkajs';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKafkaBroker, stopKafkaBroker } from './kafka-broker.ts';
import { cacheDir } from './paths.ts';
import { isPortOpen } from './ports.ts';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function consumeUntil(consumer: Consumer, topic: string, count: number, seen: string[]) {
  let resolveDone: () => void = () => {};
  const done = new Promise<void>((resolve) => {
    resolveDone = resolve;
  });
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachMessage: async ({ partition, message }) => {
      seen.push(message.value?.toString() ?? '');
      const next = (BigInt(message.offset) + 1n).toString();
      await consumer.commitOffsets([{ topic, partition, offset: next }]);
      if (seen.length >= count) resolveDone();
    },
  });
  await done;
}

describe('a local Kafka broker started from nothing', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hcts-kafka-'));
  let port = 0;
  let kafka: Kafka;

  beforeAll(async () => {
    port = await freePort();
    const broker = await startKafkaBroker({
      port,
      controllerPort: await freePort(),
      dir,
      cacheDir,
      heapMb: 256,
    });
    expect(broker.started).toBe(true);
    kafka = new Kafka({
      clientId: 'infra-test',
      brokers: broker.brokers,
      logLevel: logLevel.NOTHING,
    });
  }, 180_000);

  afterAll(async () => {
    await stopKafkaBroker(dir);
    rmSync(dir, { recursive: true, force: true });
  });

  it('delivers 1,000 keyed messages over 6 partitions and resumes a group after its commit', async () => {
    const topic = 'infra-test';
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 6 }], waitForLeaders: true });
    const [metadata] = (await admin.fetchTopicMetadata({ topics: [topic] })).topics;
    expect(metadata?.partitions).toHaveLength(6);
    await admin.disconnect();

    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const batch = (from: number, to: number) =>
      Array.from({ length: to - from }, (_, i) => ({
        key: `key-${(from + i) % 50}`,
        value: `m-${from + i}`,
      }));
    await producer.send({ topic, messages: batch(0, 1000) });

    const first: string[] = [];
    const group = `group-${port}`;
    const consumerA = kafka.consumer({ groupId: group });
    await consumerA.connect();
    await consumeUntil(consumerA, topic, 1000, first);
    await consumerA.disconnect();

    await producer.send({ topic, messages: batch(1000, 1300) });
    await producer.disconnect();

    const second: string[] = [];
    const consumerB = kafka.consumer({ groupId: group });
    await consumerB.connect();
    await consumeUntil(consumerB, topic, 300, second);
    await consumerB.disconnect();

    expect(new Set(first).size).toBe(1000);
    expect(second.sort()).toEqual(
      batch(1000, 1300)
        .map((m) => m.value)
        .sort(),
    );
  }, 120_000);

  it('stops cleanly and leaves the port free', async () => {
    expect(await stopKafkaBroker(dir)).toBe(true);
    expect(await isPortOpen(port)).toBe(false);
  }, 60_000);
});

describe('a broker that cannot start', () => {
  it('names a taken port and the variable that moves it', async () => {
    const blocker = createServer();
    const port = await new Promise<number>((resolve) =>
      blocker.listen(0, '127.0.0.1', () => resolve((blocker.address() as { port: number }).port)),
    );
    const dir = mkdtempSync(join(tmpdir(), 'hcts-kafka-'));
    const attempt = startKafkaBroker({ port, controllerPort: await freePort(), dir, cacheDir });
    await expect(attempt).rejects.toThrow(new RegExp(`port ${port} .* in use .*KAFKA_PORT`));
    blocker.close();
  });

  it('names missing Java', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hcts-kafka-'));
    const attempt = startKafkaBroker({
      port: await freePort(),
      controllerPort: await freePort(),
      dir,
      cacheDir,
      javaBin: join(dir, 'no-java-here'),
    });
    await expect(attempt).rejects.toThrow(/Kafka needs Java 17 or newer/);
  });
});
