import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { formatFieldPath } from '../../../server/src/service/fieldPath';
import { emptyPeerList } from '../../../server/src/service/lints/emptyPeerList';
import { lint, placedFindings } from './lintHarness';

describe('peers.empty-list-allows-all', () => {
  it('reports `from: []` with ports, on the empty list', () => {
    const spec = `  podSelector: {}\n  ingress:\n    - from: []\n      ports:\n        - port: 443\n`;
    const issues = lint(emptyPeerList, spec);
    assert.equal(issues.length, 1);
    assert.equal(formatFieldPath(issues[0].path), 'spec.ingress[0].from');
    assert.match(issues[0].message, /^`from: \[\]` matches every source, like leaving `from` out: this rule allows its ports from anywhere\./);
    const [finding] = placedFindings(spec, 'peers.empty-list-allows-all');
    assert.equal(finding.text, '[]');
    assert.equal(finding.severity, 'warning');
  });

  it('reports `to: []` on egress', () => {
    const issues = lint(emptyPeerList, `  podSelector: {}\n  policyTypes: [Egress]\n  egress:\n    - to: []\n      ports:\n        - port: 53\n`);
    assert.equal(issues.length, 1);
    assert.match(issues[0].message, /`to: \[\]` matches every destination/);
  });

  it('leaves a rule without ports to rules.allow-all, and is silent on peers and absent lists', () => {
    assert.deepEqual(lint(emptyPeerList, `  podSelector: {}\n  ingress:\n    - from: []\n`), []);
    assert.deepEqual(lint(emptyPeerList, `  podSelector: {}\n  ingress:\n    - ports:\n        - port: 443\n`), []);
    assert.deepEqual(lint(emptyPeerList, `  podSelector: {}\n  ingress:\n    - from:\n        - podSelector: {}\n      ports:\n        - port: 443\n`), []);
  });
});
