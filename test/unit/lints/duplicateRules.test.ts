import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { formatFieldPath } from '../../../server/src/service/fieldPath';
import { duplicateRules } from '../../../server/src/service/lints/duplicateRules';
import { lint, placedFindings } from './lintHarness';

const DUPLICATE = `  podSelector: {}
  ingress:
    - from:
        - podSelector: {matchLabels: {app: web}}
      ports:
        - port: 8080
    - ports:
        - port: 8080
      from:
        - podSelector:
            matchLabels:
              app: web
`;

describe('rules.duplicate', () => {
  it('reports a rule equal to an earlier one (keys in any order), on its first key', () => {
    const issues = lint(duplicateRules, DUPLICATE);
    assert.equal(issues.length, 1);
    assert.equal(formatFieldPath(issues[0].path), 'spec.ingress[1]');
    assert.match(issues[0].message, /repeats rule 0 \(spec\.ingress\[0\]\) exactly/);
    const [finding] = placedFindings(DUPLICATE, 'rules.duplicate');
    assert.equal(finding.text, 'ports');
    assert.equal(finding.severity, 'warning');
  });

  it('reports each copy once, against the first', () => {
    const issues = lint(duplicateRules, `  podSelector: {}\n  ingress:\n    - {}\n    - {}\n    - {}\n`);
    assert.deepEqual(
      issues.map((i) => formatFieldPath(i.path)),
      ['spec.ingress[1]', 'spec.ingress[2]'],
    );
    assert.ok(issues.every((i) => i.message.includes('repeats rule 0')));
  });

  it('is silent when rules differ, including in list order, and across directions', () => {
    assert.deepEqual(lint(duplicateRules, `  podSelector: {}\n  ingress:\n    - ports: [{port: 80}, {port: 81}]\n    - ports: [{port: 81}, {port: 80}]\n`), []);
    assert.deepEqual(lint(duplicateRules, `  podSelector: {}\n  policyTypes: [Ingress, Egress]\n  ingress:\n    - {}\n  egress:\n    - {}\n`), []);
  });
});
