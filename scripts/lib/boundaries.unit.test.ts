import { describe, expect, it } from 'vitest';
import { checkFile, importsOf } from './boundaries.ts';

const root = '/repo';

describe('import boundaries', () => {
  it('reads static, re-export and dynamic imports', () => {
    const source =
      "import a from './a.ts';\nexport { b } from \"../b.ts\";\nconst c = await import('c');";
    expect(importsOf(source)).toEqual(['./a.ts', '../b.ts', 'c']);
  });

  it('rejects a service importing another service by path or by package', () => {
    const file = '/repo/services/trading/src/app/initiate.ts';
    const byPath = checkFile(root, file, "import { x } from '../../../catalog/src/domain/x.ts';");
    const byName = checkFile(root, file, "import { x } from '@hcts/service-catalog';");
    expect(byPath.map((v) => v.rule)).toEqual(['a service imports another service']);
    expect(byName.map((v) => v.rule)).toEqual(['a service imports another service']);
  });

  it('lets a service import its own files and shared packages', () => {
    const file = '/repo/services/trading/src/app/initiate.ts';
    const source =
      "import { decide } from '../domain/decide.ts';\nimport { bus } from '@hcts/kit';";
    expect(checkFile(root, file, source)).toEqual([]);
  });

  it('keeps domain/ free of anything outside itself', () => {
    const file = '/repo/services/trading/src/domain/decide.ts';
    expect(checkFile(root, file, "import { e } from './events.ts';")).toEqual([]);
    const outside = checkFile(
      root,
      file,
      "import { pg } from 'pg';\nimport { a } from '../app/a.ts';",
    );
    expect(outside.map((v) => v.specifier)).toEqual(['pg', '../app/a.ts']);
  });

  it('lets a domain test import its runner but not the service around it', () => {
    const file = '/repo/services/trading/src/domain/decide.unit.test.ts';
    expect(checkFile(root, file, "import { it } from 'vitest';")).toEqual([]);
    const other = checkFile(root, file, "import { x } from '../../../catalog/src/domain/x.ts';");
    expect(other.map((v) => v.rule)).toEqual(['a service imports another service']);
  });
});
