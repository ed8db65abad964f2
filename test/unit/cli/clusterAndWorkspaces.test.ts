import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { loadInputs } from '../../../server/src/cli/inputs';
import { main } from '../../../server/src/cli/main';
import { parseWorkspaces } from '../../../server/src/cli/workspaces';
import { DEFAULT_SETTINGS } from '../../../server/src/service';

/** A policy that selects `app: web` in `shop` and allows it from namespaces labelled `team: edge`. */
const policy = (name: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: ${name}
  namespace: shop
spec:
  podSelector:
    matchLabels:
      app: web
  ingress:
    - from:
        - namespaceSelector:
            matchLabels:
              team: edge
`;
/** Namespaces and a workload the repository declares itself (so the workspace lints run), but not shop's web. */
const TOOLS = `apiVersion: v1
kind: Namespace
metadata:
  name: tools
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: probe
  namespace: tools
spec:
  selector:
    matchLabels: {app: probe}
  template:
    metadata:
      labels: {app: probe}
    spec:
      containers: [{name: probe, image: busybox}]
`;
/** What `kubectl get namespaces,deployments,networkpolicies -A -o yaml` writes: a List; its policy is broken on purpose. */
const DUMP = `apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: Namespace
    metadata:
      name: shop
      labels: {team: edge, kubernetes.io/metadata.name: shop}
  - apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: web
      namespace: shop
    spec:
      selector:
        matchLabels: {app: web}
      template:
        metadata:
          labels: {app: web}
        spec:
          containers: [{name: web, image: nginx}]
  - apiVersion: networking.k8s.io/v1
    kind: NetworkPolicy
    metadata:
      name: from-the-cluster
      namespace: shop
    spec:
      podSelector: {}
      ingress:
        - ports:
            - port: 99999
`;

async function run(cwd: string, ...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { cwd, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

describe('netpol-lens check and reach: --cluster, --per-directory, netpol-lens.yaml workspaces', () => {
  let folder: string;
  before(() => {
    folder = mkdtempSync(path.join(tmpdir(), 'netpol-cluster-'));
    for (const dir of ['repo/base', 'repo/envs/prod', 'repo/envs/staging', 'dumps']) mkdirSync(path.join(folder, dir), { recursive: true });
    writeFileSync(path.join(folder, 'repo/base/web.yaml'), policy('web'));
    writeFileSync(path.join(folder, 'repo/base/tools.yaml'), TOOLS);
    writeFileSync(path.join(folder, 'repo/envs/prod/extra.yaml'), policy('prod-only'));
    writeFileSync(path.join(folder, 'repo/envs/staging/tools.yaml'), TOOLS);
    writeFileSync(path.join(folder, 'dumps/prod.yaml'), DUMP);
    writeFileSync(
      path.join(folder, 'repo/netpol-lens.yaml'),
      'workspaces:\n  - name: prod\n    include: ["envs/prod/**", "base/**"]\n  - name: staging\n    include: ["envs/staging/**"]\n',
    );
  });

  it('without the dump, the namespace label and the workload are unknown', async () => {
    const { code, stdout } = await run(folder, 'check', 'repo/base');
    assert.equal(code, 0);
    assert.match(stdout, /selector\.namespace-label-unknown/);
  });

  it('--cluster: the dump silences them, and its own (broken) policy gets no finding', async () => {
    const { code, stdout, stderr } = await run(folder, 'check', '--cluster', 'dumps/prod.yaml', 'repo/base');
    assert.equal(stderr, '');
    assert.equal(code, 0, stdout);
    assert.equal(stdout, 'No problems in 2 files checked.\n');
    const json = await run(folder, 'check', '--format', 'json', '--cluster', 'dumps/*.yaml', 'repo/base');
    assert.deepEqual(JSON.parse(json.stdout), { diagnostics: [] });
  });

  it('--cluster: a file that is missing, or a glob without a match, is an input error', async () => {
    const missing = await run(folder, 'check', '--cluster', 'dumps/nope.yaml', 'repo/base');
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /--cluster dumps\/nope\.yaml: no such file or folder/);
    const glob = await run(folder, 'check', '--cluster', 'dumps/*.json', 'repo/base');
    assert.equal(glob.code, 2);
    assert.match(glob.stderr, /--cluster dumps\/\*\.json: no file matches/);
  });

  it("reach --cluster: the dump's workloads are endpoints, and the view's references name the dump file", async () => {
    const { code, stdout } = await run(folder, 'reach', '--format', 'json', '--cluster', 'dumps/prod.yaml', 'repo/base');
    assert.equal(code, 0);
    const keys = (JSON.parse(stdout) as { endpoints: { key: string }[] }).endpoints.map((endpoint) => endpoint.key);
    assert.ok(keys.includes('shop/Deployment/web'), keys.join(' '));
    const inputs = await loadInputs(['repo/base'], { cwd: folder, stdout: () => undefined, stderr: () => undefined }, undefined, ['dumps/prod.yaml']);
    assert.deepEqual(inputs.files.map((file) => file.displayPath).sort(), ['repo/base/tools.yaml', 'repo/base/web.yaml']);
    assert.deepEqual(
      inputs.clusterFiles.map((file) => file.displayPath),
      [path.join('dumps', 'prod.yaml')],
    );
    const view = inputs.service.getReachabilityView(DEFAULT_SETTINGS, {}, { title: 't', formatRef: (ref) => `${inputs.displayPath(ref.uri)}:${ref.start}` });
    const web = view.endpoints.find((endpoint) => endpoint.key === 'shop/Deployment/web');
    assert.match(web?.ref?.label ?? '', /^dumps\/prod\.yaml:/);
  });

  it('--per-directory: each immediate subdirectory on its own, with a heading each', async () => {
    const { code, stdout } = await run(folder, 'check', '--per-directory', 'repo/envs');
    assert.equal(code, 0);
    assert.equal(
      stdout,
      `== ${path.join('repo/envs', 'prod')} ==\nNo problems in 1 file checked.\n== ${path.join('repo/envs', 'staging')} ==\nNo problems in 1 file checked.\n`,
    );
    const reach = await run(folder, 'reach', '--per-directory', '--format', 'json', 'repo/envs');
    const names = (JSON.parse(reach.stdout) as { workspaces: { name: string }[] }).workspaces.map((workspace) => workspace.name);
    assert.deepEqual(names, [path.join('repo/envs', 'prod'), path.join('repo/envs', 'staging')]);
  });

  it('netpol-lens.yaml: each declared workspace is analysed on its own (its own model)', async () => {
    const { code, stdout } = await run(folder, 'check', 'repo');
    assert.equal(code, 0);
    const [prod, staging] = stdout.split(/^== staging ==\n/m);
    assert.match(prod, /^== prod ==\n/);
    // prod has the two policies and the base's Namespace: both policies' labels are unknown there.
    assert.equal((prod.match(/selector\.namespace-label-unknown/g) ?? []).length, 2);
    assert.equal(staging, 'No problems in 1 file checked.\n');
    const one = await run(folder, 'check', '--workspace', 'prod', '--cluster', 'dumps/prod.yaml', 'repo');
    assert.equal(one.stdout, '== prod ==\nNo problems in 3 files checked.\n');
    const reach = await run(folder, 'reach', '--format', 'json', 'repo');
    assert.deepEqual(
      (JSON.parse(reach.stdout) as { workspaces: { name: string }[] }).workspaces.map((workspace) => workspace.name),
      ['prod', 'staging'],
    );
  });

  it('netpol-lens.yaml: other formats and --explain take one workspace; a misnamed workspace or a bad file is a usage error', async () => {
    const dot = await run(folder, 'reach', '--format', 'dot', 'repo');
    assert.equal(dot.code, 2);
    assert.match(dot.stderr, /2 workspaces: --format dot takes one \(--workspace NAME\)/);
    const unknown = await run(folder, 'check', '--workspace', 'qa', 'repo');
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /no workspace named "qa"/);
    assert.throws(() => parseWorkspaces('workspaces: [{include: ["a/**"]}]', 'x.yaml'), /workspaces\[0\] needs a name/);
    assert.throws(() => parseWorkspaces('workspaces: [{name: a}]', 'x.yaml'), /workspace a needs include globs/);
    assert.throws(() => parseWorkspaces('workspaces: [{name: a, include: [x]}, {name: a, include: [y]}]', 'x.yaml'), /two workspaces are named a/);
    assert.deepEqual(parseWorkspaces('kubernetesVersion: "1.35"\n', 'x.yaml'), []);
  });
});
