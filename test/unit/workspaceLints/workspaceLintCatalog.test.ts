import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { LINT_RULES } from '../../../server/src/service/lints/lintRules';
import { WORKSPACE_LINT_RULES } from '../../../server/src/service/lints/workspaceLintRules';
import { WORKSPACE_LINTS } from '../../../server/src/service/lints/workspaceLints';
import { ruleInfo } from '../../../server/src/service/ruleCatalog';

const DOCS = join(__dirname, '../../../docs/rules');

describe('workspace lint codes', () => {
  it('every code a workspace lint declares is in WORKSPACE_LINT_RULES, and every such code has a lint', () => {
    const declared = WORKSPACE_LINTS.flatMap((lint) => lint.codes);
    assert.equal(new Set(declared).size, declared.length, 'a code is declared by two lints');
    assert.deepEqual([...declared].sort(), Object.keys(WORKSPACE_LINT_RULES).sort());
  });

  it('are in the rule catalog, apart from the single-policy lints, and none is an error', () => {
    for (const [code, info] of Object.entries(WORKSPACE_LINT_RULES)) {
      assert.deepEqual(ruleInfo(code), info, code);
      assert.ok(!(code in LINT_RULES), `${code} is also a single-policy lint code`);
      assert.notEqual(info.severity, 'error', code);
    }
  });

  // The docs (title, severity, sections, and their Before/After examples run) are checked with every other code's,
  // by test/unit/ruleDocs.test.ts. A workspace lint's doc states the upstream semantics it rests on.
  for (const code of Object.keys(WORKSPACE_LINT_RULES)) {
    it(`${code}: its doc has the upstream semantics`, () => {
      assert.match(readFileSync(join(DOCS, `${code}.md`), 'utf8'), /^## Upstream semantics$/m);
    });
  }
});
