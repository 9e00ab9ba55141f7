// Writes docs/events/ from the event schemas: `pnpm --filter @hcts/contracts events:schema`.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderEventDocs } from '../json-schema.ts';

const eventDocsDir = fileURLToPath(new URL('../../../../docs/events', import.meta.url));

const files = renderEventDocs();
mkdirSync(eventDocsDir, { recursive: true });

// A removed event's file goes too, so the folder always equals the contracts.
for (const existing of readdirSync(eventDocsDir)) {
  if (!files.has(existing)) rmSync(join(eventDocsDir, existing));
}
for (const [name, text] of files) writeFileSync(join(eventDocsDir, name), text);

console.log(`wrote ${files.size} files to ${eventDocsDir}`);
