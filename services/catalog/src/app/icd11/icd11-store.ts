import type { Icd11Entity, Icd11Release } from '../../domain/icd11/icd11-entity.ts';

export interface StoredRelease {
  releaseId: string;
  versionStamp: string;
  contentSha256: string;
  counts: Icd11Release['counts'];
  importedAt: string;
}

export interface Icd11Hit {
  key: string;
  code: string | null;
  title: string;
  classKind: Icd11Entity['classKind'];
  chapterNo: string;
  isResidual: boolean;
  isLeaf: boolean;
  score: number;
}

export type Icd11Node = Omit<Icd11Entity, 'position'>;

export interface Icd11Lookup {
  entity: Icd11Node;
  /** From the chapter down to the parent. */
  ancestors: Icd11Node[];
  children: Icd11Node[];
}

/** Where ICD-11 releases live. One implementation: Postgres. */
export interface Icd11Store {
  findRelease(releaseId: string): Promise<StoredRelease | undefined>;
  /** The newest imported release, by release id. */
  currentRelease(): Promise<StoredRelease | undefined>;
  /** Writes the release and every entity in one transaction; false if the id was taken. */
  saveRelease(release: Icd11Release, contentSha256: string): Promise<boolean>;
  search(releaseId: string, query: string, limit: number): Promise<Icd11Hit[]>;
  /** Categories ranked by how many words of `text` their titles share (any word matches). */
  rank(releaseId: string, text: string, limit: number): Promise<Icd11Hit[]>;
  lookup(releaseId: string, key: string): Promise<Icd11Lookup | undefined>;
  /** Which of `codes` exist in the release (categories only). */
  existingCodes(releaseId: string, codes: readonly string[]): Promise<Map<string, Icd11Node>>;
}
