/** A signed statement of the log's state: its size and root hash at a time. */
export interface Checkpoint {
  origin: string;
  treeSize: number;
  rootHash: string;
  timestamp: string;
}

/** The holder's proof kit: verifiable offline with the JWKS and nothing else. */
export interface CertificateBundle {
  certificate: string;
  leafIndex: number;
  inclusionProof: string[];
  checkpoint: string;
}

/** What a verifier needs besides the bundle to check that the log only grew since. */
export interface NewerCheckpoint {
  checkpoint: string;
  consistencyProof: string[];
}
