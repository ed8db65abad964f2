import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { formatFieldPath } from '../../../server/src/service/fieldPath';
import { allowAllRule } from '../../../server/src/service/lints/allowAllRule';
import { lint, placedFindings } from './lintHarness';

describe('rules.allow-all', () => {
  it('reports `ingress: [{}]` on the rule, saying how to deny instead', () => {
    const spec = `  podSelector: {}\n  ingress:\n    - {}\n`;
    const issues = lint(allowAllRule, spec);
    assert.equal(issues.length, 1);
    assert.equal(formatFieldPath(issues[0].path), 'spec.ingress[0]');
    assert.equal(
      issues[0].message,
      'This rule allows all ingress to the selected pods: it has no `from` and no ports. To deny all ingress instead, write `ingress: []` with Ingress in policyTypes.',
    );
    const [finding] = placedFindings(spec, 'rules.allow-all');
    assert.equal(finding.text, '{}');
    assert.equal(finding.severity, 'hint');
  });

  it('reports `- to: []` and empty ports on egress, naming the empty list', () => {
    const issues = lint(allowAllRule, `  podSelector: {}\n  policyTypes: [Egress]\n  egress:\n    - to: []\n      ports: []\n`);
    assert.equal(issues.length, 1);
    assert.match(issues[0].message, /`to: \[\]` matches everyone, like no `to`,/);
  });

  it('is silent on rules with peers or ports, and on rules policyTypes ignores', () => {
    assert.deepEqual(lint(allowAllRule, `  podSelector: {}\n  ingress:\n    - ports:\n        - port: 80\n`), []);
    assert.deepEqual(lint(allowAllRule, `  podSelector: {}\n  ingress:\n    - from:\n        - podSelector: {}\n`), []);
    assert.deepEqual(lint(allowAllRule, `  podSelector: {}\n  policyTypes: [Ingress]\n  egress:\n    - {}\n`), []);
  });
});
