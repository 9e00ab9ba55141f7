import { createKafkaClient, type TopicWatch, watchTopic } from '@hcts/bus';
import { eventsByType, fromKafkaHeaders, kafkaHeaderNames, Topics } from '@hcts/contracts';
import { kafkaBrokers, testInfra, uniqueName } from '@hcts/test-harness';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerMember } from '../../testing/members.ts';
import type { TestGateway } from '../../testing/test-gateway.ts';
import { startTestGateway } from '../../testing/test-gateway.ts';

let gw: TestGateway;
let watch: TopicWatch;

beforeAll(async () => {
  gw = await startTestGateway('events', { KAFKA_BROKERS: testInfra().KAFKA_BROKERS });
  const kafka = createKafkaClient({
    brokers: kafkaBrokers(),
    clientId: uniqueName('gw-test'),
    logger: pino({ level: 'silent' }),
  });
  await kafka.ensureTopics([{ topic: Topics.identity, partitions: 3 }]);
  watch = await watchTopic(kafka, Topics.identity);
});
afterAll(async () => {
  await watch?.stop();
  await gw?.close();
});

/** The identity events about a subject, validated against their contracts, once `count` came. */
async function eventsAbout(subject: string, count: number) {
  for (;;) {
    const found = watch.records
      .filter((record) => record.headers[kafkaHeaderNames.subject]?.toString() === subject)
      .map((record) => {
        const attributes = fromKafkaHeaders(record.headers);
        const definition = eventsByType.get(attributes.type)!;
        const data = definition.schema.parse(JSON.parse(record.value!.toString()));
        return { type: attributes.type, subject, data };
      });
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
