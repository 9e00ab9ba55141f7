// `npm run demo`: a trading day against the platform that `npm start` runs, told as it happens.
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { asBearer, type Member, signInMember } from './accounts.ts';
import { expectStatus, type GatewayClient } from './gateway-client.ts';
import { demoPassword } from './load-demo-data.ts';
import {
  command,
  purchase,
  quote,
  refund,
  type TransactionView,
  untilCertificate,
  untilStatus,
} from './purchase-steps.ts';

const stateDir =
  process.env.HCTS_STATE_DIR ??
  join(process.env.HCTS_CACHE_DIR ?? join(homedir(), '.cache', 'hcts'), 'state');
const say = (line: string) => process.stdout.write(`demo: ${line}\n`);
const money = (minor: number, currency = 'USD') => `${(minor / 100).toFixed(2)} ${currency}`;

interface Saved {
  gatewayUrl: string;
  sandboxUrl?: string;
  totp?: Record<string, string>;
}

interface Cast {
  hospital: Member;
  insurer: Member;
  secondInsurer: Member;
  broker: Member;
}

function saved(): Saved {
  const file = join(stateDir, 'demo-logins.json');
  if (!existsSync(file)) throw new Error(`no ${file}: start the platform with 'npm start' first`);
  const logins = JSON.parse(readFileSync(file, 'utf8')) as Saved;
  const platformFile = join(stateDir, 'platform.json');
  const platform = existsSync(platformFile)
    ? (JSON.parse(readFileSync(platformFile, 'utf8')) as { sandboxUrl?: string })
    : {};
  return { ...logins, ...platform };
}

async function signInCast(state: Saved): Promise<Cast> {
  const as = (slug: string) => {
    const email = `${slug}@demo.hcts.local`;
    return signInMember(state.gatewayUrl, email, demoPassword, state.totp?.[email]);
  };
  const cast = {
    hospital: await as('west-mercy'),
    insurer: await as('platform-health'),
    secondInsurer: await as('aurora-mutual'),
    broker: await as('bridge-brokers'),
  };
  say('signed in (TOTP for insurers and the broker): West Mercy, Platform Health, Aurora, Bridge');
  return cast;
}

/** The insurer looks for a service by ICD-11 indication and takes the cheapest offer. */
async function shop(client: GatewayClient, icd: string, what: string) {
  const found = await client.get(`/api/marketplace/services?icd=${icd}&sort=price&limit=5`);
  const items = expectStatus('marketplace', found, 200).json.items as Array<{
    serviceId: string;
    name: string;
    listPriceMinor: number;
    basePrice: { currency: string };
  }>;
  say(`marketplace, ${what} (ICD-11 ${icd}): ${items.length} offers`);
  for (const item of items) {
    say(`  ${item.name.slice(0, 48)}  ${money(item.listPriceMinor, item.basePrice.currency)}`);
  }
  const cheapest = items[0];
  if (!cheapest) throw new Error(`no offer for ICD-11 ${icd}: was the demo data loaded?`);
  return cheapest;
}

function tell(label: string, view: TransactionView): void {
  const q = view.quote;
  const parts = `fee ${money(q.platformFeeMinor)}, commission ${money(q.commissionMinor)}`;
  say(`${label}: ${view.status}, total ${money(q.totalMinor, q.currency)} (${parts})`);
}

async function certificateOf(buyer: Member, client: GatewayClient, view: TransactionView) {
  const certificate = await untilCertificate(client, buyer.userId, view.transactionId);
  say(`  certificate ${certificate.id}, verify at ${certificate.verifyUrl}`);
  return certificate;
}

async function sandboxDeclines(state: Saved, decline: boolean): Promise<boolean> {
  if (!state.sandboxUrl) return false;
  const answer = await fetch(`${state.sandboxUrl}/__control`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ decline }),
  });
  return answer.ok;
}

async function main(): Promise<void> {
  const state = saved();
  say(`platform at ${state.gatewayUrl}`);
  const cast = await signInCast(state);
  const insurer = await asBearer(cast.insurer);
  const broker = await asBearer(cast.broker);

  const mri = await shop(insurer, '8A80', 'imaging for migraine');
  const direct = await purchase(insurer, [{ serviceId: mri.serviceId, quantity: 1 }]);
  tell('direct purchase by Platform Health', direct);
  const certificate = await certificateOf(cast.insurer, insurer, direct);

  const hernia = await shop(broker, 'DD51', 'inguinal hernia repair');
  const brokered = await purchase(broker, [{ serviceId: hernia.serviceId, quantity: 2 }], {
    buyerOrganizationId: cast.secondInsurer.organizationId,
  });
  tell('Bridge Health Brokers buys for Aurora Mutual', brokered);
  await certificateOf(cast.broker, broker, brokered);

  await declinedPurchase(state, insurer, hernia.serviceId);

  const refunded = expectStatus(
    'refund',
    await refund(insurer, direct.transactionId, direct.quote.totalMinor, 'patient cancelled'),
    200,
  );
  tell('refund of the direct purchase', refunded.json as TransactionView);
  const revoked = await untilCertificate(insurer, cast.insurer.userId, direct.transactionId, {
    revoked: true,
  });
  const check = await fetch(new URL(certificate.verifyUrl));
  const verdict = (await check.json()) as { status: string };
  say(`  certificate ${revoked.id} revoked at ${revoked.revokedAt}; verify says ${verdict.status}`);
  await ledger(insurer);
  say('trading day over');
}

async function declinedPurchase(state: Saved, insurer: GatewayClient, serviceId: string) {
  if (!(await sandboxDeclines(state, true))) {
    say('declined payment skipped: the sandbox gateway address is unknown');
    return;
  }
  try {
    const quoted = expectStatus('quote', await quote(insurer, [{ serviceId, quantity: 1 }]), 201);
    const id = quoted.json.transactionId as string;
    expectStatus('initiate', await command(insurer, 'initiate', id), 200);
    const failed = await untilStatus(insurer, id, ['failed', 'authorized']);
    tell('a purchase whose card the issuer declines', failed);
    say(`  reason: ${failed.failure?.code ?? 'none'}; no certificate, nothing posted`);
  } finally {
    await sandboxDeclines(state, false);
  }
}

async function ledger(insurer: GatewayClient): Promise<void> {
  const answer = await insurer.get('/api/payments/balances');
  if (answer.status !== 200) {
    say(`ledger balances: HTTP ${answer.status} through the gateway (${answer.json?.code ?? ''})`);
    return;
  }
  for (const b of answer.json.items as Array<{ accountKind: string; postedMinor: number }>) {
    say(`  ledger ${b.accountKind}: ${money(b.postedMinor)}`);
  }
}

main().catch((error: unknown) => {
  say(`failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
