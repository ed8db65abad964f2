import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { docs, namespace, policy, workspaceFindings } from './workspaceHarness';

const CODE = 'selector.namespace-label-unknown';
const NAMESPACES = docs(namespace('shop', { team: 'shop' }), namespace('monitoring', { team: 'platform' }));

const fromNamespaces = (selector: string): string =>
  policy('shop', 'p', `  podSelector: {}\n  ingress:\n    - from:\n        - namespaceSelector:\n${selector}`);

describe(CODE, () => {
  it('reports a matchLabels key that no Namespace has, on the key, proposing kubernetes.io/metadata.name', () => {
    const findings = workspaceFindings(
      { 'cluster/ns.yaml': NAMESPACES, 'policies/p.yaml': fromNamespaces('            matchLabels:\n              name: monitoring\n') },
      CODE,
    );
    assert.equal(findings.length, 1);
    assert.equal(findings[0].text, 'name');
    assert.equal(findings[0].path, 'spec.ingress[0].from[0].namespaceSelector.matchLabels[name]');
    assert.equal(
      findings[0].message,
      'No Namespace in the workspace has the label "name": this namespaceSelector matches none of them. Kubernetes labels every namespace with its name: write kubernetes.io/metadata.name: monitoring.',
    );
  });

  it('reports In and Exists expressions on such a key, not NotIn or DoesNotExist', () => {
    const selector = `            matchExpressions:
              - {key: env, operator: In, values: [prod]}
              - {key: owner, operator: Exists}
              - {key: legacy, operator: NotIn, values: [x]}
              - {key: temp, operator: DoesNotExist}
`;
    const findings = workspaceFindings({ 'cluster/ns.yaml': NAMESPACES, 'policies/p.yaml': fromNamespaces(selector) }, CODE);
    assert.deepEqual(
      findings.map((f) => `${f.path} ${f.text}`),
      ['spec.ingress[0].from[0].namespaceSelector.matchExpressions[0].key env', 'spec.ingress[0].from[0].namespaceSelector.matchExpressions[1].key owner'],
    );
    assert.equal(findings[0].message, 'No Namespace in the workspace has the label "env": this namespaceSelector matches none of them.');
  });

  it('is silent for labels a Namespace has, for kubernetes.io/metadata.name, and without Namespace manifests', () => {
    assert.deepEqual(
      workspaceFindings({ 'cluster/ns.yaml': NAMESPACES, 'policies/p.yaml': fromNamespaces('            matchLabels:\n              team: platform\n') }, CODE),
      [],
    );
    assert.deepEqual(
      workspaceFindings(
        {
          'cluster/ns.yaml': NAMESPACES,
          'policies/p.yaml': fromNamespaces('            matchLabels:\n              kubernetes.io/metadata.name: kube-system\n'),
        },
        CODE,
      ),
      [],
    );
    assert.deepEqual(workspaceFindings({ 'policies/p.yaml': fromNamespaces('            matchLabels:\n              name: kube-system\n') }, CODE), []);
  });

  it('hints at kubernetes.io/metadata.name for a name-like key even when the namespace is not declared', () => {
    const [finding] = workspaceFindings(
      { 'cluster/ns.yaml': NAMESPACES, 'policies/p.yaml': fromNamespaces('            matchLabels:\n              name: kube-system\n') },
      CODE,
    );
    assert.match(finding.message, /write kubernetes\.io\/metadata\.name: kube-system\.$/);
  });
});
