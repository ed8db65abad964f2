import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { formatFieldPath } from '../../../server/src/service/fieldPath';
import { duplicatePolicyTypes } from '../../../server/src/service/lints/duplicatePolicyTypes';
import { lint, placedFindings } from './lintHarness';

describe('policytypes.duplicate', () => {
  it('reports the second of two equal entries', () => {
    const spec = `  podSelector: {}\n  policyTypes:\n    - Egress\n    - Egress\n`;
    const issues = lint(duplicatePolicyTypes, spec);
    assert.equal(issues.length, 1);
    assert.equal(formatFieldPath(issues[0].path), 'spec.policyTypes[1]');
    assert.equal(issues[0].message, 'Egress is listed twice in policyTypes; once means the same. Write policyTypes: [Egress].');
    const [finding] = placedFindings(spec, 'policytypes.duplicate');
    assert.equal(finding.text, 'Egress');
    assert.equal(finding.severity, 'information');
  });

  it('suggests the other type when its rules would be ignored', () => {
    const [issue] = lint(duplicatePolicyTypes, `  podSelector: {}\n  policyTypes: [Ingress, Ingress]\n  egress:\n    - {}\n`);
    assert.match(issue.message, /Did you mean \[Ingress, Egress\]\? Without Egress, the egress rules are ignored\./);
  });

  it('is silent on distinct entries, and leaves three or more entries to validation', () => {
    assert.deepEqual(lint(duplicatePolicyTypes, `  podSelector: {}\n  policyTypes: [Ingress, Egress]\n`), []);
    assert.deepEqual(lint(duplicatePolicyTypes, `  podSelector: {}\n  policyTypes: [Ingress, Ingress, Ingress]\n`), []);
    assert.deepEqual(lint(duplicatePolicyTypes, `  podSelector: {}\n  policyTypes: [ingress, ingress]\n`), []);
  });
});
