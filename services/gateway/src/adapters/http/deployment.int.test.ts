import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../testing/client.ts';
import type { Member } from '../../testing/members.ts';
import { registerMember } from '../../testing/members.ts';
import type { TestGateway } from '../../testing/test-gateway.ts';
import { startTestGateway } from '../../testing/test-gateway.ts';

// A deployment that runs only some services, with the auth limit raised as test platforms do.
let gw: TestGateway;
let insurer: Member;
let provider: Member;
beforeAll(async () => {
  gw = await startTestGateway('deploy', {
    GATEWAY_UPSTREAMS: 'catalog,trading,payments,certificates,webhooks',
    AUTH_POST_ADDRESS_PER_MINUTE: '1000',
  });
  insurer = await registerMember(gw, 'insurer');
  provider = await registerMember(gw, 'provider');
});
afterAll(async () => {
  await gw?.close();
});

describe('a deployment without some services', () => {
  it('is ready without probing the absent services', async () => {
    await gw.stubs.analytics!.close();
    await gw.stubs.compliance!.close();

    const answer = await createClient(gw.url).get('/health/ready');
    expect(answer.status).toBe(200);
    expect(Object.keys(answer.json.checks)).not.toContain('analytics');
    expect(answer.json.checks.webhooks.ok).toBe(true);
  });

  it('answers 503 at once on a route of an absent service', async () => {
    const answer = await insurer.client.get('/api/analytics/dashboard', {
      authorization: `Bearer ${await insurer.accessToken()}`,
    });
    expect(answer.status).toBe(503);
    expect(answer.json.code).toBe('GATEWAY_UPSTREAM_ABSENT');
  });

  it('still forwards to a present service', async () => {
    const answer = await insurer.client.get('/api/webhooks/endpoints', {
      authorization: `Bearer ${await insurer.accessToken()}`,
    });
    expect(answer.status).toBe(200);
  });
});

describe('the auth POST limit', () => {
  it('is the configured one instead of the route table default', async () => {
    const answer = await createClient(gw.url).post('/api/auth/sign-in/email', {
      email: 'nobody@example.test',
      password: 'not the password',
    });
    expect(answer.headers.get('ratelimit-policy')).toBe('"route";q=1000;w=60');
  });
});

describe('a CMS price file upload', () => {
  it('reaches the catalog byte for byte, whatever its content type', async () => {
    const csv = 'hospital_name,last_updated_on\n"Saint Test",2026-01-01\n';
    const path = `/api/services/provider/${provider.organizationId}/cms-standard-charges`;
    const answer = await fetch(`${gw.url}${path}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await provider.accessToken()}`,
        'content-type': 'text/csv',
      },
      body: csv,
    });
    expect(answer.status).toBe(200);

    const seen = gw.stubs.catalog!.seen.at(-1);
    expect(seen?.url).toBe(path);
    expect(seen?.headers['content-type']).toBe('text/csv');
    expect(seen?.body).toBe(csv);
  });

  it('is refused for another organization', async () => {
    const path = `/api/services/provider/${insurer.organizationId}/cms-standard-charges`;
    const answer = await fetch(`${gw.url}${path}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await provider.accessToken()}`,
        'content-type': 'text/csv',
      },
      body: 'a,b\n',
    });
    expect(answer.status).toBe(403);
  });
});
