import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { LINT_RULES } from '../../../server/src/service/lints/lintRules';
import { WORKSPACE_LINT_RULES } from '../../../server/src/service/lints/workspaceLintRules';
import { WORKSPACE_LINTS } from '../../../server/src/service/lints/workspaceLints';
import { ruleInfo } from '../../../server/src/service/ruleCatalog';
import { workspaceFindings } from './workspaceHarness';

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

  for (const [code, rule] of Object.entries(WORKSPACE_LINT_RULES)) {
    it(`${code}: its doc has the title, the severity, the sections, and an example before (reported) and after (not)`, () => {
      const text = readFileSync(join(DOCS, `${code}.md`), 'utf8');
      assert.ok(text.startsWith(`# ${code}\n`), 'starts with the code as its title');
      assert.ok(text.includes(`**Default severity:** ${rule.severity}`), 'states the default severity');
      for (const section of ['## What it checks', '## Why', '## Upstream semantics', '## Example']) assert.ok(text.includes(section), section);
      const examples = [...text.matchAll(/^(Before|After)[^\n]*:\n```yaml\n([\s\S]*?)```$/gm)];
      const before = examples.find((match) => match[1] === 'Before')?.[2];
      const after = examples.find((match) => match[1] === 'After')?.[2];
      assert.ok(before !== undefined && after !== undefined, 'has a Before and an After example');
      // Each example is a workspace of one file.
      const codesOf = (yaml: string): string[] => workspaceFindings({ 'example/example.yaml': yaml }).map((finding) => finding.code);
      assert.ok(codesOf(before).includes(code), `the Before example is reported:\n${before}`);
      assert.ok(!codesOf(after).includes(code), `the After example is not reported:\n${after}`);
    });
  }
});
