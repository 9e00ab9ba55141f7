/** The platform's error categories (mirrors ErrorCategories in contracts; domain/ imports nothing). */
export type ErrorCategory =
  | 'validation'
  | 'not-found'
  | 'conflict'
  | 'rule'
  | 'forbidden'
  | 'unauthenticated'
  | 'unavailable';

/** One located problem in an input: a row and column for tables, a JSON pointer for JSON. */
export interface Issue {
  /** Row number as a person counts it in the file (the header is row 1), when tabular. */
  row?: number;
  column?: string;
  /** RFC 6901 pointer, when the input is JSON. */
  pointer?: string;
  field?: string;
  code: string;
  message: string;
}

const entries = {
  icd11BadFile: ['CATALOG_ICD11_BAD_FILE', 'validation', 'the ICD-11 tabulation is invalid'],
  icd11ReleaseConflict: [
    'CATALOG_ICD11_RELEASE_CONFLICT',
    'conflict',
    'release {releaseId} is already imported with different content',
  ],
  icd11NoRelease: ['CATALOG_ICD11_NO_RELEASE', 'unavailable', 'no ICD-11 release is imported'],
  icd11UnknownCode: ['CATALOG_ICD11_UNKNOWN_CODE', 'not-found', 'ICD-11 code {code} is not known'],
  unknownIndication: [
    'CATALOG_UNKNOWN_INDICATION',
    'validation',
    'indications {codes} are not in the ICD-11 release',
  ],
  priceFileInvalid: ['CATALOG_PRICE_FILE_INVALID', 'validation', 'the price file is invalid'],
  priceFileTooLarge: [
    'CATALOG_PRICE_FILE_TOO_LARGE',
    'validation',
    'the price file exceeds {limit} bytes',
  ],
  priceFileType: [
    'CATALOG_PRICE_FILE_TYPE',
    'validation',
    'the price file must be CSV or JSON, not {type}',
  ],
  badInput: ['CATALOG_BAD_INPUT', 'validation', 'the request is invalid'],
  serviceNotFound: ['CATALOG_SERVICE_NOT_FOUND', 'not-found', 'service {serviceId} is not found'],
  priceListNotFound: [
    'CATALOG_PRICE_LIST_NOT_FOUND',
    'not-found',
    'price list {priceListId} is not found',
  ],
  notOwner: ['CATALOG_NOT_OWNER', 'forbidden', 'the service belongs to another organization'],
  forbidden: ['CATALOG_FORBIDDEN', 'forbidden', 'the role {role} may not {action} {resource}'],
  unauthenticated: ['CATALOG_UNAUTHENTICATED', 'unauthenticated', 'the caller is not known'],
  versionConflict: [
    'CATALOG_VERSION_CONFLICT',
    'conflict',
    'service {serviceId} is at version {actual}, not {expected}',
  ],
  badTransition: ['CATALOG_BAD_TRANSITION', 'rule', 'a {from} service cannot become {to}'],
  sharesDoNotSum: [
    'CATALOG_SHARES_DO_NOT_SUM',
    'validation',
    'component shares sum to {sum} bp, not 10000',
  ],
  badComponent: ['CATALOG_BAD_COMPONENT', 'validation', 'component {serviceId} cannot be used'],
  quoteFailed: ['CATALOG_QUOTE_FAILED', 'rule', '{message}'],
  noHospitalProfile: [
    'CATALOG_NO_HOSPITAL_PROFILE',
    'rule',
    'provider {organizationId} has not imported a CMS file yet, so its hospital details are unknown',
  ],
  priceFileNotFound: [
    'CATALOG_PRICE_FILE_NOT_FOUND',
    'not-found',
    'price file {fileId} is not found',
  ],
} as const satisfies Record<string, readonly [string, ErrorCategory, string]>;

export type CatalogErrorKind = keyof typeof entries;

/** The catalog's error catalogue: a stable code, a category and a message template. */
export const CatalogErrors: Readonly<
  Record<CatalogErrorKind, { code: string; category: ErrorCategory; message: string }>
> = Object.freeze(
  Object.fromEntries(
    Object.entries(entries).map(([kind, [code, category, message]]) => [
      kind,
      { code, category, message },
    ]),
  ) as Record<CatalogErrorKind, { code: string; category: ErrorCategory; message: string }>,
);

export class CatalogError extends Error {
  readonly kind: CatalogErrorKind;
  readonly code: string;
  readonly category: ErrorCategory;
  readonly issues: readonly Issue[];

  constructor(
    kind: CatalogErrorKind,
    params: Record<string, string | number> = {},
    issues: readonly Issue[] = [],
  ) {
    const entry = CatalogErrors[kind];
    super(entry.message.replace(/\{(\w+)\}/g, (_, key: string) => String(params[key] ?? key)));
    this.name = 'CatalogError';
    this.kind = kind;
    this.code = entry.code;
    this.category = entry.category;
    this.issues = issues;
  }

  /** The issues as failing fields, the shape problem+json renders. */
  get fields(): { field: string; message: string; code: string }[] {
    return this.issues.map((issue) => ({
      field: fieldOf(issue),
      message: issue.message,
      code: issue.code,
    }));
  }
}

/** A field path, a JSON pointer, or "row 4, column setting" for tables. */
export function fieldOf(issue: Issue): string {
  if (issue.row !== undefined) {
    const column = issue.column ?? issue.field;
    return column === undefined ? `row ${issue.row}` : `row ${issue.row}, column ${column}`;
  }
  if (issue.pointer !== undefined) {
    return issue.field === undefined ? issue.pointer || '/' : `${issue.pointer}/${issue.field}`;
  }
  return issue.field ?? '(root)';
}
