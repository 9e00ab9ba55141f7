import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type Account,
  asBearer,
  enableTotp,
  ensureAccount,
  ensureOrganization,
  type Member,
  type OrganizationKind,
  rolesNeedingTotp,
  signIn,
  verifyOrganization,
} from './accounts.ts';
import {
  cmsExamplesDir,
  findIndication,
  importPriceFile,
  publishWithIndications,
  servicesOf,
} from './catalog-steps.ts';
import { expectStatus } from './gateway-client.ts';
import type { Mailbox } from './mailbox.ts';

export const demoPassword = 'hcts-demo-password';

export interface DemoLogin {
  role: string;
  email: string;
  password: string;
  note?: string;
}

export interface DemoSummary {
  logins: DemoLogin[];
  organizations: Array<{ slug: string; kind: OrganizationKind; organizationId: string }>;
}

interface DemoOrganization {
  slug: string;
  name: string;
  kind: OrganizationKind;
  email: string;
  /** Providers: the CMS example price file their catalog comes from. */
  priceFile?: string;
}

export const demoOrganizations: readonly DemoOrganization[] = [
  org('west-mercy', 'West Mercy Hospital', 'provider', 'V3.0.0_Tall_CSV_Format_Example.csv'),
  org('ocean-surgical', 'Ocean Surgical Center', 'provider', 'V3.0.0_Wide_CSV_Format_Example.csv'),
  org('fullerton-care', 'Fullerton Care Clinic', 'provider', 'v3_json_format_example.json'),
  org('platform-health', 'Platform Health Insurance', 'insurer'),
  org('aurora-mutual', 'Aurora Mutual Insurance', 'insurer'),
  org('bridge-brokers', 'Bridge Health Brokers', 'intermediary'),
];

function org(slug: string, name: string, kind: OrganizationKind, priceFile?: string) {
  return { slug, name, kind, email: `${slug}@demo.hcts.local`, priceFile };
}

export interface LoadOptions {
  gatewayUrl: string;
  mailbox: Mailbox;
  log: (line: string) => void;
  /** Where the demo's logins and authenticator URIs are kept for `npm run demo`. */
  stateDir: string;
  env?: NodeJS.ProcessEnv;
}

/**
 * Loads the demo data through the gateway, as a client app would: organizations registered and
 * verified by the admin, provider catalogs imported from CMS example price files and published
 * with ICD-11 indications. Safe to run again: what exists is found and kept.
 */
export async function loadDemoData(options: LoadOptions): Promise<DemoSummary> {
  const { log } = options;
  const env = options.env ?? process.env;
  const adminLogin = {
    email: env.HCTS_ADMIN_EMAIL ?? 'admin@hcts.local',
    password: env.HCTS_ADMIN_PASSWORD ?? 'hcts-admin-change-me',
  };
  const totp = totpStore(options);
  const admin = await signIn(
    options.gatewayUrl,
    adminLogin.email,
    adminLogin.password,
    totp.get(adminLogin.email),
  );
  if (!admin) throw new Error('the admin cannot sign in: check HCTS_ADMIN_EMAIL/PASSWORD');
  await enrolIfRequired(options, totp, admin, 'admin');
  log(`demo: admin ${adminLogin.email} signed in`);

  const members: Member[] = [];
  for (const wanted of demoOrganizations) {
    members.push(await registerOrganization(options, totp, admin, wanted));
  }
  await checkIcd11(admin, log);
  for (const wanted of demoOrganizations.filter((o) => o.priceFile)) {
    const member = members.find((m) => m.email === wanted.email);
    if (member) await loadCatalog(options, member, wanted);
  }

  const logins: DemoLogin[] = [
    { role: 'admin', ...adminLogin },
    ...demoOrganizations.map((o) => ({ role: o.kind, email: o.email, password: demoPassword })),
  ].map((login) =>
    totp.get(login.email) ? { ...login, note: 'TOTP: otpauth URI in demo-logins.json' } : login,
  );
  totp.save(logins);
  log('demo: data loaded');
  const organizations = members.map((m, i) => ({
    slug: demoOrganizations[i]?.slug ?? '',
    kind: m.kind,
    organizationId: m.organizationId,
  }));
  return { logins, organizations };
}

