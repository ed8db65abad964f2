import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { docs, namespace, policy, workspaceFindings } from './workspaceHarness';

const CODE = 'selector.namespace-name-label';

const fromNamespaces = (selector: string): string =>
  policy('shop', 'p', `  podSelector: {}\n  ingress:\n    - from:\n        - namespaceSelector:\n${selector}`);
const NAME_MONITORING = '            matchLabels:\n              name: monitoring\n';

describe(CODE, () => {
  it('reports `name: monitoring` in matchLabels when the workspace has no Namespace manifest, on the key, as information', () => {
    const findings = workspaceFindings({ 'policies/p.yaml': fromNamespaces(NAME_MONITORING) }, CODE);
    assert.equal(findings.length, 1);
    assert.equal(findings[0].severity, 'information');
    assert.equal(findings[0].text, 'name');
    assert.equal(findings[0].path, 'spec.ingress[0].from[0].namespaceSelector.matchLabels[name]');
    assert.equal(
      findings[0].message,
      'Kubernetes does not set the label "name" on namespaces: unless it is added by hand, this namespaceSelector matches no namespace. ' +
        'Every namespace has its name in kubernetes.io/metadata.name: write kubernetes.io/metadata.name: monitoring.',
    );
  });

  it('reports an In expression on `name`, on egress too; not Exists or NotIn', () => {
    const selector = `            matchExpressions:
              - {key: name, operator: In, values: [monitoring, logging]}
              - {key: owner, operator: In, values: [x]}
              - {key: name, operator: NotIn, values: [x]}
              - {key: name, operator: Exists}
`;
    const findings = workspaceFindings({ 'policies/p.yaml': fromNamespaces(selector) }, CODE);
    assert.deepEqual(
      findings.map((f) => `${f.path} ${f.text}`),
      ['spec.ingress[0].from[0].namespaceSelector.matchExpressions[0].key name'],
    );
    assert.match(findings[0].message, /namespace has its name in kubernetes\.io\/metadata\.name: use that key\.$/);
    const egress = policy(
      'shop',
      'q',
      `  podSelector: {}\n  policyTypes: [Egress]\n  egress:\n    - to:\n        - namespaceSelector:\n            matchLabels: {name: kube-system}\n          podSelector:\n            matchLabels: {k8s-app: kube-dns}\n`,
    );
    assert.deepEqual(
      workspaceFindings({ 'policies/q.yaml': egress }, CODE).map((f) => `${f.path} ${f.text}`),
      ['spec.egress[0].to[0].namespaceSelector.matchLabels[name] name'],
    );
  });

  it('is silent on other keys (ns and namespace included), on values that cannot be namespace names, and on kubernetes.io/metadata.name', () => {
    for (const selector of [
      '            matchLabels:\n              team: monitoring\n',
      '            matchLabels:\n              name: Monitoring_1\n',
      '            matchLabels:\n              kubernetes.io/metadata.name: monitoring\n',
      '            matchLabels:\n              app.kubernetes.io/name: monitoring\n',
      // Test harnesses label their namespaces `ns: <name>` on purpose.
      '            matchLabels:\n              ns: monitoring\n',
      '            matchLabels:\n              namespace: monitoring\n',
    ]) {
      assert.deepEqual(workspaceFindings({ 'policies/p.yaml': fromNamespaces(selector) }, CODE), [], selector);
    }
  });

  it('is silent when the workspace has Namespace manifests: a Namespace with the label says it is set, and without one selector.namespace-label-unknown reports it', () => {
    const labelled = { 'cluster/ns.yaml': namespace('monitoring', { name: 'monitoring' }), 'policies/p.yaml': fromNamespaces(NAME_MONITORING) };
    assert.deepEqual(workspaceFindings(labelled, CODE), []);
    assert.deepEqual(workspaceFindings(labelled, 'selector.namespace-label-unknown'), []);
    const unlabelled = {
      'cluster/ns.yaml': docs(namespace('shop'), namespace('monitoring', { team: 'platform' })),
      'policies/p.yaml': fromNamespaces(NAME_MONITORING),
    };
    assert.deepEqual(workspaceFindings(unlabelled, CODE), []);
    assert.deepEqual(
      workspaceFindings(unlabelled, 'selector.namespace-label-unknown').map((f) => f.text),
      ['name'],
    );
  });
});
