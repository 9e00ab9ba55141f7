import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  asBearer,
  enableTotp,
  ensureOrganization,
  type Member,
  type OrganizationKind,
  rolesNeedingTotp,
  signUp,
  verifyOrganization,
} from '../../../scripts/demo/accounts.ts';
import { findIndication } from '../../../scripts/demo/catalog-steps.ts';
import {
  type Answer,
  expectStatus,
  type GatewayClient,
} from '../../../scripts/demo/gateway-client.ts';
import { quote } from '../../../scripts/demo/purchase-steps.ts';
import type { E2ePlatform } from './e2e-platform.ts';

export interface Party extends Member {
  /** Calls as this member with an access token (as an app does after sign-in). */
  api: GatewayClient;
}

export const e2ePassword = 'e2e correct horse battery staple';

/** A new user with a new organization of `kind`, verified by the admin unless told. */
export async function newParty(
  platform: E2ePlatform,
  kind: OrganizationKind,
  options: { verify?: boolean } = {},
): Promise<Party> {
  const tag = randomBytes(5).toString('hex');
  const account = await signUp(platform, {
    email: `${kind}-${tag}@e2e.hcts.local`,
    password: e2ePassword,
    name: `${kind} ${tag}`,
  });
  const member = await ensureOrganization(account, {
    name: `${kind} ${tag}`,
    slug: `${kind}-${tag}`,
    kind,
  });
  if (options.verify !== false) {
    expectStatus('verify', await verifyOrganization(platform.admin, member.organizationId), 200);
  }
  // Insurers and intermediaries move money: the gateway wants them enrolled in TOTP first.
  const totpUri = rolesNeedingTotp().includes(kind) ? await enableTotp(member) : undefined;
  return { ...member, totpUri, api: await asBearer(member) };
}

/** A published service of the provider's, with an ICD-11 indication, priced `amountMinor` USD. */
export async function newService(
  provider: Party,
  amountMinor = 12_345,
): Promise<{ serviceId: string; indication: string }> {
  const indication = await findIndication(provider.api, 'inguinal hernia');
  if (!indication) throw new Error('no ICD-11 category found for inguinal hernia');
  const created = await provider.api.post('/api/services', {
    name: `Inguinal hernia repair ${randomBytes(3).toString('hex')}`,
    description: 'Open repair, day case',
    procedureCode: { system: 'CPT', code: '49505' },
    indicationCodes: [indication.code],
    careSetting: 'outpatient',
    basePrice: { amountMinor, currency: 'USD' },
    status: 'published',
  });
  expectStatus('create service', created, 201);
  return { serviceId: created.json.serviceId as string, indication: indication.code };
}

/**
 * Quotes once trading's replicas know the service and the organizations: it learns services
 * from catalog events and verifications from identity events, so a service created or an
 * organization verified a moment ago may not be quotable yet.
 */
export async function quoteWhenListed(
  buyer: Party,
  serviceId: string,
  options: { buyerOrganizationId?: string; traceparent?: string; quantity?: number } = {},
): Promise<Answer> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const answer = await quote(
      buyer.api,
      [{ serviceId, quantity: options.quantity ?? 1 }],
      options,
    );
    const notYet =
      answer.status === 404 ||
      answer.status === 422 ||
      answer.json?.code === 'TRADING_ORGANIZATION_NOT_VERIFIED';
    if (!notYet) return answer;
    if (Date.now() > deadline) return answer;
    await sleep(200);
  }
}
