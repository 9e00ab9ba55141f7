export interface StoredPriceFile {
  fileId: string;
  organizationId: string;
  /** Reference to the organization key the file is sealed with. */
  keyId: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  report: {
    valid: boolean;
    layout: string;
    schemaVersion: string;
    errors: number;
    warnings: number;
  };
  uploadedBy: string;
  uploadedAt: string;
}

/** Encrypted storage of uploaded price files. */
export interface PriceFileVault {
  put(
    file: Omit<StoredPriceFile, 'keyId' | 'sha256' | 'sizeBytes' | 'uploadedAt'>,
    bytes: Uint8Array,
  ): Promise<StoredPriceFile>;
  get(fileId: string): Promise<{ file: StoredPriceFile; bytes: Buffer } | undefined>;
}
