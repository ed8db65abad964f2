/**
 * The refactoring that migrates an AdminNetworkPolicy or BaselineAdminNetworkPolicy (v1alpha1) to a
 * ClusterNetworkPolicy (v1alpha2): the result passes the CRD checks, keeps comments, and every connection keeps
 * its verdict (the same truth tables before and after).
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { getFileFindings } from '../../../server/src/service/diagnostics/fileFindings';
import { applyEdits, getCodeActions } from '../../../server/src/service/fixes/getCodeActions';
import { parseFile } from '../../../server/src/service/parse/parsedFile';
import { DEFAULT_SETTINGS } from '../../../server/src/service';
import { CONFORMANCE_PODS, conformanceCluster, modelOf } from '../reachability/helpers';
import { parseProbe, truthTable } from '../reachability/truthTable';
import { checkEditKeepsText } from '../../fuzz/editsKeepText';

const ANP_AND_BANP = readFileSync(join(__dirname, '../../fixtures/reachability/cluster-policies/anp-and-banp.yaml'), 'utf8');

const WITH_PORTS = `# ports of every form, and a comment to keep
apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata:
  name: ports
spec:
  priority: 7
  subject:
    pods:
      namespaceSelector: {}
      podSelector: {matchLabels: {pod: a}}
  egress:
  - name: dns # keep me
    action: Allow
    to:
    - namespaces: {}
    ports:
    - portNumber: {protocol: UDP, port: 80}
    - portRange: {start: 81, end: 90}
    - namedPort: serve-80-tcp
  - action: Deny
    to:
    - namespaces: {}
`;

function migrateAll(text: string): string {
  let current = text;
  for (const kind of ['kind: AdminNetworkPolicy', 'kind: BaselineAdminNetworkPolicy']) {
    const at = current.indexOf(kind);
    if (at === -1) continue;
    const file = parseFile('file:///policies.yaml', current);
    const actions = getCodeActions(file, at, at, DEFAULT_SETTINGS).filter((action) => action.title.startsWith('Migrate to ClusterNetworkPolicy'));
    assert.equal(actions.length, 1, `one migration at ${kind}`);
    current = applyEdits(current, actions[0].edits);
  }
  return current;
}

function tables(policies: string, probes: readonly string[]): string {
  const model = modelOf({ 'file:///cluster.yaml': conformanceCluster(), 'file:///policies.yaml': policies });
  return probes.map((probe) => truthTable(model, CONFORMANCE_PODS, parseProbe(probe))).join('\n');
}

describe('refactoring: migrate to ClusterNetworkPolicy', () => {
  for (const [name, text] of [
    ['an AdminNetworkPolicy and the BaselineAdminNetworkPolicy', ANP_AND_BANP],
    ['every port form (portNumber, portRange, namedPort)', WITH_PORTS],
  ] as const) {
    it(`${name}: same verdicts, valid, comments kept`, () => {
      const migrated = migrateAll(text);
      assert.doesNotMatch(migrated.replace(/#.*$/gm, ''), /AdminNetworkPolicy|v1alpha1|Allow\b|portNumber|namedPort:/);
      const findings = getFileFindings(parseFile('file:///policies.yaml', migrated), DEFAULT_SETTINGS).filter((finding) => finding.severity === 'error');
      assert.deepEqual(findings, []);
      for (const comment of text.match(/#.*$/gm) ?? []) assert.ok(migrated.includes(comment), `keeps ${comment}`);
      const probes = ['TCP/80', 'TCP/81', 'TCP/85', 'UDP/80', 'SCTP/80'];
      assert.equal(tables(migrated, probes), tables(text, probes));
    });
  }

  it('changes only what it must: every other line, comment and CRLF line ending kept byte for byte', () => {
    for (const text of [WITH_PORTS, WITH_PORTS.replace(/\n/g, '\r\n'), ANP_AND_BANP.replace(/\n/g, '  \n')]) {
      const file = parseFile('file:///policies.yaml', text);
      const actions = getCodeActions(file, text.indexOf('kind:'), text.indexOf('kind:'), DEFAULT_SETTINGS).filter((action) =>
        action.title.startsWith('Migrate'),
      );
      assert.equal(actions.length, 1);
      checkEditKeepsText(text, actions[0]);
    }
  });

  it('is not offered on a ClusterNetworkPolicy, nor on a NetworkPolicy', () => {
    const text =
      'apiVersion: policy.networking.k8s.io/v1alpha2\nkind: ClusterNetworkPolicy\nmetadata: {name: x}\nspec: {tier: Admin, priority: 1, subject: {namespaces: {}}}\n';
    const actions = getCodeActions(parseFile('file:///x.yaml', text), 10, 10, DEFAULT_SETTINGS);
    assert.deepEqual(
      actions.filter((action) => action.title.startsWith('Migrate')),
      [],
    );
  });
});
