import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAiIndicationModel } from '../../adapters/ai/openai-indication-model.ts';
import { as, catalogTestApp } from '../../testing/catalog-test-app.ts';
import { suggestIndications } from './suggest-indications.ts';

// Service descriptions as they appear in CMS's example files, with the ICD-11 chapter a coder
// expects among the suggestions.
const services = [
  { name: 'Inguinal hernia repair', description: '', chapter: '13', modelCodes: ['DD51'] },
  {
    name: 'Major hip and knee joint replacement or reattachment of lower extremity without mcc',
    description: '',
    chapter: '15',
    modelCodes: ['FA01', 'FA00'],
  },
  {
    name: 'Cholera vaccine, live, adult dosage, 1 dose, for oral use',
    description: '',
    chapter: '01',
    modelCodes: ['1A00'],
  },
];

/** An OpenAI-compatible chat completions server; the model name picks its behaviour. */
function fakeOpenAi(): Promise<{
  server: Server;
  url: string;
  requests: { model: string; auth: string }[];
}> {
  const requests: { model: string; auth: string }[] = [];
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      const parsed = JSON.parse(body) as { model: string; messages: { content: string }[] };
      requests.push({ model: parsed.model, auth: String(request.headers.authorization) });
      if (parsed.model === 'sleeper') return;
      const prompt = parsed.messages
        .map((m) => (typeof m.content === 'string' ? m.content : JSON.stringify(m.content)))
        .join(' ');
      const service = services.find((s) => prompt.includes(s.name));
      const codes = parsed.model === 'inventor' ? ['XX99.99', 'QQ00'] : (service?.modelCodes ?? []);
      const content = JSON.stringify({
        suggestions: codes.map((code) => ({ code, reason: `indicated for ${code}` })),
      });
      response.setHeader('content-type', 'application/json');
      response.end(
        JSON.stringify({
          id: 'chatcmpl-test',
          object: 'chat.completion',
          created: 1_700_000_000,
          model: parsed.model,
          choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
          usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
        }),
      );
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ server, url: `http://127.0.0.1:${port}/v1`, requests });
    });
  });
}

let t: Awaited<ReturnType<typeof catalogTestApp>>;
let openAi: Awaited<ReturnType<typeof fakeOpenAi>>;

beforeAll(async () => {
  openAi = await fakeOpenAi();
  t = await catalogTestApp('catalog_assistant', {
    indicationModel: openAiIndicationModel({
      apiKey: 'test-key',
      baseURL: openAi.url,
      model: 'coder',
    }),
  });
});
afterAll(async () => {
  await t?.close();
  openAi?.server.closeAllConnections();
  openAi?.server.close();
});

const model = (name: string) =>
  openAiIndicationModel({ apiKey: 'test-key', baseURL: openAi.url, model: name });

describe('coding assistant', () => {
  for (const service of services) {
    it(`suggests chapter ${service.chapter} for "${service.name.slice(0, 40)}" from the model and from the local ranker`, async () => {
      const fromModel = await suggestIndications(
        t.catalog.deps.icd11,
        model('coder'),
        service,
        5_000,
      );
      expect(fromModel.answeredBy).toBe('model:coder');
      expect(fromModel.suggestions.map((s) => s.chapterNo)).toContain(service.chapter);
      expect(fromModel.suggestions[0]?.reason).toMatch(/^indicated for/);

      const fromRanker = await suggestIndications(t.catalog.deps.icd11, undefined, service, 5_000);
      expect(fromRanker).toMatchObject({
        answeredBy: 'local-ranker',
        fallbackReason: 'no model is configured',
      });
      expect(fromRanker.suggestions.map((s) => s.chapterNo)).toContain(service.chapter);
    });
  }

  it('drops codes the release does not have; with none left the local ranker answers', async () => {
    const answer = await suggestIndications(
      t.catalog.deps.icd11,
      model('inventor'),
      services[0] ?? services[1]!,
      5_000,
    );
    expect(answer.answeredBy).toBe('local-ranker');
    expect(answer.fallbackReason).toBe('the model suggested no code of the release');
    expect(answer.dropped).toEqual(['XX99.99', 'QQ00']);
    expect(answer.suggestions.map((s) => s.code)).not.toContain('XX99.99');
    expect(answer.suggestions.map((s) => s.chapterNo)).toContain('13');
  });

  it('answers from the local ranker when the model times out', async () => {
    const answer = await suggestIndications(
      t.catalog.deps.icd11,
      model('sleeper'),
      services[0]!,
      300,
    );
    expect(answer).toMatchObject({
      answeredBy: 'local-ranker',
      fallbackReason: 'the model timed out',
    });
    expect(answer.suggestions.length).toBeGreaterThan(0);
  });

  it('is served to providers through the API with the real SDK and the key sent', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/services/coding-assistant',
      headers: as('provider', 'hospital-1'),
      payload: { name: 'Inguinal hernia repair', description: 'open, adult' },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      releaseId: '2025-01',
      answeredBy: 'model:coder',
      suggestions: [{ code: 'DD51', title: 'Inguinal hernia', chapterNo: '13' }],
    });
    expect(openAi.requests.at(-1)).toEqual({ model: 'coder', auth: 'Bearer test-key' });

    const insurer = await t.app.inject({
      method: 'POST',
      url: '/api/services/coding-assistant',
      headers: as('insurer', 'ins-1'),
      payload: { name: 'x' },
    });
    expect(insurer.statusCode).toBe(403);
  });
});
