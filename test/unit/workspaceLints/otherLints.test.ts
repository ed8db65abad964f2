import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { docs, namespace, policy, workspaceFindings } from './workspaceHarness';

describe('namespace.beta-isolation-annotation', () => {
  const CODE = 'namespace.beta-isolation-annotation';

  it('reports the annotation on a Namespace, on its key, as information', () => {
    const text = namespace('shop', {}, { 'net.beta.kubernetes.io/network-policy': '{"ingress": {"isolation": "DefaultDeny"}}' });
    const findings = workspaceFindings({ 'ns.yaml': text }, CODE);
    assert.equal(findings.length, 1);
    assert.equal(findings[0].text, 'net.beta.kubernetes.io/network-policy');
    assert.equal(findings[0].severity, 'information');
    assert.equal(findings[0].path, 'metadata.annotations[net.beta.kubernetes.io/network-policy]');
    assert.match(
      findings[0].message,
      /^net\.beta\.kubernetes\.io\/network-policy has been ignored since Kubernetes 1\.7: it isolates nothing\. To deny traffic to the pods of shop by default/,
    );
  });

  it('is silent on other annotations and other kinds', () => {
    assert.deepEqual(workspaceFindings({ 'ns.yaml': namespace('shop', {}, { 'example.com/owner': 'me' }) }, CODE), []);
    const configMap = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  annotations:\n    net.beta.kubernetes.io/network-policy: "{}"\n';
    assert.deepEqual(workspaceFindings({ 'c.yaml': configMap }, CODE), []);
  });
});

describe('metadata.duplicate-policy-name', () => {
  const CODE = 'metadata.duplicate-policy-name';
  const A = policy('shop', 'allow-frontend', '  podSelector: {}\n  policyTypes: [Ingress]\n');
  const B = policy('shop', 'allow-frontend', '  podSelector:\n    matchLabels:\n      app: db\n  policyTypes: [Ingress]\n');

  it('reports both definitions in one file, on their names', () => {
    const findings = workspaceFindings({ 'policies/p.yaml': docs(A, B) }, CODE);
    assert.deepEqual(
      findings.map((f) => `${f.text}: ${f.message}`),
      [
        'allow-frontend: NetworkPolicy shop/allow-frontend is also defined later in this file: applying both, the one applied last replaces the other.',
        'allow-frontend: NetworkPolicy shop/allow-frontend is also defined earlier in this file: applying both, the one applied last replaces the other.',
      ],
    );
    assert.equal(findings[0].severity, 'warning');
  });

  it('reports definitions in files side by side, and the default namespace for policies without one', () => {
    const findings = workspaceFindings(
      { 'policies/a.yaml': A.replace('  namespace: shop\n', ''), 'policies/b.yaml': B.replace('namespace: shop', 'namespace: default') },
      CODE,
    );
    assert.deepEqual(
      findings.map((f) => `${f.uri}: ${f.message}`),
      [
        'policies/a.yaml: NetworkPolicy default/allow-frontend is also defined in b.yaml: applying both, the one applied last replaces the other.',
        'policies/b.yaml: NetworkPolicy default/allow-frontend is also defined in a.yaml: applying both, the one applied last replaces the other.',
      ],
    );
  });

  it('is silent for definitions in different folders (alternatives), other namespaces and other names', () => {
    assert.deepEqual(workspaceFindings({ 'overlays/dev/p.yaml': A, 'overlays/prod/p.yaml': B }, CODE), []);
    assert.deepEqual(workspaceFindings({ 'p.yaml': docs(A, B.replace('namespace: shop', 'namespace: db')) }, CODE), []);
    assert.deepEqual(workspaceFindings({ 'p.yaml': docs(A, B.replace('name: allow-frontend', 'name: allow-db')) }, CODE), []);
  });

  it('goes away when the other definition is deleted (the cached findings are recomputed)', async () => {
    const { ManifestWorkspace, WorkspaceAnalysis, WorkspaceFindings, DEFAULT_SETTINGS } = await import('../../../server/src/service');
    const workspace = new ManifestWorkspace();
    workspace.setFile('file:///ws/a.yaml', A);
    workspace.setFile('file:///ws/b.yaml', B);
    const findings = new WorkspaceFindings(new WorkspaceAnalysis(workspace));
    const of = (uri: string): string[] =>
      findings
        .forFile(workspace.getFile(uri)!, DEFAULT_SETTINGS)
        .map((f) => f.code)
        .filter((code) => code === CODE);
    assert.deepEqual(of('file:///ws/b.yaml'), [CODE]);
    workspace.deleteFile('file:///ws/a.yaml');
    assert.deepEqual(of('file:///ws/b.yaml'), []);
  });
});
