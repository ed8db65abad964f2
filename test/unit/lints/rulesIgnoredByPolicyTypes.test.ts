import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { formatFieldPath } from '../../../server/src/service/fieldPath';
import { rulesIgnoredByPolicyTypes } from '../../../server/src/service/lints/rulesIgnoredByPolicyTypes';
import { lint, placedFindings } from './lintHarness';

const INGRESS_RULE = `
  ingress:
    - from:
        - podSelector: {matchLabels: {app: web}}
`;

describe('policytypes.rules-ignored', () => {
  it('reports ingress rules when policyTypes lists only Egress, on the ingress key', () => {
    const spec = `  podSelector: {}\n  policyTypes: [Egress]\n${INGRESS_RULE}`;
    const issues = lint(rulesIgnoredByPolicyTypes, spec);
    assert.equal(issues.length, 1);
    assert.equal(formatFieldPath(issues[0].path), 'spec.ingress');
    assert.match(issues[0].message, /These ingress rules do nothing: policyTypes lists only Egress/);
    assert.match(issues[0].message, /Add Ingress to policyTypes/);
    const [finding] = placedFindings(spec, 'policytypes.rules-ignored');
    assert.equal(finding.text, 'ingress');
    assert.equal(finding.severity, 'warning');
  });

  it('reports egress rules when policyTypes lists only Ingress (even twice)', () => {
    const issues = lint(rulesIgnoredByPolicyTypes, `  podSelector: {}\n  policyTypes: [Ingress, Ingress]\n  egress:\n    - {}\n`);
    assert.deepEqual(
      issues.map((i) => formatFieldPath(i.path)),
      ['spec.egress'],
    );
    assert.match(issues[0].message, /lists only Ingress,/);
  });

  it('is silent when the direction is listed, when there are no rules, or when policyTypes is absent', () => {
    assert.deepEqual(lint(rulesIgnoredByPolicyTypes, `  podSelector: {}\n  policyTypes: [Ingress, Egress]\n${INGRESS_RULE}`), []);
    assert.deepEqual(lint(rulesIgnoredByPolicyTypes, `  podSelector: {}\n  policyTypes: [Egress]\n  ingress: []\n`), []);
    assert.deepEqual(lint(rulesIgnoredByPolicyTypes, `  podSelector: {}\n${INGRESS_RULE}`), []);
    assert.deepEqual(lint(rulesIgnoredByPolicyTypes, `  podSelector: {}\n  policyTypes: []\n${INGRESS_RULE}`), []);
  });

  it('leaves an invalid policyTypes to validation', () => {
    assert.deepEqual(lint(rulesIgnoredByPolicyTypes, `  podSelector: {}\n  policyTypes: [egress]\n${INGRESS_RULE}`), []);
    assert.deepEqual(lint(rulesIgnoredByPolicyTypes, `  podSelector: {}\n  policyTypes: [Egress, Egress, Egress]\n${INGRESS_RULE}`), []);
  });
});
