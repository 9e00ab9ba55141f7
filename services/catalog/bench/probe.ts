import { readdirSync, readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';

const addFormats = addFormatsModule as unknown as (a: Ajv) => void;
const dir = '/work/shared/data/cms-hpt/';
const schemas = ['V2.0.0', 'V2.1.0', 'V2.2.0', 'V2.2.1', 'V3.0.0'];
const validators = Object.fromEntries(
  schemas.map((v) => {
    const a = new Ajv({ allErrors: true, strict: false });
    addFormats(a);
    return [
      v,
      a.compile(
        JSON.parse(
          readFileSync(`${dir}examples/${v}_Hospital_price_transparency_schema.json`, 'utf8'),
        ),
      ),
    ];
  }),
);
for (const sub of ['fixtures-2.x', 'fixtures-3.0'])
  for (const f of readdirSync(dir + sub).filter((x) => x.endsWith('.json'))) {
    let data: unknown;
    try {
      data = JSON.parse(readFileSync(`${dir}${sub}/${f}`, 'utf8'));
    } catch {
      console.log(sub, f, 'PARSE ERROR');
      continue;
    }
    const res = schemas.map((v) => {
      const ok = validators[v]!(data);
      return `${v}:${ok ? 'ok' : (validators[v]!.errors ?? []).length}`;
    });
    const v3e =
      sub === 'fixtures-3.0'
        ? validators['V3.0.0']!(data)
          ? ''
          : validators['V3.0.0']!.errors!.slice(0, 3)
              .map((e) => e.instancePath + ' ' + e.message)
              .join('; ')
        : validators['V2.2.0']!(data)
          ? ''
          : validators['V2.2.0']!.errors!.slice(0, 3)
              .map((e) => e.instancePath + ' ' + e.message)
              .join('; ');
    console.log(sub, f, res.join(' '), '|', v3e);
  }
