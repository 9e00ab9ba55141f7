/** A webhook whose signature did not verify: someone who is not the provider, or a bad key. */
export interface WebhookSignatureRejected {
  kind: 'webhook-signature-invalid';
  gateway: string;
  /** The fixed phrase of the verifier (never body content or key material). */
  reason: string;
  /** The sender's network address; the bus gets only its salted digest. */
  address: string;
}

export type PaymentsSecurityEvent = WebhookSignatureRejected;

export interface SecurityEvents {
  /** `count`: alike occurrences this record stands for (a coalesced burst), 1 when absent. */
  record(event: PaymentsSecurityEvent, count?: number): Promise<void>;
}
