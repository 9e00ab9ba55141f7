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

  it('allows kafkajs in the bus client file only, however it is imported', () => {
    const rule = 'kafkajs is used in packages/bus/src/kafka/kafkajs-client.ts only';
    // Built from parts, so that this file's own imports stay clean to the rule it tests.
    const client = 'kafkajs';
    const source = `import type { Consumer } from '${client}';\nconst k = await import('${client}');`;
    const inTest = checkFile(root, '/repo/services/payments/src/testing/fixture.ts', source);
    const inBus = checkFile(root, '/repo/packages/bus/src/outbox/relay.ts', source);
    const inBench = checkFile(root, '/repo/packages/bus/bench/relay-vs-raw.ts', source);
    expect(inTest.map((v) => v.rule)).toEqual([rule, rule]);
    expect(inBus.map((v) => v.rule)).toEqual([rule, rule]);
    expect(inBench.map((v) => v.rule)).toEqual([rule, rule]);

    expect(checkFile(root, '/repo/packages/bus/src/kafka/kafkajs-client.ts', source)).toEqual([]);
    expect(checkFile(root, '/repo/infra/local/src/kafka-broker.ts', source)).toEqual([]);
    expect(checkFile(root, '/repo/e2e/src/x.ts', "import { a } from 'kafkajs-like';")).toEqual([]);
  });
});
