import { contextFrom, type EventHandler } from '@hcts/bus';
import { TransactionCompleted, TransactionRefunded } from '@hcts/contracts';
import type { Transaction } from 'kysely';
import type { z } from 'zod';
import { certificatesApp } from '../../app/certificates.ts';
import { IssueReasons } from '../../domain/certificate-document.ts';
import type { CompletedPurchase } from '../../domain/completed-purchase.ts';
import type { Composed } from '../compose.ts';
import type { CertificatesDatabase } from '../postgres/schema.ts';

type Completed = z.infer<typeof TransactionCompleted.schema>;
type Refunded = z.infer<typeof TransactionRefunded.schema>;

/**
 * The trading events certificates reacts to. Each runs inside the bus's inbox transaction, so
 * the certificate, its log leaf, its outbox event and the inbox row commit together.
 */
export function tradingHandlers(
  core: Pick<Composed, 'deps' | 'store'>,
): Record<string, EventHandler> {
  const appIn = (trx: unknown) =>
    certificatesApp({
      ...core.deps,
      store: core.store.boundTo(trx as Transaction<CertificatesDatabase>),
    });

  return {
    [TransactionCompleted.type]: async (envelope, { trx, log }) => {
      const data = envelope.data as Completed;
      const request = { purchase: purchaseOf(data), reason: IssueReasons.transactionCompleted };
      const [result] = await appIn(trx).issue([request], contextFrom(envelope));
      log.info(
        { 'certificates.certificate.id': result?.certificate.id, created: result?.created },
        'certificate issued',
      );
    },

    // Known limit: any refund, partial or full, revokes the certificate; a partial refund does
    // not re-issue one with the reduced amounts, because the event does not carry the lines.
    [TransactionRefunded.type]: async (envelope, { trx, log }) => {
      const data = envelope.data as Refunded;
      const reason = `refund ${data.refundId}${data.fullyRefunded ? '' : ' (partial)'}`;
      const request = { transactionId: data.transactionId, reason };
      const revoked = await appIn(trx).revoke(request, contextFrom(envelope));
      log.info({ revoked: revoked.length }, 'certificates revoked');
    },
  };
}

export function purchaseOf(data: Completed): CompletedPurchase {
  const { quote } = data;
  return {
    transactionId: data.transactionId,
    buyerOrganizationId: data.buyerOrganizationId,
    providerOrganizationId: data.providerOrganizationId,
    intermediaryOrganizationId: data.intermediaryOrganizationId,
    currency: quote.currency,
    services: quote.lines.map((l) => ({
      serviceId: l.serviceId,
      serviceVersion: l.serviceVersion,
      name: l.name,
      procedureCode: { system: l.procedureCode.system, code: l.procedureCode.code },
      indications: l.indications.map((i) => ({ code: i.code, releaseId: i.releaseId })),
      quantity: l.quantity,
      unitPriceMinor: l.unitPriceMinor,
      lineTotalMinor: l.lineTotalMinor,
    })),
    subtotalMinor: quote.subtotalMinor,
    platformFeeMinor: quote.platformFeeMinor,
    commissionMinor: quote.commissionMinor,
    totalMinor: quote.totalMinor,
    completedAt: data.completedAt,
  };
}
