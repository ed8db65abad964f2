import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { buildClusterModel } from '../../../server/src/service/cluster/buildClusterModel';
import { formatPortSet } from '../../../server/src/service/reachability/portSet';
import { computeReachability, ReachabilityEngine } from '../../../server/src/service/reachability/reachabilityEngine';
import { allowedPorts, endpointIndex, isAllowed } from '../../../server/src/service/reachability/result';
import { ManifestWorkspace } from '../../../server/src/service/workspace';
import { conformanceCluster, modelOf } from './helpers';

const policy = (name: string, namespace: string, spec: string): string =>
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${name}, namespace: "${namespace}"}\nspec: ${spec}\n`;

describe('ReachabilityEngine', () => {
  it('groups endpoints by what policies can tell apart', () => {
    // Replicas differ only in labels no selector mentions (pod-template-hash): one class for all of them.
    const pods = [1, 2, 3]
      .map((i) => `apiVersion: v1\nkind: Pod\nmetadata: {name: web-${i}, namespace: shop, labels: {app: web, pod-template-hash: h${i}}}\n`)
      .join('---\n');
    const model = modelOf(`${pods}---\n${policy('np', 'shop', '{podSelector: {matchLabels: {app: web}}}')}`);
    const result = computeReachability(model, { port: 80 });
    assert.equal(result.classCount, 1);
    // Each pod may reach itself, but not the other replicas (ingress isolated, no rule).
    assert.equal(isAllowed(result, 0, 0), true);
    assert.equal(isAllowed(result, 0, 1), false);
  });

  it('gives the all-ports picture', () => {
    const model = modelOf({
      'file:///cluster.yaml': conformanceCluster(),
      'file:///p.yaml': policy(
        'p',
        'x',
        '{podSelector: {matchLabels: {pod: a}}, ingress: [{from: [{podSelector: {}}], ports: [{port: 80, endPort: 90}, {protocol: UDP, port: serve-81-udp}]}]}',
      ),
    });
    const result = computeReachability(model);
    const ports = (from: string, to: string) => formatPortSet(allowedPorts(result, endpointIndex(result, from), endpointIndex(result, to)));
    assert.equal(ports('x/b', 'x/a'), 'TCP 80-90; UDP 81');
    assert.equal(ports('y/b', 'x/a'), 'no ports');
    assert.equal(ports('x/a', 'x/a'), 'all ports');
    assert.equal(ports('x/a', 'x/b'), 'all ports');
  });

  it('filters sources and destinations by glob', () => {
    const model = modelOf(conformanceCluster());
    const result = computeReachability(model, { port: 80, from: ['x/*'], to: ['*/a', 'z/?'] });
    assert.deepEqual(
      result.sources.map((i) => result.endpoints[i].key),
      ['x/a', 'x/b', 'x/c'],
    );
    assert.deepEqual(
      result.destinations.map((i) => result.endpoints[i].key),
      ['x/a', 'y/a', 'z/a', 'z/b', 'z/c'],
    );
  });

  it('re-evaluates only the policy that changed, and only the rows it touches', () => {
    const workspace = new ManifestWorkspace();
    workspace.setFile('file:///cluster.yaml', conformanceCluster());
    const policies = ['x', 'y', 'z'].map((ns) =>
      policy('p', ns, '{podSelector: {matchLabels: {pod: a}}, ingress: [{from: [{podSelector: {matchLabels: {pod: b}}}]}]}'),
    );
    workspace.setFile('file:///policies.yaml', policies.join('---\n'));
    const engine = new ReachabilityEngine();
    const build = () => buildClusterModel(workspace.manifests(), { defaultNamespace: 'default' }, workspace.allFiles());
    engine.compute(build(), { port: 80 });
    assert.equal(engine.stats.partitions, 1);
    assert.equal(engine.stats.policyEvaluations, 3);

    // Change the policy of namespace y only (same label keys, so the classes stay).
    policies[1] = policy('p', 'y', '{podSelector: {matchLabels: {pod: a}}, ingress: [{from: [{podSelector: {matchLabels: {pod: c}}}]}]}');
    workspace.setFile('file:///policies.yaml', policies.join('---\n'));
    const before = { ...engine.stats };
    const result = engine.compute(build(), { port: 80 });
    assert.equal(engine.stats.partitions, 1, 'classes kept');
    assert.equal(engine.stats.policyEvaluations - before.policyEvaluations, 1, 'one policy re-evaluated');
    assert.equal(engine.stats.rowsComputed - before.rowsComputed, 1, 'one ingress row recomputed (y/a)');
    assert.equal(isAllowed(result, endpointIndex(result, 'y/c'), endpointIndex(result, 'y/a')), true);
    assert.equal(isAllowed(result, endpointIndex(result, 'y/b'), endpointIndex(result, 'y/a')), false);
    // And the incremental result is the fresh one.
    assert.deepEqual(result, computeReachability(build(), { port: 80 }));
  });

  it('answers a named-port query per destination', () => {
    const model = modelOf({
      'file:///cluster.yaml': conformanceCluster(),
      'file:///p.yaml': policy('p', 'x', '{podSelector: {}, ingress: [{ports: [{port: 81}]}]}'),
    });
    const result = computeReachability(model, { port: 'serve-81-tcp' });
    assert.equal(isAllowed(result, endpointIndex(result, 'y/a'), endpointIndex(result, 'x/a')), true);
    const other = computeReachability(model, { port: 'serve-80-tcp' });
    assert.equal(isAllowed(other, endpointIndex(other, 'y/a'), endpointIndex(other, 'x/a')), false);
    assert.equal(isAllowed(other, endpointIndex(other, 'x/a'), endpointIndex(other, 'y/a')), true);
    const missing = computeReachability(model, { port: 'no-such-port' });
    assert.equal(isAllowed(missing, endpointIndex(missing, 'x/a'), endpointIndex(missing, 'y/a')), false);
  });

  it('treats a workload to itself as replica-to-replica traffic, which policies govern', () => {
    const model = modelOf(
      `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\nspec: {template: {metadata: {labels: {app: web}}}}\n---\n${policy('deny', 'shop', '{podSelector: {}}')}`,
    );
    const result = computeReachability(model, { port: 80 });
    assert.equal(isAllowed(result, 0, 0), false);
  });

  it('produces plain JSON', () => {
    const model = modelOf({
      'file:///cluster.yaml': conformanceCluster(),
      'file:///p.yaml': policy('p', 'x', '{podSelector: {}, egress: [{to: [{ipBlock: {cidr: 10.0.0.0/8}}]}]}'),
    });
    for (const query of [{}, { port: 80 }, { port: 'serve-80-tcp' }]) {
      const result = computeReachability(model, query);
      assert.deepEqual(JSON.parse(JSON.stringify(result)), result);
    }
  });
});
