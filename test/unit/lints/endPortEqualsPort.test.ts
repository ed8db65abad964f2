import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { formatFieldPath } from '../../../server/src/service/fieldPath';
import { endPortEqualsPort } from '../../../server/src/service/lints/endPortEqualsPort';
import { lint, placedFindings } from './lintHarness';

const EQUAL = `  podSelector: {}
  ingress:
    - ports:
        - protocol: TCP
          port: 8080
          endPort: 8080
`;

describe('ports.endport-equals-port', () => {
  it('reports endPort equal to port, on the endPort key', () => {
    const issues = lint(endPortEqualsPort, EQUAL);
    assert.equal(issues.length, 1);
    assert.equal(formatFieldPath(issues[0].path), 'spec.ingress[0].ports[0].endPort');
    assert.equal(issues[0].message, 'endPort equals port: the range is the single port 8080. Write port: 8080 alone.');
    const [finding] = placedFindings(EQUAL, 'ports.endport-equals-port');
    assert.equal(finding.text, 'endPort');
    assert.equal(finding.severity, 'hint');
  });

  it('is silent on real ranges, and on values validation reports', () => {
    assert.deepEqual(lint(endPortEqualsPort, EQUAL.replace('endPort: 8080', 'endPort: 8081')), []);
    assert.deepEqual(lint(endPortEqualsPort, EQUAL.replace('port: 8080\n', 'port: "8080"\n')), []);
  });
});
