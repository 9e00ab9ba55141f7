import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { allEvents } from './events/index.ts';
import { eventJsonSchema, renderEventDocs } from './json-schema.ts';

const docsDir = fileURLToPath(new URL('../../../docs/events', import.meta.url));

describe('docs/events', () => {
  it('matches the contracts (run `pnpm --filter @hcts/contracts events:schema` if not)', () => {
    const expected = renderEventDocs();
    const committed = new Map(
      readdirSync(docsDir).map((name) => [name, readFileSync(join(docsDir, name), 'utf8')]),
    );

    expect([...committed.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [name, text] of expected) {
      expect(committed.get(name), `docs/events/${name} is stale`).toBe(text);
    }
  });
});

describe('eventJsonSchema', () => {
  it('gives every event a strict object schema with its type, topic and required fields', () => {
    for (const event of allEvents) {
      const schema = eventJsonSchema(event);

      expect(schema.title).toBe(event.type);
      expect(schema['x-hcts-topic']).toBe(event.topic);
      expect(schema.type).toBe('object');
      expect(schema.additionalProperties).toBe(false);
      expect((schema.required as string[]).length).toBeGreaterThan(0);
    }
  });
});
