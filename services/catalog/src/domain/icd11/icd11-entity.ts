export const ClassKinds = Object.freeze({
  chapter: 'chapter',
  block: 'block',
  category: 'category',
} as const);
export type ClassKind = (typeof ClassKinds)[keyof typeof ClassKinds];

/** One chapter, block or category of an ICD-11 MMS release, placed in its hierarchy. */
export interface Icd11Entity {
  /** The code of a category, the block id of a block, the chapter number of a chapter. */
  key: string;
  code: string | null;
  blockId: string | null;
  chapterNo: string;
  classKind: ClassKind;
  /** The title without the leading "- " marks that encode its depth. */
  title: string;
  /** Depth in the whole tree: 0 for a chapter. */
  depth: number;
  depthInKind: number;
  isResidual: boolean;
  isLeaf: boolean;
  primaryTabulation: boolean | null;
  /** Null for residual categories: "other" and "unspecified" are not Foundation entities. */
  foundationUri: string | null;
  linearizationUri: string;
  parentKey: string | null;
  /** Order in the tabulation, which is the order of the classification. */
  position: number;
  groupings: string[];
}

export interface Icd11Release {
  releaseId: string;
  versionStamp: string;
  entities: Icd11Entity[];
  counts: { chapters: number; blocks: number; categories: number; residuals: number };
}
