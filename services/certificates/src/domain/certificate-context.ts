/** Where the platform serves the JSON-LD context that certificates name after the W3C one. */
export const certificateContextPath = '/credentials/v1';

/** The namespace of the certificate's own terms (purchase, services, amounts). */
const vocabulary = 'https://hcts.dev/ns/credentials/v1#';

/**
 * The JSON-LD context of a purchase certificate. The W3C credentials context comes first and
 * defines the credential's own terms; every term it leaves undefined (the purchase, its parties,
 * services and amounts) expands under the HCTS vocabulary. It never changes once published:
 * certificates signed with it name it, so a change of meaning is a new version at a new path.
 */
export const certificateContext = Object.freeze({
  '@context': {
    '@version': 1.1,
    '@vocab': vocabulary,
    PurchaseCertificate: `${vocabulary}PurchaseCertificate`,
    SignedRevocationList: `${vocabulary}SignedRevocationList`,
  },
});
