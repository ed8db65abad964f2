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

describe('peers.empty-list-allows-all on a peer list with no value', () => {
  for (const written of ['from:', 'from: null', 'from: ~', 'from: Null', 'from: # TODO']) {
    it(`reports \`${written}\` with ports, like \`from: []\``, () => {
      const spec = `  podSelector: {}\n  ingress:\n    - ${written}\n      ports:\n        - port: 443\n`;
      const issues = lint(emptyPeerList, spec);
      assert.equal(issues.length, 1);
      assert.equal(formatFieldPath(issues[0].path), 'spec.ingress[0].from');
      assert.equal(
        issues[0].message,
        `\`from:\` with no peers matches every source, like leaving \`from\` out: this rule allows its ports from anywhere. ` +
          'To allow them from no one, remove the rule; otherwise leave `from` out.',
      );
      const [finding] = placedFindings(spec, 'peers.empty-list-allows-all');
      assert.equal(finding.severity, 'warning');
      assert.equal(finding.text, 'from', 'shown on the key (`from:` has no value to show)');
    });
  }

  it('reports `to:` with no value on egress, with a comment after it', () => {
    const issues = lint(emptyPeerList, `  podSelector: {}\n  policyTypes: [Egress]\n  egress:\n    - to: # TODO\n      ports:\n        - port: 53\n`);
    assert.equal(issues.length, 1);
    assert.match(issues[0].message, /^`to:` with no peers matches every destination/);
  });

  it('leaves `from:` with no value and no ports to rules.allow-all', () => {
    assert.deepEqual(lint(emptyPeerList, `  podSelector: {}\n  ingress:\n    - from:\n`), []);
    assert.deepEqual(lint(emptyPeerList, `  podSelector: {}\n  ingress:\n    - from: ~\n      ports: []\n`), []);
  });
});
