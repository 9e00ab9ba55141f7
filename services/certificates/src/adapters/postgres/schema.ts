import type { ColumnType, Generated } from 'kysely';

/** bigint arrives as an exact number through the kit's pool (it refuses unsafe values). */
type BigIntColumn = ColumnType<number, number, number>;
type Timestamptz = ColumnType<Date, Date | string, Date | string>;

export interface MerkleLogTable {
  id: number;
  size: BigIntColumn;
}

export interface MerkleNodeTable {
  level: number;
  idx: BigIntColumn;
  hash: Buffer;
}

export interface SigningKeyTable {
  kid: string;
  public_jwk: ColumnType<Record<string, unknown>, string, string>;
  sealed_private_key: Buffer;
  created_at: Timestamptz;
  retired_at: Timestamptz | null;
}

export interface CheckpointTable {
  tree_size: BigIntColumn;
  root_hash: Buffer;
  signed_at: Timestamptz;
  key_id: string;
  jws: string;
}

export interface CertificateTable {
  id: string;
  transaction_id: string;
  version: number;
  supersedes: string | null;
  reason: string;
  verification_code: string;
  key_id: string;
  jws: string;
  leaf_index: ColumnType<number | null, number | null, number>;
  issue_cause: ColumnType<Record<string, unknown>, string, string>;
  buyer_organization_id: string;
  provider_organization_id: string;
  intermediary_organization_id: string | null;
  issued_at: Timestamptz;
  revoked_at: Timestamptz | null;
  revocation_reason: string | null;
}

export interface PurchaseTable {
  transaction_id: string;
  purchase: ColumnType<Record<string, unknown>, string, string>;
}

export interface StatusListTable {
  id: Generated<number>;
  jws: string;
  revoked_count: number;
  signed_at: Timestamptz;
}

export interface CertificatesDatabase {
  merkle_log: MerkleLogTable;
  merkle_nodes: MerkleNodeTable;
  signing_keys: SigningKeyTable;
  checkpoints: CheckpointTable;
  certificates: CertificateTable;
  purchases: PurchaseTable;
  status_lists: StatusListTable;
}
