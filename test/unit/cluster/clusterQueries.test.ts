import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { clusterQueries } from '../../../server/src/service/cluster/clusterQueries';
import type { ClusterModel } from '../../../server/src/service/cluster/clusterModel';
import type { Endpoint } from '../../../server/src/service/cluster/endpoint';
import { getCodeLenses } from '../../../server/src/service/features/codeLenses';
import { peerMatches, policySelects } from '../../../server/src/service/reachability/matching';
import { namespaceLabelsOf } from '../../../server/src/service/reachability/policyClasses';
import { DEFAULT_SETTINGS } from '../../../server/src/service/settings';
import { WorkspaceAnalysis } from '../../../server/src/service/workspaceAnalysis';
import { deployment, docs, policy, ROOT, workspaceFindings, workspaceOf, type Files } from '../workspaceLints/workspaceHarness';

const CODE = 'selector.matches-no-workload';

/** A Deployment as `deployment` writes it, without `metadata.name` (the API server would refuse it as written). */
const nameless = (namespace: string, labels: Record<string, string>): string => deployment(namespace, 'x', labels).replace('  name: x\n', '');

const APPS = docs(deployment('shop', 'api', { app: 'api' }), nameless('shop', { app: 'web' }));
const selecting = (app: string): string => policy('shop', 'p', `  podSelector:\n    matchLabels:\n      app: ${app}\n  policyTypes: [Ingress]\n`);

/** The "selects N workloads" CodeLens titles of a file of a workspace. */
function selectLenses(files: Files, name: string): string[] {
  const workspace = workspaceOf(files);
  const facts = new WorkspaceAnalysis(workspace).facts(DEFAULT_SETTINGS);
  return getCodeLenses(workspace.getFile(ROOT + name)!, facts, { canShowReachability: false })
    .map((lens) => lens.title)
    .filter((title) => title.startsWith('selects '));
}

function keys(endpoints: readonly Endpoint[] | undefined): string[] | undefined {
  return endpoints?.map((endpoint) => endpoint.key);
}

describe('cluster queries: a workload without metadata.name', () => {
  it('is a workload for the CodeLens and for selector.matches-no-workload alike', () => {
    const files = { 'apps/shop.yaml': APPS, 'policies/p.yaml': selecting('web') };
    assert.deepEqual(selectLenses(files, 'policies/p.yaml'), ['selects 1 workload']);
    assert.deepEqual(workspaceFindings(files, CODE), []);
  });

  it('is among the workloads a typo is compared with, and the CodeLens counts none either', () => {
    const files = { 'apps/shop.yaml': APPS, 'policies/p.yaml': selecting('wbe') };
    assert.deepEqual(selectLenses(files, 'policies/p.yaml'), ['selects 0 workloads']);
    assert.deepEqual(
      workspaceFindings(files, CODE).map((finding) => finding.message),
      ['No workload in shop matches podSelector app=wbe: the policy applies to no pod. (Workloads there: app is "api" or "web".)'],
    );
  });

  it('is what hover and completion see too', () => {
    const workspace = workspaceOf({
      'apps/shop.yaml': APPS,
      'policies/p.yaml': policy('shop', 'p', '  podSelector: {}\n  ingress:\n    - from:\n        - podSelector: {matchLabels: {app: web}}\n'),
    });
    const facts = new WorkspaceAnalysis(workspace).facts(DEFAULT_SETTINGS);
    const manifest = workspace.manifests().find((m) => m.kind === 'NetworkPolicy')!;
    assert.deepEqual(facts.selectedBy(manifest), ['shop/Deployment/(unnamed)#1', 'shop/Deployment/api']);
    assert.deepEqual(facts.matchedByPeer(manifest, 'ingress', 0, 0), ['shop/Deployment/(unnamed)#1']);
    assert.deepEqual(facts.labelValues('pods', 'app'), ['api', 'web']);
  });
});

