import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { getCompletions, type CompletionFacts } from '../../../server/src/service/features/completion';
import { parseFile } from '../../../server/src/service/parse/parsedFile';

const HEAD = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: p
spec:
`;

/** Completions where `|` stands in the text. */
function complete(textWithCursor: string, facts?: CompletionFacts) {
  const offset = textWithCursor.indexOf('|');
  const text = textWithCursor.replace('|', '');
  return getCompletions(parseFile('file:///p.yaml', text), offset, { facts });
}

const FACTS: CompletionFacts = {
  labelKeys: (of) => (of === 'pods' ? ['app', 'tier'] : ['team', 'kubernetes.io/metadata.name']),
  labelValues: (of, key) => (of === 'pods' && key === 'app' ? ['api', 'web'] : []),
  namespaceNames: () => ['default', 'shop'],
  namedPorts: () => ['http', 'metrics'],
};

describe('getCompletions', () => {
  it('proposes the keys the schema allows at the cursor, without those present', () => {
    const labels = complete(`${HEAD}  podSelector: {}\n  |\n`).map((c) => c.label);
    assert.deepEqual(labels.sort(), ['egress', 'ingress', 'policyTypes']);
  });

  it('completes a half-typed key inside a rule and opens a list for list fields', () => {
    const proposals = complete(`${HEAD}  ingress:\n    - fr|\n`);
    const from = proposals.find((c) => c.label === 'from');
    assert.ok(from);
    assert.equal(from.insertText, 'from:\n        - ');
    assert.ok(proposals.some((c) => c.label === 'ports'));
    assert.ok(!proposals.some((c) => c.label === 'to'));
  });

  it('proposes protocols, operators and policy types exactly as spelled by the API', () => {
    assert.deepEqual(
      complete(`${HEAD}  ingress:\n    - ports:\n        - protocol: |\n`).map((c) => c.label),
      ['TCP', 'UDP', 'SCTP'],
    );
    assert.deepEqual(
      complete(`${HEAD}  podSelector:\n    matchExpressions:\n      - key: app\n        operator: |\n`).map((c) => c.label),
      ['In', 'NotIn', 'Exists', 'DoesNotExist'],
    );
    assert.deepEqual(
      complete(`${HEAD}  policyTypes:\n    - |\n`).map((c) => c.label),
      ['Ingress', 'Egress'],
    );
  });

  it('proposes label keys and values, namespace names and named ports from the workspace', () => {
    assert.ok(complete(`${HEAD}  podSelector:\n    matchLabels:\n      |\n`, FACTS).some((c) => c.label === 'tier'));
    assert.deepEqual(
      complete(`${HEAD}  podSelector:\n    matchLabels:\n      app: |\n`, FACTS).map((c) => c.label),
      ['api', 'web'],
    );
    const namespaces = complete(
      `${HEAD}  ingress:\n    - from:\n        - namespaceSelector:\n            matchLabels:\n              kubernetes.io/metadata.name: |\n`,
      FACTS,
    );
    assert.deepEqual(
      namespaces.map((c) => c.label),
      ['default', 'shop'],
    );
    assert.deepEqual(
      complete(`${HEAD}  ingress:\n    - ports:\n        - port: |\n`, FACTS).map((c) => c.label),
      ['http', 'metrics'],
    );
  });

  it("proposes the workspace's namespaces for metadata.namespace, replacing the word at the cursor", () => {
    const at = (metadata: string) => complete(`apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n${metadata}spec:\n  podSelector: {}\n`, FACTS);
    assert.deepEqual(
      at('  name: p\n  namespace: |\n').map((c) => c.label),
      ['default', 'shop'],
    );
    const typed = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  namespace: sh|\n  name: p\n';
    const proposals = complete(typed, FACTS);
    assert.deepEqual(
      proposals.map((c) => [c.label, c.kind, c.insertText]),
      [
        ['default', 'value', 'default'],
        ['shop', 'value', 'shop'],
      ],
    );
    assert.equal(typed.replace('|', '').slice(proposals[1].start, proposals[1].end), 'sh');
    assert.equal(proposals[1].detail, 'namespace in the workspace');
    // Not metadata.name, nor a namespace key elsewhere; nothing without the workspace.
    assert.deepEqual(at('  name: |\n'), []);
    assert.deepEqual(at('  name: p\n  labels:\n    namespace: |\n'), []);
    assert.deepEqual(complete('apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  namespace: |\n'), []);
  });

  it('replaces the word at the cursor', () => {
    const text = `${HEAD}  ingress:\n    - ports:\n        - protocol: tc|\n`;
    const [tcp] = complete(text);
    assert.equal(text.replace('|', '').slice(tcp.start, tcp.end), 'tc');
  });

  it('proposes nothing outside NetworkPolicies or inside values that are not enumerations', () => {
    assert.deepEqual(complete('kind: ConfigMap\ndata:\n  |\n'), []);
    assert.deepEqual(complete(`${HEAD}  podSelector: {}\n  ingress:\n    - from:\n        - ipBlock:\n            cidr: |\n`), []);
  });
});
