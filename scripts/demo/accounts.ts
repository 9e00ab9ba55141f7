import { type Answer, expectStatus, GatewayClient } from './gateway-client.ts';
import { firstLink, type Mailbox } from './mailbox.ts';
import { totpAt } from './totp.ts';

export type OrganizationKind = 'provider' | 'insurer' | 'intermediary';

export interface Account {
  client: GatewayClient;
  email: string;
  password: string;
  userId: string;
}

export interface Member extends Account {
  organizationId: string;
  kind: OrganizationKind;
  /** The authenticator URI when the member enrolled TOTP. */
  totpUri?: string;
}

interface Where {
  gatewayUrl: string;
  mailbox: Mailbox;
}

/** Signs in with email and password; undefined when the account does not exist (401). */
export async function signIn(
  gatewayUrl: string,
  email: string,
  password: string,
  totpUri?: string,
): Promise<Account | undefined> {
  const client = new GatewayClient(gatewayUrl);
  const answer = await client.post('/api/auth/sign-in/email', { email, password });
  if (answer.status === 401) return undefined;
  expectStatus(`sign in ${email}`, answer, 200);
  if (!answer.json.twoFactorRedirect) {
    return { client, email, password, userId: answer.json.user?.id as string };
  }

  if (!totpUri) throw new Error(`${email} has TOTP on and no authenticator URI was given`);
  const second = await secondFactor(client, totpUri);
  return { client, email, password, userId: second.json.user?.id as string };
}

// A code is accepted once: when this window's code was just used (at enrolment, say), the next
// window's is tried, which the server accepts one step early; failing that, the one after.
async function secondFactor(client: GatewayClient, totpUri: string): Promise<Answer> {
  let last: Answer | undefined;
  for (const step of [0, 30_000]) {
    last = await client.post('/api/auth/two-factor/verify-totp', {
      code: totpAt(totpUri, Date.now() + step),
    });
    if (last.status === 200) return last;
  }
  const now = Date.now();
  await new Promise((resolve) => setTimeout(resolve, 30_000 - (now % 30_000) + 500));
  last = await client.post('/api/auth/two-factor/verify-totp', {
    code: totpAt(totpUri, Date.now() + 30_000),
  });
  return expectStatus('second factor', last, 200);
}

/**
 * Roles that must enrol a second factor before the gateway lets them act (the gateway's
 * MFA_REQUIRED_ROLES, same default).
 */
export function rolesNeedingTotp(env = process.env): string[] {
  return (env.MFA_REQUIRED_ROLES ?? 'admin,insurer,intermediary').split(',').map((r) => r.trim());
}

/** Signs up, follows the confirmation link from the mailbox, then signs in. */
export async function signUp(
  where: Where,
  person: { email: string; password: string; name: string },
): Promise<Account> {
  const client = new GatewayClient(where.gatewayUrl);
  expectStatus(
    `sign up ${person.email}`,
    await client.post('/api/auth/sign-up/email', person),
    200,
  );

  const mail = await where.mailbox.next(person.email, /confirm/i);
  const link = new URL(firstLink(mail.text));
  const confirmed = await client.get(link.pathname + link.search);
  if (confirmed.status >= 400) throw new Error(`confirm ${person.email}: HTTP ${confirmed.status}`);

  const account = await signIn(where.gatewayUrl, person.email, person.password);
  if (!account) throw new Error(`sign in after confirmation refused for ${person.email}`);
  return account;
}

/** The account, signing it up first when it does not exist yet (idempotent). */
export async function ensureAccount(
  where: Where,
  person: { email: string; password: string; name: string },
  totpUri?: string,
): Promise<Account> {
  const known = await signIn(where.gatewayUrl, person.email, person.password, totpUri);
  return known ?? signUp(where, person);
}

/** The caller's organization with this slug, created (and made active) when missing. */
export async function ensureOrganization(
  account: Account,
  organization: { name: string; slug: string; kind: OrganizationKind },
): Promise<Member> {
  const listed = await account.client.get('/api/auth/organization/list');
  expectStatus('list organizations', listed, 200);
  let found = (listed.json as Array<{ id: string; slug: string }>).find(
    (o) => o.slug === organization.slug,
  );
  if (!found) {
    const created = await account.client.post('/api/auth/organization/create', organization);
    found = expectStatus(`create organization ${organization.slug}`, created, 200).json;
  }
  const organizationId = (found as { id: string }).id;
  const active = await account.client.post('/api/auth/organization/set-active', {
    organizationId,
  });
  expectStatus('set active organization', active, 200);
  return { ...account, organizationId, kind: organization.kind };
}

/** The admin's decision on an organization's verification. */
export async function verifyOrganization(admin: Account, organizationId: string): Promise<Answer> {
  return admin.client.post('/api/verification/decisions', { organizationId, status: 'verified' });
}

/** Turns on TOTP for the account and confirms it with a first code; returns the otpauth URI. */
export async function enableTotp(account: Account): Promise<string> {
  const enabled = await account.client.post('/api/auth/two-factor/enable', {
    password: account.password,
  });
  const uri = expectStatus('enable TOTP', enabled, 200).json.totpURI as string;
  const confirmed = await account.client.post('/api/auth/two-factor/verify-totp', {
    code: totpAt(uri, Date.now()),
  });
  expectStatus('confirm TOTP', confirmed, 200);
  return uri;
}

/**
 * Signs in an account that has TOTP on: password first, then the code of `atMs` (a code is
 * accepted once, so a caller that just used the current one passes the next window's).
 */
export async function signInWithTotp(
  gatewayUrl: string,
  credentials: { email: string; password: string },
  totpUri: string,
  atMs = Date.now(),
): Promise<{ first: Answer; second: Answer; client: GatewayClient }> {
  const client = new GatewayClient(gatewayUrl);
  const first = await client.post('/api/auth/sign-in/email', credentials);
  const second = await client.post('/api/auth/two-factor/verify-totp', {
    code: totpAt(totpUri, atMs),
  });
  return { first, second, client };
}

/** A bearer client acting for a member: an access token carries the organization and role. */
export async function asBearer(account: Account): Promise<GatewayClient> {
  const client = new GatewayClient(account.client.baseUrl);
  client.useBearer(await account.client.accessToken());
  return client;
}

/** Signs in and makes the account's (first) organization active, as an app does after login. */
export async function signInMember(
  gatewayUrl: string,
  email: string,
  password: string,
  totpUri?: string,
): Promise<Member> {
  const account = await signIn(gatewayUrl, email, password, totpUri);
  if (!account) throw new Error(`${email} cannot sign in`);
  const listed = expectStatus(
    'organizations',
    await account.client.get('/api/auth/organization/list'),
    200,
  );
  const first = (listed.json as Array<{ id: string; kind: OrganizationKind }>)[0];
  if (!first) throw new Error(`${email} belongs to no organization`);
  const active = await account.client.post('/api/auth/organization/set-active', {
    organizationId: first.id,
  });
  expectStatus('set active organization', active, 200);
  return { ...account, organizationId: first.id, kind: first.kind };
}
