import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { formatFieldPath } from '../../../server/src/service/fieldPath';
import { splitPeersAndPorts } from '../../../server/src/service/lints/splitPeersAndPorts';
import { lint, placedFindings } from './lintHarness';

const SPLIT = `  podSelector: {}
  ingress:
    - from:
        - podSelector:
            matchLabels:
              app: web
    - ports:
        - port: 8080
`;

describe('rules.split-peers-and-ports', () => {
  it('reports a peers-only rule followed by a ports-only rule, on the ports key after the stray dash', () => {
    const issues = lint(splitPeersAndPorts, SPLIT);
    assert.equal(issues.length, 1);
    assert.equal(formatFieldPath(issues[0].path), 'spec.ingress[1]');
    assert.equal(
      issues[0].message,
      'The rule before allows every port from its peers, and this rule allows its ports from everyone (OR). For only those ports from those peers (AND), remove the `-` before `ports` to make one rule.',
    );
    const [finding] = placedFindings(SPLIT, 'rules.split-peers-and-ports');
    assert.equal(finding.text, 'ports');
    assert.equal(finding.severity, 'warning');
  });

  it('reports the reverse order on egress, on the `to` key', () => {
    const issues = lint(
      splitPeersAndPorts,
      `  podSelector: {}\n  policyTypes: [Egress]\n  egress:\n    - ports:\n        - port: 5432\n    - to:\n        - podSelector: {matchLabels: {app: db}}\n`,
    );
    assert.equal(issues.length, 1);
    assert.deepEqual(issues[0].at, ['spec', 'egress', 1, 'to']);
    assert.match(issues[0].message, /^This rule allows every port to its peers, and the rule before allows its ports to everyone/);
  });

  it('leaves "allow DNS anywhere" next to non-DNS peers alone, but not next to the DNS servers', () => {
    const dns = `    - ports:\n        - port: 53\n          protocol: UDP\n        - port: 53\n          protocol: TCP\n`;
    assert.deepEqual(
      lint(splitPeersAndPorts, `  podSelector: {}\n  policyTypes: [Egress]\n  egress:\n    - to:\n        - podSelector: {matchLabels: {app: hello}}\n${dns}`),
      [],
    );
    assert.equal(
      lint(
        splitPeersAndPorts,
        `  podSelector: {}\n  policyTypes: [Egress]\n  egress:\n    - to:\n        - podSelector: {matchLabels: {k8s-app: kube-dns}}\n${dns}`,
      ).length,
      1,
    );
  });

  it('is silent on complete rules, on rules that are not adjacent, and on `from: []`', () => {
    assert.deepEqual(
      lint(
        splitPeersAndPorts,
        `  podSelector: {}\n  ingress:\n    - from:\n        - podSelector: {}\n      ports:\n        - port: 80\n    - ports:\n        - port: 81\n`,
      ),
      [],
    );
    assert.deepEqual(
      lint(
        splitPeersAndPorts,
        `  podSelector: {}\n  ingress:\n    - from:\n        - podSelector: {}\n    - from:\n        - podSelector: {}\n      ports:\n        - port: 80\n    - ports:\n        - port: 81\n`,
      ),
      [],
    );
    assert.deepEqual(
      lint(splitPeersAndPorts, `  podSelector: {}\n  ingress:\n    - from:\n        - podSelector: {}\n    - from: []\n      ports:\n        - port: 81\n`),
      [],
    );
  });
});
