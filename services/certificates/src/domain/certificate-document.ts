import { certificateContextPath } from './certificate-context.ts';
import type { CompletedPurchase } from './completed-purchase.ts';

/** Why a certificate was issued; the generate endpoint adds its own reasons. */
export const IssueReasons = Object.freeze({
  transactionCompleted: 'transaction-completed',
} as const);

export interface IssueInput {
  certificateId: string;
  version: number;
  supersedes: string | null;
  purchase: CompletedPurchase;
  issuedAt: Date;
}

export interface IssuerProfile {
  /** The issuer's URL: the platform's public base URL. */
  id: string;
  name: string;
  validityDays: number;
}

const millisPerDay = 86_400_000;

/**
 * The certificate as a W3C Verifiable Credential 2.0 document. People are named by their
 * organization only: no patient, no personal health data. The indications are the ICD-11
 * codes a purchased service is sold for, with the release they were validated against.
 */
export function certificateDocument(issuer: IssuerProfile, input: IssueInput) {
  const { purchase } = input;
  const validUntil = new Date(input.issuedAt.getTime() + issuer.validityDays * millisPerDay);

  return {
    '@context': ['https://www.w3.org/ns/credentials/v2', `${issuer.id}${certificateContextPath}`],
    id: `urn:uuid:${input.certificateId}`,
    type: ['VerifiableCredential', 'PurchaseCertificate'],
    issuer: { id: issuer.id, name: issuer.name },
    validFrom: input.issuedAt.toISOString(),
    validUntil: validUntil.toISOString(),
    credentialStatus: {
      id: `${issuer.id}/api/certificates/status#${input.certificateId}`,
      type: 'SignedRevocationList',
    },
    credentialSubject: {
      id: `urn:uuid:${purchase.transactionId}`,
      transactionId: purchase.transactionId,
      certificateVersion: input.version,
      supersedes: input.supersedes === null ? null : `urn:uuid:${input.supersedes}`,
      completedAt: purchase.completedAt,
      buyerOrganization: { id: purchase.buyerOrganizationId },
      providerOrganization: { id: purchase.providerOrganizationId },
      intermediaryOrganization:
        purchase.intermediaryOrganizationId === null
          ? null
          : { id: purchase.intermediaryOrganizationId },
      services: purchase.services.map((s) => ({
        serviceId: s.serviceId,
        serviceVersion: s.serviceVersion,
        name: s.name,
        procedureCode: { system: s.procedureCode.system, code: s.procedureCode.code },
        indications: s.indications.map((i) => ({ system: 'ICD-11 MMS', ...i })),
        quantity: s.quantity,
        unitPriceMinor: s.unitPriceMinor,
        lineTotalMinor: s.lineTotalMinor,
      })),
      amounts: {
        currency: purchase.currency,
        subtotalMinor: purchase.subtotalMinor,
        platformFeeMinor: purchase.platformFeeMinor,
        commissionMinor: purchase.commissionMinor,
        totalMinor: purchase.totalMinor,
      },
    },
  };
}

export type CertificateDocument = ReturnType<typeof certificateDocument>;

/** The JWS header types: a certificate, a checkpoint and a status list never pass for another. */
export const SignedTypes = Object.freeze({
  certificate: 'vc+jwt',
  checkpoint: 'hcts-checkpoint+jwt',
  statusList: 'hcts-status-list+jwt',
} as const);