describe('cluster queries agree with the reachability matching', () => {
  /** Every workspace of test/fixtures/workspace-lints/, plus one with a nameless workload and a namespaceSelector. */
  function workspaces(): [string, Files][] {
    const root = resolve(__dirname, '../../fixtures/workspace-lints');
    const out: [string, Files][] = [];
    for (const name of readdirSync(root).sort()) {
      const folder = join(root, name);
      if (!statSync(folder).isDirectory()) continue;
      const files: Record<string, string> = {};
      const visit = (dir: string): void => {
        for (const entry of readdirSync(dir).sort()) {
          const path = join(dir, entry);
          if (statSync(path).isDirectory()) visit(path);
          else if (/\.ya?ml$/.test(entry)) files[relative(folder, path)] = readFileSync(path, 'utf8');
        }
      };
      visit(folder);
      out.push([name, files]);
    }
    const rules =
      '  egress:\n    - to:\n        - namespaceSelector: {}\n          podSelector: {matchLabels: {app: web}}\n        - podSelector: {matchLabels: {app: api}}\n        - ipBlock: {cidr: 10.0.0.0/8}\n';
    out.push([
      'nameless',
      { 'apps/shop.yaml': docs(APPS, nameless('other', { app: 'web' })), 'policies/p.yaml': policy('shop', 'p', `  podSelector: {}\n${rules}`) },
    ]);
    return out;
  }

  it('selection, peerWorkloads and ruleDestinations are the workloads policySelects and peerMatches find, in model order', () => {
    for (const [name, files] of workspaces()) {
      const model: ClusterModel = new WorkspaceAnalysis(workspaceOf(files)).clusterModel(DEFAULT_SETTINGS);
      const queries = clusterQueries(model);
      const workloads = model.endpoints.filter((endpoint) => endpoint.kind !== 'external');
      const labels = namespaceLabelsOf(model);
      for (const { id, spec, manifest } of model.policies) {
        assert.deepEqual(keys(queries.selection(spec)), keys(workloads.filter((endpoint) => policySelects(spec, endpoint))), `${name}: ${id}`);
        for (const rule of [...spec.ingress, ...spec.egress]) {
          for (const peer of rule.peers ?? []) {
            const expected = workloads.filter((endpoint) => peerMatches(peer, spec.namespace, endpoint, labels));
            assert.deepEqual(
              keys(queries.peerWorkloads(peer, spec.namespace)),
              keys(expected),
              `${name}: ${id} ${rule.direction}[${rule.index}] peer ${peer.index}`,
            );
            // The described answer, when there is one, is the same set.
            const described = peer.kind === 'pods' ? queries.describedPeerWorkloads(peer, spec.namespace, manifest.uri) : undefined;
            if (described) assert.deepEqual(new Set(keys(described)), new Set(keys(expected)), `${name}: ${id} described peer`);
          }
          const destinations =
            rule.direction === 'ingress'
              ? workloads.filter((endpoint) => policySelects(spec, endpoint))
              : workloads.filter((endpoint) => rule.peers === undefined || rule.peers.some((peer) => peerMatches(peer, spec.namespace, endpoint, labels)));
          assert.deepEqual(keys(queries.ruleDestinations(spec, rule)), keys(destinations), `${name}: ${id} ${rule.direction}[${rule.index}]`);
        }
      }
    }
  });

  it('answers a question once per model, with the same shared list', () => {
    const model = new WorkspaceAnalysis(workspaceOf(workspaces().at(-1)![1])).clusterModel(DEFAULT_SETTINGS);
    const queries = clusterQueries(model);
    assert.equal(clusterQueries(model), queries);
    const [rule] = model.policies[0].spec.egress;
    assert.equal(queries.ruleDestinations(model.policies[0].spec, rule), queries.ruleDestinations(model.policies[0].spec, rule));
    assert.deepEqual(keys(queries.ruleDestinations(model.policies[0].spec, rule)), [
      'other/Deployment/(unnamed)#2',
      'shop/Deployment/(unnamed)#1',
      'shop/Deployment/api',
    ]);
  });
});
