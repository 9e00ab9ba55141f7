import { randomBytes } from 'node:crypto';
import type { OrganizationKind } from '@hcts/contracts';
import type { Client } from './client.ts';
import { createClient } from './client.ts';
import { firstLink } from './mailbox.ts';
import type { TestGateway } from './test-gateway.ts';

export const testPassword = 'correct horse battery staple';

export interface Member {
  client: Client;
  email: string;
  userId: string;
  organizationId: string | undefined;
  /** A fresh access token for this member's session. */
  accessToken: () => Promise<string>;
}

/** Signs up through the gateway, confirms the email from the mailbox, and signs in. */
export async function signUpAndIn(gw: TestGateway, label: string): Promise<Member> {
  const email = `${label}-${randomBytes(4).toString('hex')}@example.test`;
  const client = createClient(gw.url);
  const signUp = await client.post('/api/auth/sign-up/email', {
    email,
    password: testPassword,
    name: label,
  });
  if (signUp.status !== 200) throw new Error(`sign-up ${signUp.status} ${signUp.text}`);

  const mail = await gw.mailbox.next(email, /confirm/i);
  const confirm = await client.get(
    new URL(firstLink(mail.text)).pathname + new URL(firstLink(mail.text)).search,
  );
  if (confirm.status >= 400) throw new Error(`verify ${confirm.status} ${confirm.text}`);

  const signIn = await client.post('/api/auth/sign-in/email', { email, password: testPassword });
  if (signIn.status !== 200) throw new Error(`sign-in ${signIn.status} ${signIn.text}`);
  return withToken(client, email, signIn.json.user.id, undefined);
}

/** A signed-in member of a new organization of the given kind, verified by the admin unless told. */
export async function registerMember(
  gw: TestGateway,
  kind: Exclude<OrganizationKind, 'operator'>,
  options: { verify?: boolean } = {},
): Promise<Member> {
  const member = await signUpAndIn(gw, kind);
  const slug = `${kind}-${randomBytes(5).toString('hex')}`;
  const created = await member.client.post('/api/auth/organization/create', {
    name: `${kind} ${slug}`,
    slug,
    kind,
  });
  if (created.status !== 200) throw new Error(`organization ${created.status} ${created.text}`);
  const organizationId = created.json.id as string;

  if (options.verify !== false) {
    const admin = await signInAdmin(gw);
    const decided = await admin.client.post('/api/verification/decisions', {
      organizationId,
      status: 'verified',
    });
    if (decided.status !== 200) throw new Error(`decision ${decided.status} ${decided.text}`);
  }
  return withToken(member.client, member.email, member.userId, organizationId);
}

export async function signInAdmin(gw: TestGateway): Promise<Member> {
  const client = createClient(gw.url);
  const signIn = await client.post('/api/auth/sign-in/email', {
    email: gw.config.admin.email,
    password: gw.config.admin.password,
  });
  if (signIn.status !== 200) throw new Error(`admin sign-in ${signIn.status} ${signIn.text}`);
  return withToken(client, gw.config.admin.email, signIn.json.user.id, undefined);
}

function withToken(client: Client, email: string, userId: string, organizationId?: string): Member {
  return {
    client,
    email,
    userId,
    organizationId,
    accessToken: async () => {
      const answer = await client.get('/api/auth/token');
      if (answer.status !== 200) throw new Error(`token ${answer.status} ${answer.text}`);
      return answer.json.token as string;
    },
  };
}
