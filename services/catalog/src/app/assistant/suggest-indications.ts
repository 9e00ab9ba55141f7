import { CatalogError } from '../../domain/errors.ts';
import type { Icd11Store } from '../icd11/icd11-store.ts';

export interface ModelSuggestion {
  code: string;
  reason: string;
}

/** A language model asked for ICD-11 indications of a service; may throw or time out. */
export interface IndicationModel {
  readonly name: string;
  suggest(
    service: { name: string; description: string },
    signal: AbortSignal,
  ): Promise<ModelSuggestion[]>;
}

export interface Suggestion {
  code: string;
  title: string;
  chapterNo: string;
  reason: string;
}

export interface SuggestionAnswer {
  releaseId: string;
  /** "model:<name>" when the model answered, "local-ranker" otherwise. */
  answeredBy: string;
  /** Why the local ranker answered, when it did. */
  fallbackReason: string | null;
  suggestions: Suggestion[];
  /** Codes the model gave that the release does not have; never shown as suggestions. */
  dropped: string[];
}

const maxSuggestions = 8;

/**
 * Suggests ICD-11 indications for a service. The model's codes are checked against the imported
 * release before they are shown; invented codes are dropped. Without a model, or when it fails,
 * times out or returns nothing usable, a local ranker over the release's titles answers.
 */
export async function suggestIndications(
  icd11: Icd11Store,
  model: IndicationModel | undefined,
  service: { name: string; description: string },
  timeoutMs: number,
): Promise<SuggestionAnswer> {
  const release = await icd11.currentRelease();
  if (release === undefined) throw new CatalogError('icd11NoRelease');
  const releaseId = release.releaseId;

  let fallbackReason = 'no model is configured';
  if (model !== undefined) {
    try {
      const proposed = await model.suggest(service, AbortSignal.timeout(timeoutMs));
      const wanted = proposed
        .map((s) => ({ ...s, code: s.code.trim().toUpperCase() }))
        .slice(0, 20);
      const known = await icd11.existingCodes(
        releaseId,
        wanted.map((s) => s.code),
      );
      const suggestions = wanted.flatMap((s) => {
        const node = known.get(s.code);
        return node === undefined
          ? []
          : [
              {
                code: s.code,
                title: node.title,
                chapterNo: node.chapterNo,
                reason: s.reason.slice(0, 500),
              },
            ];
      });
      const dropped = wanted.filter((s) => !known.has(s.code)).map((s) => s.code);
      if (suggestions.length > 0) {
        return {
          releaseId,
          answeredBy: `model:${model.name}`,
          fallbackReason: null,
          suggestions: suggestions.slice(0, maxSuggestions),
          dropped,
        };
      }
      fallbackReason = 'the model suggested no code of the release';
    } catch (error) {
      fallbackReason =
        error instanceof Error && error.name.includes('Timeout')
          ? 'the model timed out'
          : 'the model failed';
    }
  }

  const ranked = await icd11.rank(
    releaseId,
    `${service.name} ${service.description}`,
    maxSuggestions,
  );
  const suggestions = ranked.map((hit) => ({
    code: hit.code ?? hit.key,
    title: hit.title,
    chapterNo: hit.chapterNo,
    reason: 'its title shares words with the service',
  }));
  return { releaseId, answeredBy: 'local-ranker', fallbackReason, suggestions, dropped: [] };
}