/**
 * The authenticator URIs of the demo accounts, written to the state folder as soon as one is
 * made: an account with TOTP on cannot sign in again without it.
 */
function totpStore(options: LoadOptions) {
  const file = join(options.stateDir, 'demo-logins.json');
  const earlier = savedLogins(options.stateDir, options.gatewayUrl);
  const uris: Record<string, string> = { ...earlier?.totp };
  let logins: DemoLogin[] = earlier?.logins ?? [];
  const save = (next?: DemoLogin[]) => {
    if (next) logins = next;
    const body = { gatewayUrl: options.gatewayUrl, logins, totp: uris };
    writeFileSync(file, `${JSON.stringify(body, null, 2)}\n`, { mode: 0o600 });
  };
  return {
    get: (email: string): string | undefined => uris[email],
    set: (email: string, uri: string) => {
      uris[email] = uri;
      save();
    },
    save,
  };
}

/** Enrols TOTP for a role the gateway wants it of (MFA_REQUIRED_ROLES), once. */
async function enrolIfRequired(
  options: LoadOptions,
  totp: ReturnType<typeof totpStore>,
  account: Account,
  role: string,
): Promise<void> {
  if (totp.get(account.email) || !rolesNeedingTotp(options.env).includes(role)) return;
  totp.set(account.email, await enableTotp(account));
  options.log(`demo: TOTP enrolled for ${account.email}`);
}

async function registerOrganization(
  options: LoadOptions,
  totp: ReturnType<typeof totpStore>,
  admin: Account,
  wanted: DemoOrganization,
): Promise<Member> {
  const person = { email: wanted.email, password: demoPassword, name: wanted.name };
  const account = await ensureAccount(options, person, totp.get(wanted.email));
  const member = await ensureOrganization(account, wanted);
  const decided = await verifyOrganization(admin, member.organizationId);
  expectStatus(`verify ${wanted.slug}`, decided, 200, 409);
  await enrolIfRequired(options, totp, member, wanted.kind);
  options.log(`demo: ${wanted.kind} ${wanted.name} registered and verified (${wanted.email})`);
  return { ...member, totpUri: totp.get(wanted.email) };
}

async function checkIcd11(admin: Account, log: (line: string) => void): Promise<void> {
  const client = await asBearer(admin);
  const found = await findIndication(client, 'inguinal hernia');
  if (!found) throw new Error('the ICD-11 release is not loaded in the catalog');
  log(`demo: ICD-11 release ${found.releaseId} loaded (e.g. ${found.code} ${found.title})`);
}

async function loadCatalog(options: LoadOptions, provider: Member, wanted: DemoOrganization) {
  const { log } = options;
  const client = await asBearer(provider);
  const existing = await servicesOf(client, provider.organizationId);
  if (existing.length === 0 && wanted.priceFile) {
    const file = join(cmsExamplesDir(), wanted.priceFile);
    const imported = await importPriceFile(client, provider.organizationId, file);
    expectStatus(`import ${wanted.priceFile}`, imported, 201);
    log(
      `demo: ${wanted.name} imported ${wanted.priceFile}: ${imported.json.created} services, ` +
        `${imported.json.priceLists?.length ?? 0} payer price lists`,
    );
  } else log(`demo: ${wanted.name} already has ${existing.length} services`);

  for (const set of await publishWithIndications(provider, client)) {
    log(`demo:   ${set.service.slice(0, 50)} -> ICD-11 ${set.code} ${set.title}`);
  }
}

/** What an earlier load of the same platform saved (the authenticator URIs above all). */
export function savedLogins(stateDir: string, gatewayUrl: string) {
  const file = join(stateDir, 'demo-logins.json');
  if (!existsSync(file)) return undefined;
  const saved = JSON.parse(readFileSync(file, 'utf8')) as {
    gatewayUrl: string;
    logins: DemoLogin[];
    totp?: Record<string, string>;
  };
  return saved.gatewayUrl === gatewayUrl ? saved : undefined;
}
