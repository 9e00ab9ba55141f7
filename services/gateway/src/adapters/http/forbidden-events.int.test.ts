import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../testing/client.ts';
import { registerMember } from '../../testing/members.ts';
import type { TestGateway } from '../../testing/test-gateway.ts';
import { startTestGateway } from '../../testing/test-gateway.ts';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway('forbidden');
});
afterAll(async () => {
  await gw?.close();
});

describe('forbidden calls as security events', () => {
  it("records a refused path of another organization's user like one of another organization", async () => {
    const caller = await registerMember(gw, 'insurer');
    const other = await registerMember(gw, 'insurer');
    const bearer = { authorization: `Bearer ${await caller.accessToken()}` };
    const paths = [
      `/api/certificates/user/${other.userId}`,
      `/api/payments/history/${other.userId}`,
      `/api/payments/statements/${other.organizationId}`,
    ];

    for (const path of paths) {
      const refused = await createClient(gw.url).get(path, bearer);
      expect(refused.status).toBe(403);
    }

    const { rows } = await sql<{ details: { route: string; code: string } }>`
      select details from gateway_security_event
      where type = 'gateway.forbidden' and subject = ${caller.userId}`.execute(gw.db);
    expect(rows.map((row) => row.details.route).sort()).toEqual([
      'GET /api/certificates/user/:userId',
      'GET /api/payments/history/:userId',
      'GET /api/payments/statements/:organizationId',
    ]);
    expect(new Set(rows.map((row) => row.details.code))).toEqual(new Set(['GATEWAY_NOT_OWNER']));
  });
});
