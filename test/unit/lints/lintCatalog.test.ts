import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { LINT_RULES } from '../../../server/src/service/lints/lintRules';
import { POLICY_LINTS } from '../../../server/src/service/lints/policyLints';

describe('lint codes', () => {
  it('every code a lint declares is in LINT_RULES, and every LINT_RULES code has a lint', () => {
    const declared = POLICY_LINTS.flatMap((lint) => lint.codes);
    assert.equal(new Set(declared).size, declared.length, 'a code is declared by two lints');
    assert.deepEqual([...declared].sort(), Object.keys(LINT_RULES).sort());
  });

  it("no lint reports an error by default: errors are the API server's", () => {
    for (const [code, info] of Object.entries(LINT_RULES)) assert.notEqual(info.severity, 'error', code);
  });
});
