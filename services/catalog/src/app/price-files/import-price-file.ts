import { stage } from '@hcts/bus';
import { type PriceList, PriceListChanged } from '@hcts/contracts';
import { type Caller, canManage } from '../../domain/caller.ts';
import type { CatalogService } from '../../domain/catalog-service.ts';
import { type CatalogItem, catalogItemsFromDocument } from '../../domain/cms/catalog-items.ts';
import { profileFromDocument } from '../../domain/cms/export-v3.ts';
import type { HptSchemaVersion } from '../../domain/cms/hpt-document.ts';
import { serviceFromItem } from '../../domain/cms/service-from-item.ts';
import { CatalogError, type Issue } from '../../domain/errors.ts';
import { foldText } from '../../domain/fold-text.ts';
import type { CatalogTransaction } from '../catalog-store.ts';
import type { HptSchemas } from '../cms/hpt-schemas.ts';
import { validatePriceFile } from '../cms/validate-price-file.ts';
import type { CatalogDeps, RequestMeta } from '../deps.ts';
import { eventsOf } from '../services/save-service.ts';
import type { PriceFileVault, StoredPriceFile } from './price-file-vault.ts';

export interface PriceFileUpload {
  bytes: Uint8Array;
  contentType: string;
  schemaVersion?: HptSchemaVersion;
}

export interface ImportOutcome {
  file: StoredPriceFile;
  valid: boolean;
  layout: string;
  schemaVersion: string;
  errors: Issue[];
  warnings: Issue[];
  created: number;
  updated: number;
  priceLists: { priceListId: string; buyerOrganizationId: string; entries: number }[];
  unmappedPayers: string[];
}

const acceptedTypes = new Set([
  'text/csv',
  'application/json',
  'text/plain',
  'application/vnd.ms-excel',
]);

/**
 * Checks size and type before parsing, keeps the file encrypted, validates it as a whole and,
 * only when valid, creates or updates the provider's services and its payers' price lists in
 * one transaction: nothing is imported in part.
 */
export async function importPriceFile(
  deps: CatalogDeps & { vault: PriceFileVault; schemas: HptSchemas; maxBytes: number },
  caller: Caller,
  providerOrganizationId: string,
  upload: PriceFileUpload,
  meta: RequestMeta,
): Promise<ImportOutcome> {
  const type = checkUpload(caller, providerOrganizationId, upload, deps.maxBytes);
  const report = validatePriceFile(deps.schemas, upload.bytes, upload.schemaVersion);
  const file = await deps.vault.put(
    {
      fileId: deps.newId(),
      organizationId: providerOrganizationId,
      contentType: type,
      report: {
        valid: report.valid,
        layout: report.layout,
        schemaVersion: report.schemaVersion,
        errors: report.errors.length,
        warnings: report.warnings.length,
      },
      uploadedBy: caller.userId,
    },
    upload.bytes,
  );

  const outcome: ImportOutcome = {
    file,
    valid: report.valid,
    layout: report.layout,
    schemaVersion: report.schemaVersion,
    errors: report.errors,
    warnings: report.warnings,
    created: 0,
    updated: 0,
    priceLists: [],
    unmappedPayers: [],
  };
  if (report.document === null) return outcome;

  const items = catalogItemsFromDocument(report.document);
  const aliases = await deps.store.payerAliases();
  const document = report.document;
  return deps.store.transaction(async (tx) => {
    await tx.saveProfile(providerOrganizationId, profileFromDocument(document));
    const services = await upsertServices(
      deps,
      tx,
      caller,
      providerOrganizationId,
      items,
      meta,
      outcome,
    );
    await payerLists(deps, tx, caller, providerOrganizationId, services, aliases, meta, outcome);
    return outcome;
  });
}

/** Ownership, size and type, all before a byte is parsed; returns the media type. */
function checkUpload(
  caller: Caller,
  providerOrganizationId: string,
  upload: PriceFileUpload,
  maxBytes: number,
): string {
  if (!canManage(caller, providerOrganizationId)) throw new CatalogError('notOwner');
  if (upload.bytes.length > maxBytes)
    throw new CatalogError('priceFileTooLarge', { limit: maxBytes });
  const type = upload.contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  if (!acceptedTypes.has(type)) throw new CatalogError('priceFileType', { type });
  return type;
}

