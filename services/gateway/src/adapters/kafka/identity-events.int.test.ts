import { eventsByType, fromKafkaHeaders, Topics } from '@hcts/contracts';
import { kafkaBrokers, testInfra, uniqueName } from '@hcts/test-harness';
import type { Consumer } from 'kafkajs';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerMember } from '../../testing/members.ts';
import type { TestGateway } from '../../testing/test-gateway.ts';
import { startTestGateway } from '../../testing/test-gateway.ts';

let gw: TestGateway;
let consumer: Consumer;
const received: { type: string; subject: string; data: unknown }[] = [];

beforeAll(async () => {
  gw = await startTestGateway('events', { KAFKA_BROKERS: testInfra().KAFKA_BROKERS });
  const kafka = new Kafka({
    clientId: uniqueName('gw-test'),
    brokers: kafkaBrokers(),
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  await admin.connect();
  await admin
    .createTopics({ topics: [{ topic: Topics.identity, numPartitions: 3 }] })
    .catch(() => false);
  await admin.disconnect();

  consumer = kafka.consumer({ groupId: uniqueName('gw-test') });
  await consumer.connect();
  await consumer.subscribe({ topic: Topics.identity, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const attributes = fromKafkaHeaders(message.headers ?? {});
      const definition = eventsByType.get(attributes.type)!;
      const data = definition.schema.parse(JSON.parse(message.value!.toString()));
      received.push({ type: attributes.type, subject: attributes.subject, data });
    },
  });
});
afterAll(async () => {
  await consumer?.disconnect();
  await gw?.close();
});

async function eventsAbout(subject: string, count: number) {
  for (;;) {
    const found = received.filter((e) => e.subject === subject);
    if (found.length >= count) return found;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('identity events on Kafka', () => {
  it('publishes registration, membership and verification, valid against the contracts', async () => {
    const insurer = await registerMember(gw, 'insurer');

    const aboutOrganization = await eventsAbout(insurer.organizationId!, 2);
    expect(aboutOrganization.map((e) => e.type).sort()).toEqual([
      'hcts.identity.organization-registered.v1',
      'hcts.identity.organization-verified.v1',
    ]);
    const [roleChange] = await eventsAbout(insurer.userId, 1);
    expect(roleChange!.data).toMatchObject({ role: 'insurer', previousRole: null });
  });
});
