import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../testing/client.ts';
import { signUpAndIn } from '../../testing/members.ts';
import type { TestGateway } from '../../testing/test-gateway.ts';
import { startTestGateway } from '../../testing/test-gateway.ts';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway('authmount');
});
afterAll(async () => {
  await gw?.close();
});

const problemJson = 'application/problem+json';

describe("Better Auth's error answers", () => {
  it('are problem+json naming the failing field, with Better Auth code and message kept', async () => {
    const answer = await createClient(gw.url).post('/api/auth/sign-in/email', { password: 'x' });

    expect(answer.status).toBe(400);
    expect(answer.headers.get('content-type')).toMatch(problemJson);
    expect(answer.json).toMatchObject({
      type: 'https://hcts.dev/problems/auth/validation-error',
      title: 'Bad Request',
      status: 400,
      code: 'VALIDATION_ERROR',
      instance: '/api/auth/sign-in/email',
      errors: [{ field: 'email' }],
    });
    expect(answer.json.message).toBe(answer.json.detail);
    expect(answer.json.message).toMatch(/email/);
  });

  it('answer a wrong password with a 401 problem, alike for an unknown user', async () => {
    const member = await signUpAndIn(gw, 'problems');
    const anon = createClient(gw.url);
    const wrong = await anon.post('/api/auth/sign-in/email', {
      email: member.email,
      password: 'not the password at all',
    });
    const unknown = await anon.post('/api/auth/sign-in/email', {
      email: `nobody-${member.userId}@example.test`,
      password: 'not the password at all',
    });

    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('content-type')).toMatch(problemJson);
    expect(wrong.json).toEqual({
      type: 'https://hcts.dev/problems/auth/invalid-email-or-password',
      title: 'Unauthorized',
      status: 401,
      detail: 'Invalid email or password',
      code: 'INVALID_EMAIL_OR_PASSWORD',
      message: 'Invalid email or password',
      instance: '/api/auth/sign-in/email',
    });
    expect(unknown.text).toBe(wrong.text);
  });

  it('answer an unknown route under /api/auth with a 404 problem', async () => {
    const answer = await createClient(gw.url).get('/api/auth/no-such-route?x=1');

    expect(answer.status).toBe(404);
    expect(answer.headers.get('content-type')).toMatch(problemJson);
    expect(answer.json).toMatchObject({
      status: 404,
      code: 'GATEWAY_ROUTE_NOT_FOUND',
      title: 'Not Found',
      instance: '/api/auth/no-such-route',
    });
  });

  it('leave successful answers as Better Auth wrote them', async () => {
    const answer = await createClient(gw.url).get('/api/auth/get-session');

    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
  });
});
