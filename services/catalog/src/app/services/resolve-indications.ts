import type { Indication } from '../../domain/catalog-service.ts';
import { CatalogError } from '../../domain/errors.ts';
import type { Icd11Store } from '../icd11/icd11-store.ts';

/**
 * Checks ICD-11 codes against the current release and returns them with the release id and
 * title. Every unknown code is named by its field, so one answer lists them all.
 */
export async function resolveIndications(
  icd11: Icd11Store,
  codes: readonly string[],
): Promise<Indication[]> {
  if (codes.length === 0) return [];
  const release = await icd11.currentRelease();
  if (release === undefined) throw new CatalogError('icd11NoRelease');

  const wanted = codes.map((code) => code.trim().toUpperCase());
  const found = await icd11.existingCodes(release.releaseId, wanted);
  const issues = wanted.flatMap((code, index) =>
    found.has(code)
      ? []
      : [
          {
            field: `indicationCodes.${index}`,
            code: 'UNKNOWN_ICD11_CODE',
            message: `${code} is not in ICD-11 ${release.releaseId}`,
          },
        ],
  );
  if (issues.length > 0)
    throw new CatalogError(
      'unknownIndication',
      { codes: issues.map((i) => i.message.split(' ')[0]).join(', ') },
      issues,
    );

  return [...new Set(wanted)].map((code) => {
    const node = found.get(code);
    return {
      code,
      releaseId: release.releaseId,
      title: node?.title ?? code,
      chapterNo: node?.chapterNo ?? '',
    };
  });
}
