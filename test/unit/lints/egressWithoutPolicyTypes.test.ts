import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { egressWithoutPolicyTypes } from '../../../server/src/service/lints/egressWithoutPolicyTypes';
import { lint, placedFindings } from './lintHarness';

const EGRESS = `
  egress:
    - to:
        - podSelector: {matchLabels: {app: db}}
`;

describe('policytypes.egress-without-policytypes', () => {
  it('reports egress rules without policyTypes or ingress, on the egress key, saying what the default is', () => {
    const spec = `  podSelector: {}\n${EGRESS}`;
    const issues = lint(egressWithoutPolicyTypes, spec);
    assert.equal(issues.length, 1);
    assert.match(issues[0].message, /policyTypes \[Ingress, Egress\]/);
    assert.match(issues[0].message, /isolates the selected pods for ingress/);
    assert.match(issues[0].message, /policyTypes: \[Egress\]/);
    const [finding] = placedFindings(spec, 'policytypes.egress-without-policytypes');
    assert.equal(finding.text, 'egress');
    assert.equal(finding.path, 'spec.egress');
    assert.equal(finding.severity, 'warning');
  });

  it('treats an empty policyTypes as absent (the API server defaults it)', () => {
    assert.equal(lint(egressWithoutPolicyTypes, `  podSelector: {}\n  policyTypes: []\n${EGRESS}`).length, 1);
  });

  it('is silent with policyTypes, with ingress written out, or without egress rules', () => {
    assert.deepEqual(lint(egressWithoutPolicyTypes, `  podSelector: {}\n  policyTypes: [Egress]\n${EGRESS}`), []);
    assert.deepEqual(lint(egressWithoutPolicyTypes, `  podSelector: {}\n  ingress: []\n${EGRESS}`), []);
    assert.deepEqual(lint(egressWithoutPolicyTypes, `  podSelector: {}\n  ingress:\n    - {}\n${EGRESS}`), []);
    assert.deepEqual(lint(egressWithoutPolicyTypes, `  podSelector: {}\n  egress: []\n`), []);
  });
});