async function upsertServices(
  deps: CatalogDeps,
  tx: CatalogTransaction,
  caller: Caller,
  providerOrganizationId: string,
  items: readonly CatalogItem[],
  meta: RequestMeta,
  outcome: ImportOutcome,
): Promise<{ item: CatalogItem; service: CatalogService }[]> {
  const now = deps.now().toISOString();
  const result: { item: CatalogItem; service: CatalogService }[] = [];
  for (const item of items) {
    const { indicationCodes: _, ...details } = serviceFromItem(item);
    const current = await tx.findByProcedure(
      providerOrganizationId,
      details.procedureCode.system,
      details.procedureCode.code,
      details.name,
    );
    if (current === undefined) {
      const service = {
        ...details,
        serviceId: deps.newId(),
        version: 1,
        providerOrganizationId,
        indications: [],
        createdAt: now,
        updatedAt: now,
      };
      await tx.insertService(service, item);
      await tx.stage(eventsOf(undefined, service, caller, meta, now));
      outcome.created += 1;
      result.push({ item, service });
      continue;
    }
    const service = {
      ...current,
      ...details,
      indications: current.indications,
      version: current.version + 1,
      updatedAt: now,
    };
    await tx.updateService(service, item);
    await tx.stage(eventsOf(current, service, caller, meta, now));
    outcome.updated += 1;
    result.push({ item, service });
  }
  return result;
}

/**
 * One negotiated list per payer that maps to an insurer on the platform, with its dollar
 * amounts. Known limit: percentage and algorithm rates are not turned into rules (they are
 * percentages of charges the catalog does not price), and of several plans of one payer the
 * first listed sets the price; both stay visible in the stored file and its export.
 */
async function payerLists(
  deps: CatalogDeps,
  tx: CatalogTransaction,
  caller: Caller,
  providerOrganizationId: string,
  services: readonly { item: CatalogItem; service: CatalogService }[],
  aliases: ReadonlyMap<string, string>,
  meta: RequestMeta,
  outcome: ImportOutcome,
): Promise<void> {
  const perBuyer = new Map<string, Map<string, number>>();
  const unmapped = new Set<string>();
  for (const { item, service } of services) {
    for (const payer of item.payers) {
      const buyer = aliases.get(foldText(payer.payerName));
      if (buyer === undefined) unmapped.add(payer.payerName);
      if (buyer === undefined || payer.dollarMinor === null) continue;
      const entries = perBuyer.get(buyer) ?? new Map<string, number>();
      if (!entries.has(service.serviceId)) entries.set(service.serviceId, payer.dollarMinor);
      perBuyer.set(buyer, entries);
    }
  }
  outcome.unmappedPayers = [...unmapped].sort();

  for (const [buyer, entries] of perBuyer) {
    const name = 'CMS standard charges';
    const current = await tx.findPriceList(providerOrganizationId, buyer, name);
    const list: PriceList = {
      priceListId: current?.priceListId ?? deps.newId(),
      version: (current?.version ?? 0) + 1,
      providerOrganizationId,
      buyerOrganizationId: buyer,
      currency: 'USD',
      validFrom: current?.validFrom ?? deps.now().toISOString(),
      validTo: null,
      entries: [...entries].map(([serviceId, unitPriceMinor]) => ({ serviceId, unitPriceMinor })),
      rules: current?.rules ?? [],
    };
    await tx.savePriceList(list, name);
    await tx.stage([
      stage(PriceListChanged, list, {
        correlationId: meta.correlationId,
        actor: { userId: caller.userId, organizationId: caller.organizationId, role: caller.role },
      }),
    ]);
    outcome.priceLists.push({
      priceListId: list.priceListId,
      buyerOrganizationId: buyer,
      entries: list.entries.length,
    });
  }
}
