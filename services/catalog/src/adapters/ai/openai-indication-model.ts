import { createOpenAI } from '@ai-sdk/openai';
import { generateText } from 'ai';
import { z } from 'zod';
import type { IndicationModel, ModelSuggestion } from '../../app/assistant/suggest-indications.ts';

const Answer = z.object({
  suggestions: z
    .array(z.object({ code: z.string().min(1).max(40), reason: z.string().max(1_000) }))
    .max(20),
});

const instructions = [
  'You code healthcare services. Given a service a hospital sells, list the ICD-11 MMS',
  'category codes of the conditions it is indicated for (its indications), most likely first,',
  'at most 8, each with a one-sentence reason. Answer only with JSON of the form',
  '{"suggestions":[{"code":"DD51","reason":"..."}]}.',
].join(' ');

/**
 * The coding assistant's model through the Vercel AI SDK, on OpenAI or any server that speaks
 * its chat completions API (OPENAI_BASE_URL). The answer is parsed as JSON, not trusted: codes
 * are checked against the release by the caller.
 */
export function openAiIndicationModel(options: {
  apiKey: string;
  baseURL?: string;
  model: string;
}): IndicationModel {
  const provider = createOpenAI({
    apiKey: options.apiKey,
    ...(options.baseURL ? { baseURL: options.baseURL } : {}),
  });
  return {
    name: options.model,
    suggest: async (service, signal): Promise<ModelSuggestion[]> => {
      const { text } = await generateText({
        model: provider.chat(options.model),
        system: instructions,
        prompt: `Service name: ${service.name}\nDescription: ${service.description}`,
        abortSignal: signal,
        maxRetries: 0,
      });
      const json = /\{[\s\S]*\}/.exec(text)?.[0] ?? '{}';
      const parsed = Answer.safeParse(JSON.parse(json));
      return parsed.success ? parsed.data.suggestions : [];
    },
  };
}
