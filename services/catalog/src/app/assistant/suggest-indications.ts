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

  const fallback =
    model === undefined
      ? { reason: 'no model is configured', dropped: [] }
      : await askModel(icd11, model, service, releaseId, timeoutMs);
  if ('answer' in fallback) return fallback.answer;

  const text = `${service.name} ${service.description}`;
  const ranked = await icd11.rank(releaseId, text, maxSuggestions);
  const suggestions = ranked.map((hit) => ({
    code: hit.code ?? hit.key,
    title: hit.title,
    chapterNo: hit.chapterNo,
    reason: 'its title shares words with the service',
  }));
  return {
    releaseId,
    answeredBy: 'local-ranker',
    fallbackReason: fallback.reason,
    suggestions,
    dropped: fallback.dropped,
  };
}

type ModelOutcome = { answer: SuggestionAnswer } | { reason: string; dropped: string[] };

/** The model's answer with unknown codes dropped, or why the local ranker must answer. */
async function askModel(
  icd11: Icd11Store,
  model: IndicationModel,
  service: { name: string; description: string },
  releaseId: string,
  timeoutMs: number,
): Promise<ModelOutcome> {
  let proposed: ModelSuggestion[];
  try {
    proposed = await model.suggest(service, AbortSignal.timeout(timeoutMs));
  } catch (error) {
    const timedOut = error instanceof Error && error.name.includes('Timeout');
    return { reason: timedOut ? 'the model timed out' : 'the model failed', dropped: [] };
  }

  const wanted = proposed.map((s) => ({ ...s, code: s.code.trim().toUpperCase() })).slice(0, 20);
  const known = await icd11.existingCodes(
    releaseId,
    wanted.map((s) => s.code),
  );
  const dropped = wanted.filter((s) => !known.has(s.code)).map((s) => s.code);
  const suggestions = wanted.flatMap((s) => {
    const node = known.get(s.code);
    if (node === undefined) return [];
    return [
      {
        code: s.code,
        title: node.title,
        chapterNo: node.chapterNo,
        reason: s.reason.slice(0, 500),
      },
    ];
  });
  if (suggestions.length === 0) {
    return { reason: 'the model suggested no code of the release', dropped };
  }

  const answeredBy = `model:${model.name}`;
  const answer = {
    releaseId,
    answeredBy,
    fallbackReason: null,
    suggestions: suggestions.slice(0, maxSuggestions),
    dropped,
  };
  return { answer };
}
