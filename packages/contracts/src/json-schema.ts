import { z } from 'zod';
import type { EventDefinition } from './define-event.ts';
import { EnvelopeAttributes } from './envelope.ts';
import { allEvents } from './events/index.ts';

const dialect = 'https://json-schema.org/draft/2020-12/schema';

/** The file of one event type under docs/events/. */
export function eventSchemaFile(type: string): string {
  return `${type}.json`;
}

/** The JSON Schema of one event's data, with where it travels and what it means. */
export function eventJsonSchema(event: EventDefinition): Record<string, unknown> {
  const schema = z.toJSONSchema(event.schema, { target: 'draft-2020-12', io: 'output' });
  return {
    $schema: dialect,
    $id: `urn:hcts:event:${event.type}`,
    title: event.type,
    description: event.description,
    'x-hcts-topic': event.topic,
    'x-hcts-context': event.context,
    ...withoutDialect(schema),
  };
}

export function envelopeJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(EnvelopeAttributes, { target: 'draft-2020-12', io: 'output' });
  return {
    $schema: dialect,
    $id: 'urn:hcts:event:envelope',
    title: 'Envelope attributes',
    description:
      'CloudEvents 1.0 attributes and platform extensions; on Kafka they travel as headers ' +
      '(ce_*, content-type, traceparent, tracestate) and the data is the JSON message value.',
    ...withoutDialect(schema),
  };
}

function withoutDialect(schema: Record<string, unknown>): Record<string, unknown> {
  const { $schema: _dialect, ...rest } = schema;
  return rest;
}

/**
 * Every generated file by name, rendered exactly as committed (two-space JSON, final newline),
 * so that the staleness test compares text and a diff shows what changed.
 */
export function renderEventDocs(
  events: readonly EventDefinition[] = allEvents,
): Map<string, string> {
  const files = new Map<string, string>();
  const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

  files.set('envelope.json', json(envelopeJsonSchema()));
  for (const event of events) files.set(eventSchemaFile(event.type), json(eventJsonSchema(event)));
  files.set('README.md', renderIndex(events));
  return files;
}

function renderIndex(events: readonly EventDefinition[]): string {
  const rows = events.map(
    (e) => `| [\`${e.type}\`](${eventSchemaFile(e.type)}) | \`${e.topic}\` | ${e.description} |`,
  );
  return [
    '# Integration events',
    '',
    'Generated from `packages/contracts` by `pnpm --filter @hcts/contracts events:schema`;',
    'do not edit by hand (a test fails when these files are stale).',
    '',
    'Attributes of every event: [envelope.json](envelope.json).',
    '',
    '| type | topic | meaning |',
    '| --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}
