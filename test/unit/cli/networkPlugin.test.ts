import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { main } from '../../../server/src/cli/main';
import { createNetpolService, DEFAULT_SETTINGS, NETWORK_PLUGINS, type NetworkPlugin } from '../../../server/src/service';

const WORKSPACE = `apiVersion: v1
kind: Pod
metadata:
  name: db
  namespace: default
  labels:
    app: db
spec:
  containers:
    - name: db
      image: postgres
status:
  podIP: 10.244.1.7
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: egress
  namespace: default
spec:
  podSelector: {}
  policyTypes: [Egress]
  egress:
    - to:
        - ipBlock:
            cidr: 10.244.0.0/16
      ports:
        - protocol: TCP
          port: 11000
          endPort: 11002
---
apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata:
  name: deny-metadata
spec:
  tier: Admin
  priority: 5
  subject:
    namespaces: {}
  egress:
    - action: Deny
      to:
        - networks: ["169.254.169.254/32"]
`;

function cniCodes(plugin: NetworkPlugin | undefined): string[] {
  const service = createNetpolService();
  service.setFile('file:///w/a.yaml', WORKSPACE);
  const settings = plugin === undefined ? DEFAULT_SETTINGS : { ...DEFAULT_SETTINGS, networkPlugin: plugin };
  return service
    .getDiagnostics('file:///w/a.yaml', settings)
    .filter((finding) => finding.code.startsWith('cni.'))
    .map((finding) => finding.code)
    .sort();
}

describe('netpol.networkPlugin: what the plugin enforces (cni.*)', () => {
  it('reports each capability for the plugins a source names, and nothing for generic', () => {
    assert.deepEqual(cniCodes(undefined), []);
    assert.deepEqual(cniCodes('generic'), []);
    assert.deepEqual(cniCodes('cilium'), ['cni.cluster-policy-unsupported', 'cni.ipblock-pod-ips']);
    assert.deepEqual(cniCodes('azure-cilium'), ['cni.cluster-policy-unsupported', 'cni.ipblock-pod-ips']);
    assert.deepEqual(cniCodes('azure-npm'), ['cni.endport-unsupported']);
    assert.deepEqual(cniCodes('none'), ['cni.no-enforcement', 'cni.no-enforcement']);
    for (const plugin of ['calico', 'aws-vpc-cni', 'antrea', 'ovn-kubernetes', 'kube-router'] as const) assert.deepEqual(cniCodes(plugin), [], plugin);
    assert.equal(NETWORK_PLUGINS.length, 10);
  });

  it('recomputes the workspace findings when only the plugin changes', () => {
    const service = createNetpolService();
    service.setFile('file:///w/a.yaml', WORKSPACE);
    const codes = (plugin: NetworkPlugin) =>
      service
        .getDiagnostics('file:///w/a.yaml', { ...DEFAULT_SETTINGS, networkPlugin: plugin })
        .filter((f) => f.code.startsWith('cni.'))
        .map((f) => f.code);
    assert.deepEqual(codes('none').length, 2);
    assert.deepEqual(codes('generic'), []);
    assert.deepEqual(codes('azure-npm'), ['cni.endport-unsupported']);
  });
});

describe('--network-plugin', () => {
  let folder: string;
  before(() => {
    folder = mkdtempSync(path.join(tmpdir(), 'netpol-plugin-'));
    writeFileSync(path.join(folder, 'a.yaml'), WORKSPACE);
  });
  const run = async (...argv: string[]) => {
    let stdout = '';
    let stderr = '';
    const code = await main(argv, { cwd: folder, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
    return { code, stdout, stderr };
  };

  it('check: adds the plugin findings, and refuses an unknown plugin', async () => {
    const plain = await run('check', '--format', 'json', 'a.yaml');
    assert.ok(!plain.stdout.includes('cni.'));
    const npm = await run('check', '--format', 'json', '--network-plugin', 'azure-npm', 'a.yaml');
    const codes = (JSON.parse(npm.stdout) as { diagnostics: { code: string }[] }).diagnostics.map((d) => d.code);
    assert.deepEqual(
      codes.filter((code) => code.startsWith('cni.')),
      ['cni.endport-unsupported'],
    );
    const bad = await run('check', '--network-plugin', 'flannel', 'a.yaml');
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--network-plugin must be one of generic, cilium/);
  });

  it('reach: notes on stderr where the plugin enforces less; the report is unchanged', async () => {
    const plain = await run('reach', '--format', 'json', 'a.yaml');
    const cilium = await run('reach', '--format', 'json', '--network-plugin', 'cilium', 'a.yaml');
    assert.equal(cilium.code, 0);
    assert.equal(cilium.stdout, plain.stdout);
    assert.match(cilium.stderr, /a\.yaml:\d+:\d+: note: Cilium does not match pods by ipBlock.*\(cni\.ipblock-pod-ips\)/);
    assert.match(cilium.stderr, /note: Cilium does not implement ClusterNetworkPolicy.*\(cni\.cluster-policy-unsupported\)/);
    assert.ok(!plain.stderr.includes('cni.'));
  });
});
