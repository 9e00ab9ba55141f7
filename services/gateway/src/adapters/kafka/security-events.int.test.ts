import { createKafkaClient, type TopicWatch, watchTopic } from '@hcts/bus';
import { Topics } from '@hcts/contracts';
import { kafkaBrokers, testInfra, uniqueName } from '@hcts/test-harness';
import { sql } from 'kysely';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../testing/client.ts';
import { signUpAndIn, testPassword } from '../../testing/members.ts';
import { securityEventsOnKafka } from '../../testing/security-events-on-kafka.ts';
import type { TestGateway } from '../../testing/test-gateway.ts';
import { startTestGateway } from '../../testing/test-gateway.ts';

let gw: TestGateway;
let watch: TopicWatch;

beforeAll(async () => {
  gw = await startTestGateway('secevents', {
    KAFKA_BROKERS: testInfra().KAFKA_BROKERS,
    LOGIN_FAILURES_PER_ACCOUNT: '3',
    VERIFY_ADDRESS_PER_MINUTE: '2',
    SECURITY_DIGEST_SALT: uniqueName('salt-for-this-run'),
  });
  const kafka = createKafkaClient({
    brokers: kafkaBrokers(),
    clientId: uniqueName('gw-secevents'),
    logger: pino({ level: 'silent' }),
  });
  await kafka.ensureTopics([{ topic: Topics.identity, partitions: 3 }]);
  watch = await watchTopic(kafka, Topics.identity);
});
afterAll(async () => {
  await watch?.stop();
  await gw?.close();
});

async function rowsOf(type: string) {
  const { rows } = await sql<{ id: string; count: number }>`
    select id, count from gateway_security_event where type = ${type} order by id`.execute(gw.db);
  return rows;
}

describe('security events on Kafka', () => {
  it('publishes a lockout and the unlock, in order under the account, without the email', async () => {
    const member = await signUpAndIn(gw, 'secevents');
    const attacker = createClient(gw.url);
    const attempt = (password: string) =>
      attacker.post('/api/auth/sign-in/email', { email: member.email, password });

    for (let i = 0; i < 3; i += 1) await attempt('wrong password!!');
    expect((await attempt(testPassword)).status).toBe(429);
    await gw.redis.eval(
      "for _, k in ipairs(redis.call('keys', ARGV[1])) do redis.call('del', k) end",
      0,
      `${gw.config.redisPrefix}:*/*:acct:*`,
    );
    expect((await attempt(testPassword)).status).toBe(200);

    const [locked] = await rowsOf('auth.lockout');
    const [unlocked] = await rowsOf('auth.unlock');
    const events = await securityEventsOnKafka(watch, [locked!.id, unlocked!.id]);
    const lockout = events.find((e) => e.data.securityEventId === locked!.id)!;
    const unlock = events.find((e) => e.data.securityEventId === unlocked!.id)!;

    expect(lockout.type).toBe('hcts.identity.security-event-recorded.v1');
    expect(lockout.data).toMatchObject({ kind: 'account-locked', severity: 'high' });
    expect(unlock.data).toMatchObject({ kind: 'account-unlocked', subject: lockout.data.subject });
    expect(unlock.key).toBe(lockout.key);
    expect(unlock.offset).toBeGreaterThan(lockout.offset);
    for (const e of [lockout, unlock]) {
      expect(e.raw).not.toContain(member.email);
      expect(e.raw).not.toContain('127.0.0.1');
    }
  });

  it('publishes a rate-limit breach once per window with the route, not once per refusal', async () => {
    const anon = createClient(gw.url);
    const statuses: number[] = [];
    for (let i = 0; i < 8; i += 1) {
      statuses.push((await anon.get('/api/certificates/verify/ABCD-EFGH')).status);
    }

    expect(statuses).toEqual([200, 200, 429, 429, 429, 429, 429, 429]);
    const rows = await rowsOf('gateway.rate-limited');
    expect(rows).toHaveLength(1);

    const [breach] = await securityEventsOnKafka(watch, [rows[0]!.id]);
    expect(breach!.data).toMatchObject({
      kind: 'rate-limit-exceeded',
      severity: 'medium',
      count: 1,
      route: 'GET /api/certificates/verify/:code',
      subject: { type: 'address', id: breach!.data.sourceDigest },
      details: { limit: 'route' },
    });
    expect(breach!.raw).not.toContain('127.0.0.1');
  });
});
