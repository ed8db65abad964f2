import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { formatFieldPath } from '../../../server/src/service/fieldPath';
import { orInsteadOfAnd } from '../../../server/src/service/lints/orInsteadOfAnd';
import { lint, placedFindings } from './lintHarness';

const STRAY_DASH = `  podSelector: {}
  ingress:
    - from:
        - namespaceSelector:
            matchLabels:
              team: monitoring
        - podSelector:
            matchLabels:
              app: prometheus
`;

describe('peers.or-instead-of-and', () => {
  it('reports a namespaceSelector peer followed by a podSelector peer, on the key after the stray dash', () => {
    const issues = lint(orInsteadOfAnd, STRAY_DASH);
    assert.equal(issues.length, 1);
    assert.equal(formatFieldPath(issues[0].path), 'spec.ingress[0].from[1]');
    assert.match(issues[0].message, /remove the `-` before `podSelector` to make one peer/);
    const [finding] = placedFindings(STRAY_DASH, 'peers.or-instead-of-and');
    assert.equal(finding.text, 'podSelector');
    assert.equal(finding.severity, 'warning');
  });

  it('reports the reverse order on egress, naming the namespaceSelector', () => {
    const issues = lint(
      orInsteadOfAnd,
      `  podSelector: {}\n  policyTypes: [Egress]\n  egress:\n    - to:\n        - podSelector: {matchLabels: {app: a}}\n        - namespaceSelector: {}\n`,
    );
    assert.equal(issues.length, 1);
    assert.equal(formatFieldPath(issues[0].path), 'spec.egress[0].to[1]');
    assert.match(issues[0].message, /before `namespaceSelector`/);
  });

  it('is silent on one peer with both selectors, on lists with other kinds of peers, and on an empty podSelector', () => {
    assert.deepEqual(
      lint(
        orInsteadOfAnd,
        `  podSelector: {}\n  ingress:\n    - from:\n        - namespaceSelector: {matchLabels: {a: b}}\n          podSelector: {matchLabels: {c: d}}\n`,
      ),
      [],
    );
    // The documentation's example: three alternatives, one of them an ipBlock.
    assert.deepEqual(
      lint(
        orInsteadOfAnd,
        `  podSelector: {}\n  ingress:\n    - from:\n        - ipBlock: {cidr: 172.17.0.0/16}\n        - namespaceSelector: {matchLabels: {project: p}}\n        - podSelector: {matchLabels: {role: frontend}}\n`,
      ),
      [],
    );
    assert.deepEqual(
      lint(orInsteadOfAnd, `  podSelector: {}\n  ingress:\n    - from:\n        - namespaceSelector: {matchLabels: {a: b}}\n        - podSelector: {}\n`),
      [],
    );
    assert.deepEqual(
      lint(
        orInsteadOfAnd,
        `  podSelector: {}\n  ingress:\n    - from:\n        - podSelector: {matchLabels: {a: b}}\n        - podSelector: {matchLabels: {c: d}}\n`,
      ),
      [],
    );
  });

  it('does not report rules that policyTypes makes ignored', () => {
    assert.deepEqual(lint(orInsteadOfAnd, STRAY_DASH.replace('  ingress:', '  policyTypes: [Egress]\n  ingress:')), []);
  });
});
