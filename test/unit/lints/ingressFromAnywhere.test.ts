import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { formatFieldPath } from '../../../server/src/service/fieldPath';
import { ingressFromAnywhere } from '../../../server/src/service/lints/ingressFromAnywhere';
import { lint, placedFindings } from './lintHarness';

const ANYWHERE = `  podSelector: {}
  ingress:
    - from:
        - ipBlock:
            cidr: 0.0.0.0/0
      ports:
        - port: 443
`;

describe('ipblock.ingress-from-anywhere', () => {
  it('reports 0.0.0.0/0 without except on ingress, on the cidr', () => {
    const issues = lint(ingressFromAnywhere, ANYWHERE);
    assert.equal(issues.length, 1);
    assert.equal(formatFieldPath(issues[0].path), 'spec.ingress[0].from[0].ipBlock.cidr');
    assert.match(issues[0].message, /^0\.0\.0\.0\/0 with no except admits every IPv4 source on its ports/);
    const [finding] = placedFindings(ANYWHERE, 'ipblock.ingress-from-anywhere');
    assert.equal(finding.text, '0.0.0.0/0');
    assert.equal(finding.severity, 'information');
  });

  it('reports ::/0', () => {
    const [issue] = lint(ingressFromAnywhere, `  podSelector: {}\n  ingress:\n    - from:\n        - ipBlock: {cidr: "::/0"}\n`);
    assert.match(issue.message, /every IPv6 source on every port/);
  });

  it('is silent with except, on narrower CIDRs, on egress, and on invalid peers', () => {
    assert.deepEqual(lint(ingressFromAnywhere, ANYWHERE.replace('cidr: 0.0.0.0/0', 'cidr: 0.0.0.0/0\n            except: [10.0.0.0/8]')), []);
    assert.deepEqual(lint(ingressFromAnywhere, ANYWHERE.replace('0.0.0.0/0', '0.0.0.0/1')), []);
    // Bits beyond the prefix: validation reports it first.
    assert.deepEqual(lint(ingressFromAnywhere, ANYWHERE.replace('0.0.0.0/0', '10.0.0.0/0')), []);
    assert.deepEqual(lint(ingressFromAnywhere, `  podSelector: {}\n  policyTypes: [Egress]\n  egress:\n    - to:\n        - ipBlock: {cidr: 0.0.0.0/0}\n`), []);
    // An ipBlock beside a selector is rejected by the API server; validation reports it.
    assert.deepEqual(
      lint(ingressFromAnywhere, `  podSelector: {}\n  ingress:\n    - from:\n        - ipBlock: {cidr: 0.0.0.0/0}\n          podSelector: {}\n`),
      [],
    );
  });
});
