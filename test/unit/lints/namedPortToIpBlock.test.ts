import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { formatFieldPath } from '../../../server/src/service/fieldPath';
import { namedPortToIpBlock } from '../../../server/src/service/lints/namedPortToIpBlock';
import { lint, placedFindings } from './lintHarness';

const NAMED = `  podSelector: {}
  policyTypes: [Egress]
  egress:
    - to:
        - ipBlock:
            cidr: 203.0.113.0/24
      ports:
        - port: 443
        - port: https
`;

describe('ports.named-port-to-ipblock', () => {
  it('reports a named port on an egress rule to ipBlocks only, on the name', () => {
    const issues = lint(namedPortToIpBlock, NAMED);
    assert.equal(issues.length, 1);
    assert.equal(formatFieldPath(issues[0].path), 'spec.egress[0].ports[1].port');
    assert.match(issues[0].message, /^The named port "https" never matches traffic to these ipBlocks/);
    assert.match(issues[0].message, /Write the port number instead\.$/);
    const [finding] = placedFindings(NAMED, 'ports.named-port-to-ipblock');
    assert.equal(finding.text, 'https');
    assert.equal(finding.severity, 'warning');
  });

  it('is silent with a pod peer, with no peers, on ingress, and on strings that are not port names', () => {
    assert.deepEqual(lint(namedPortToIpBlock, NAMED.replace('    - to:\n', '    - to:\n        - podSelector: {}\n')), []);
    assert.deepEqual(lint(namedPortToIpBlock, `  podSelector: {}\n  policyTypes: [Egress]\n  egress:\n    - ports:\n        - port: https\n`), []);
    assert.deepEqual(
      lint(namedPortToIpBlock, `  podSelector: {}\n  ingress:\n    - from:\n        - ipBlock: {cidr: 10.0.0.0/8}\n      ports:\n        - port: https\n`),
      [],
    );
    assert.deepEqual(lint(namedPortToIpBlock, NAMED.replace('port: https', 'port: "8443"')), []);
  });
});
