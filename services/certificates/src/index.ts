export {
  type BuildOptions,
  buildCertificatesService,
  consumerGroup,
} from './adapters/build-service.ts';
export { type BundleVerdict, verifyBundle } from './adapters/crypto/bundle-verifier.ts';
export { type Config, ConfigSchema } from './config.ts';
export type { CertificateDocument } from './domain/certificate-document.ts';
export type { CertificateBundle, Checkpoint, NewerCheckpoint } from './domain/checkpoint.ts';
