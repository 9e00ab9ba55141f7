// Fails when an import crosses an arrow of the architecture (see scripts/lib/boundaries.ts).
import { repoRoot } from '@hcts/infra-local';
import { checkTree } from './lib/boundaries.ts';

const violations = checkTree(repoRoot);
for (const v of violations) console.error(`${v.file}: '${v.specifier}': ${v.rule}`);
console.log(`import boundaries: ${violations.length} violation(s)`);
process.exit(violations.length ? 1 : 0);
