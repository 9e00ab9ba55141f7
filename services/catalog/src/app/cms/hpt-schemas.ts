import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsPlugin from 'ajv-formats';
import { type HptSchemaVersion, HptSchemaVersions } from '../../domain/cms/hpt-document.ts';

// ajv-formats ships CommonJS; its default export is the plugin function.
const addFormats = addFormatsPlugin as unknown as (ajv: Ajv) => Ajv;

export type HptSchemas = ReadonlyMap<HptSchemaVersion, ValidateFunction>;

/**
 * Compiles CMS's JSON Schemas, read from the folder CMS publishes them in (file names as CMS
 * names them, e.g. V3.0.0_Hospital_price_transparency_schema.json).
 *
 * Known limit: the schemas are read from a configured folder, not shipped in the repository,
 * because they are CMS's published files; a deployment mounts them. Bundling them as a
 * versioned package would lift the dependency on the mount.
 */
export async function loadHptSchemas(folder: string): Promise<HptSchemas> {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  const compiled = new Map<HptSchemaVersion, ValidateFunction>();

  for (const version of HptSchemaVersions) {
    const path = join(folder, `V${version}_Hospital_price_transparency_schema.json`);
    const schema = JSON.parse(await readFile(path, 'utf8')) as object;
    compiled.set(version, ajv.compile(schema));
  }
  return compiled;
}
