/**
 * Property tests on random clusters: the class-based engine agrees with the naive pods x pods x policies evaluator
 * and with explainConnection; adding an allow rule never removes access; a policy that selects no pod changes
 * nothing; an engine reused across changes answers as a fresh one.
 */
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { naiveAllowed } from '../../../bench/reachabilityNaive';
import type { ClusterModel } from '../../../server/src/service/cluster/clusterModel';
import { explainConnection } from '../../../server/src/service/reachability/explain';
import { hasPort, type Protocol } from '../../../server/src/service/reachability/portSet';
import { computeReachability, ReachabilityEngine } from '../../../server/src/service/reachability/reachabilityEngine';
import { allowedPorts, isAllowed } from '../../../server/src/service/reachability/result';
import { buildClusterModel } from '../../../server/src/service/cluster/buildClusterModel';
import { ManifestWorkspace } from '../../../server/src/service/workspace';
import { modelOf } from './helpers';

type Json = Record<string, unknown>;

const PROBES: readonly (readonly [Protocol, number])[] = [
  ['TCP', 80],
  ['TCP', 81],
  ['TCP', 8080],
  ['UDP', 53],
  ['SCTP', 80],
];

const namespaceName = fc.constantFrom('a', 'b', 'c');
const labelKey = fc.constantFrom('app', 'tier', 'env', 'team');
const labelValue = fc.constantFrom('web', 'db', 'fe', 'prod', 'dev', 't1');
const labels = fc.dictionary(labelKey, labelValue, { maxKeys: 3 });

const selector: fc.Arbitrary<Json> = fc.oneof(
  fc.constant({}),
  fc.record({ matchLabels: fc.dictionary(labelKey, labelValue, { minKeys: 1, maxKeys: 2 }) }),
  fc.record({
    matchExpressions: fc.array(
      fc.oneof(
        fc.record({ key: labelKey, operator: fc.constantFrom('In', 'NotIn'), values: fc.uniqueArray(labelValue, { minLength: 1, maxLength: 2 }) }),
        fc.record({ key: labelKey, operator: fc.constantFrom('Exists', 'DoesNotExist') }),
      ),
      { minLength: 1, maxLength: 2 },
    ),
  }),
);

const cidr = fc.constantFrom('10.0.0.0/8', '10.0.0.0/30', '10.0.0.4/30', '0.0.0.0/0', '192.168.0.0/16', '10.0.0.2/32');
const peer: fc.Arbitrary<Json> = fc.oneof(
  fc.record({ podSelector: selector }),
  fc.record({ namespaceSelector: selector }),
  fc.record({ namespaceSelector: selector, podSelector: selector }),
  fc.record({ ipBlock: fc.record({ cidr, except: fc.uniqueArray(fc.constantFrom('10.0.0.0/30', '10.0.0.1/32', '10.0.0.6/31'), { maxLength: 2 }) }) }),
  { arbitrary: fc.constant({}), weight: 1 },
);
const port: fc.Arbitrary<Json> = fc.oneof(
  fc.record({ port: fc.constantFrom(80, 81, 53, 8080) }, { requiredKeys: [] }),
  fc.record(
    { protocol: fc.constantFrom('TCP', 'UDP', 'SCTP'), port: fc.constantFrom<number | string>(80, 53, 'http', 'dns', 'sctp') },
    { requiredKeys: ['port'] },
  ),
  fc.record({ protocol: fc.constantFrom('TCP', 'UDP', 'SCTP') }),
  fc.record({ port: fc.constantFrom(79, 80), endPort: fc.constantFrom(80, 81, 8080) }),
);
const rule = (field: 'from' | 'to'): fc.Arbitrary<Json> =>
  fc.record({ [field]: fc.array(peer, { maxLength: 2 }), ports: fc.array(port, { maxLength: 2 }) }, { requiredKeys: [] });

interface Policy {
  readonly namespace: string;
  readonly podSelector: Json;
  readonly policyTypes?: string[];
  readonly ingress?: Json[];
  readonly egress?: Json[];
}

const policy: fc.Arbitrary<Policy> = fc.record({
  namespace: namespaceName,
  podSelector: selector,
  policyTypes: fc.option(fc.constantFrom<string[]>(['Ingress'], ['Egress'], ['Ingress', 'Egress']), { nil: undefined }),
  ingress: fc.option(fc.array(rule('from'), { maxLength: 2 }), { nil: undefined }),
  egress: fc.option(fc.array(rule('to'), { maxLength: 2 }), { nil: undefined }),
});

const containerPorts = fc
  .subarray([
    { name: 'http', containerPort: 80 },
    { name: 'http', containerPort: 8080 },
    { name: 'dns', containerPort: 53, protocol: 'UDP' },
    { name: 'sctp', containerPort: 80, protocol: 'SCTP' },
    { containerPort: 81 },
  ])
  .map((ports) => ports.filter((p, i) => ports.findIndex((q) => q.name !== undefined && q.name === p.name) === i || p.name === undefined));

const pod = fc.record({
  namespace: namespaceName,
  labels,
  ports: containerPorts,
  ip: fc.option(fc.constantFrom('10.0.0.1', '10.0.0.2', '10.0.0.5', '10.0.0.7', '192.168.1.1', '172.16.0.1'), { nil: undefined }),
  workload: fc.boolean(),
});

const cluster = fc.record({
  namespaces: fc.uniqueArray(fc.record({ name: namespaceName, labels }), { maxLength: 3, selector: (ns) => ns.name }),
  pods: fc.array(pod, { minLength: 1, maxLength: 7 }),
  policies: fc.array(policy, { maxLength: 4 }),
});
type Cluster = typeof cluster extends fc.Arbitrary<infer T> ? T : never;

function yamlOf(spec: Cluster): string {
  const docs: Json[] = [];
  spec.namespaces.forEach((ns) => docs.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns.name, labels: ns.labels } }));
  spec.pods.forEach((p, i) => {
    const template = { metadata: { labels: p.labels }, spec: { containers: [{ name: 'c', ports: p.ports }] } };
    if (p.workload && p.ip === undefined)
      docs.push({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: `w${i}`, namespace: p.namespace }, spec: { template } });
    else
      docs.push({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: `p${i}`, namespace: p.namespace, labels: p.labels },
        spec: template.spec,
        ...(p.ip ? { status: { podIP: p.ip } } : {}),
      });
  });
  spec.policies.forEach((p, i) => docs.push(policyDocument(p, `np${i}`)));
  return docs.map((doc) => JSON.stringify(doc)).join('\n---\n');
}

function policyDocument(p: Policy, name: string): Json {
  const body: Json = { podSelector: p.podSelector };
  if (p.policyTypes) body.policyTypes = p.policyTypes;
  if (p.ingress) body.ingress = p.ingress;
  if (p.egress) body.egress = p.egress;
  return { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace: p.namespace }, spec: body };
}

/** verdicts[probe][from][to], by endpoint key, for the endpoints in the cluster (external ranges left aside). */
function verdicts(model: ClusterModel, engine = new ReachabilityEngine()): Map<string, boolean> {
  const out = new Map<string, boolean>();
  for (const [protocol, number] of PROBES) {
    const result = engine.compute(model, { port: number, protocol });
    result.endpoints.forEach((from, i) => {
      if (from.kind === 'external') return;
      result.endpoints.forEach((to, j) => {
        if (to.kind !== 'external') out.set(`${protocol}/${number} ${from.key} -> ${to.key}`, isAllowed(result, i, j));
      });
    });
  }
  return out;
}

describe('reachability properties', () => {
  it('the engine, its all-ports picture, explainConnection and the naive evaluator agree', () => {
    fc.assert(
      fc.property(cluster, (spec) => {
        const model = modelOf(yamlOf(spec));
        assert.deepEqual(model.leftOut, []);
        const picture = computeReachability(model);
        for (const [protocol, number] of PROBES) {
          const result = computeReachability(model, { port: number, protocol });
          model.endpoints.forEach((from, i) => {
            model.endpoints.forEach((to, j) => {
              const expected = naiveAllowed(model, from, to, protocol, number);
              const where = `${from.key} -> ${to.key} ${protocol}/${number}`;
              assert.equal(isAllowed(result, i, j), expected, `engine: ${where}`);
              assert.equal(hasPort(allowedPorts(picture, i, j), protocol, number), expected, `picture: ${where}`);
              assert.equal(explainConnection(model, from.key, to.key, { port: number, protocol })!.allowed, expected, `explain: ${where}`);
            });
          });
        }
      }),
      { numRuns: 100 },
    );
  });

  it('adding an allow rule never removes access', () => {
    fc.assert(
      fc.property(cluster, fc.nat(), fc.boolean(), rule('from'), rule('to'), (spec, which, ingress, ingressRule, egressRule) => {
        fc.pre(spec.policies.length > 0);
        const index = which % spec.policies.length;
        const target = spec.policies[index];
        // Add the rule to a direction the policy already affects, so that the rule cannot isolate anything new.
        const types = target.policyTypes ?? ['Ingress', ...((target.egress ?? []).length > 0 ? ['Egress'] : [])];
        const direction = ingress && types.includes('Ingress') ? 'ingress' : types.includes('Egress') ? 'egress' : 'ingress';
        fc.pre(types.includes(direction === 'ingress' ? 'Ingress' : 'Egress'));
        const changed: Policy =
          direction === 'ingress'
            ? { ...target, ingress: [...(target.ingress ?? []), ingressRule] }
            : { ...target, egress: [...(target.egress ?? []), egressRule] };
        const before = verdicts(modelOf(yamlOf(spec)));
        const after = verdicts(modelOf(yamlOf({ ...spec, policies: spec.policies.map((p, i) => (i === index ? changed : p)) })));
        for (const [key, allowed] of before) if (allowed) assert.equal(after.get(key), true, key);
      }),
      { numRuns: 100 },
    );
  });

  it('a policy that selects no pod changes nothing', () => {
    fc.assert(
      fc.property(cluster, policy, (spec, extra) => {
        const inert: Policy = { ...extra, podSelector: { matchLabels: { 'selects-nothing': 'true' } } };
        const before = verdicts(modelOf(yamlOf(spec)));
        const after = verdicts(modelOf(yamlOf({ ...spec, policies: [...spec.policies, inert] })));
        assert.deepEqual(after, before);
      }),
      { numRuns: 100 },
    );
  });

  it('an engine reused across changes answers as a fresh one', () => {
    fc.assert(
      fc.property(fc.array(cluster, { minLength: 2, maxLength: 4 }), (specs) => {
        const engine = new ReachabilityEngine();
        for (const spec of specs) {
          const model = modelOf(yamlOf(spec));
          assert.deepEqual(verdicts(model, engine), verdicts(model));
          assert.deepEqual(engine.compute(model), computeReachability(model));
        }
      }),
      { numRuns: 40 },
    );
  });

  it('with cluster policies (Admin and Baseline tiers, priorities, Pass) the engine, its picture, explainConnection and the naive evaluator agree', () => {
    fc.assert(
      fc.property(cluster, fc.array(clusterPolicy, { minLength: 1, maxLength: 4 }), (spec, generated) => {
        // One BaselineAdminNetworkPolicy at most: it is always named `default`.
        const policies = generated.filter((p, i) => p.kind !== 'BaselineAdminNetworkPolicy' || generated.findIndex((q) => q.kind === p.kind) === i);
        const text = `${yamlOf(spec)}\n---\n${policies.map((p, i) => JSON.stringify(clusterPolicyDocument(p, `cp${i}`))).join('\n---\n')}`;
        const model = modelOf(text);
        assert.deepEqual(model.leftOut, []);
        const picture = computeReachability(model);
        for (const [protocol, number] of PROBES) {
          const result = computeReachability(model, { port: number, protocol });
          model.endpoints.forEach((from, i) => {
            model.endpoints.forEach((to, j) => {
              const expected = naiveAllowed(model, from, to, protocol, number);
              const where = `${from.key} -> ${to.key} ${protocol}/${number}`;
              assert.equal(isAllowed(result, i, j), expected, `engine: ${where}`);
              assert.equal(hasPort(allowedPorts(picture, i, j), protocol, number), expected, `picture: ${where}`);
              assert.equal(explainConnection(model, from.key, to.key, { port: number, protocol })!.allowed, expected, `explain: ${where}`);
            });
          });
        }
      }),
      { numRuns: 100 },
    );
  });
});

describe('reachability properties with cluster policies: incrementality', () => {
  it('an engine reused across changes answers as a fresh one', () => {
    fc.assert(
      // One workspace through the steps, a file per policy: files that do not change keep their parsed values, so
      // the engine's caches (by spec and policy identity) are exercised.
      fc.property(
        cluster,
        fc.array(fc.array(fc.option(clusterPolicy, { nil: undefined }), { minLength: 3, maxLength: 3 }), { minLength: 2, maxLength: 5 }),
        (spec, steps) => {
          const engine = new ReachabilityEngine();
          const workspace = new ManifestWorkspace();
          workspace.setFile('file:///cluster.yaml', yamlOf(spec));
          let previous: (ClusterPolicy | undefined)[] = [];
          for (const [stepIndex, generated] of steps.entries()) {
            // Keep a file from the step before every other step, so that some objects stay the same.
            const step = generated.map((p, i) => (stepIndex % 2 === 1 && previous[i] !== undefined ? previous[i] : p));
            step.forEach((p, i) => {
              const uri = `file:///cp${i}.yaml`;
              const duplicateBaseline = p?.kind === 'BaselineAdminNetworkPolicy' && step.findIndex((q) => q?.kind === 'BaselineAdminNetworkPolicy') !== i;
              if (p === undefined || duplicateBaseline) workspace.deleteFile(uri);
              else workspace.setFile(uri, JSON.stringify(clusterPolicyDocument(p, `cp${i}`)));
            });
            previous = step;
            const model = buildClusterModel(workspace.manifests(), { defaultNamespace: 'default' }, workspace.allFiles());
            assert.deepEqual(verdicts(model, engine), verdicts(model), `verdicts at step ${stepIndex}`);
            assert.deepEqual(engine.compute(model), computeReachability(model), `all ports at step ${stepIndex}`);
          }
        },
      ),
      { numRuns: 40 },
    );
  });
});

interface ClusterPolicy {
  readonly kind: 'ClusterNetworkPolicy' | 'AdminNetworkPolicy' | 'BaselineAdminNetworkPolicy';
  readonly tier: 'Admin' | 'Baseline';
  readonly priority: number;
  readonly subject: Json;
  readonly ingress: Json[];
  readonly egress: Json[];
}

const clusterPeer = (direction: 'ingress' | 'egress'): fc.Arbitrary<Json> =>
  fc.oneof(
    fc.record({ namespaces: selector }),
    fc.record({ pods: fc.record({ namespaceSelector: selector, podSelector: selector }) }),
    ...(direction === 'egress' ? [fc.record({ networks: fc.uniqueArray(cidr, { minLength: 1, maxLength: 2 }) })] : []),
  );
const cnpProtocol: fc.Arbitrary<Json> = fc.oneof(
  fc.record({
    tcp: fc.record({
      destinationPort: fc.oneof(
        fc.record({ number: fc.constantFrom(80, 81, 53) }),
        fc.record({ range: fc.record({ start: fc.constantFrom(79, 80), end: fc.constantFrom(81, 8080) }) }),
      ),
    }),
  }),
  fc.record({ udp: fc.record({ destinationPort: fc.record({ number: fc.constantFrom(53, 80) }) }) }),
  fc.record({ sctp: fc.record({ destinationPort: fc.record({ number: fc.constant(80) }) }) }),
  fc.record({ destinationNamedPort: fc.constantFrom('http', 'dns', 'sctp') }),
);
const anpPort: fc.Arbitrary<Json> = fc.oneof(
  fc.record({ portNumber: fc.record({ protocol: fc.constantFrom('TCP', 'UDP', 'SCTP'), port: fc.constantFrom(80, 53) }) }),
  fc.record({ namedPort: fc.constantFrom('http', 'dns') }),
  fc.record({ portRange: fc.record({ protocol: fc.constantFrom('TCP', 'UDP'), start: fc.constantFrom(53, 79), end: fc.constantFrom(80, 8080) }) }),
);
const clusterRule = (direction: 'ingress' | 'egress', actions: readonly string[], ports: 'protocols' | 'ports'): fc.Arbitrary<Json> =>
  fc.record(
    {
      action: fc.constantFrom(...actions),
      [direction === 'ingress' ? 'from' : 'to']: fc.array(clusterPeer(direction), { minLength: 1, maxLength: 2 }),
      [ports]: fc.array(ports === 'protocols' ? cnpProtocol : anpPort, { minLength: 1, maxLength: 2 }),
    },
    { requiredKeys: ['action', direction === 'ingress' ? 'from' : 'to'] },
  );
const clusterSubject: fc.Arbitrary<Json> = fc.oneof(
  fc.record({ namespaces: selector }),
  fc.record({ pods: fc.record({ namespaceSelector: selector, podSelector: selector }) }),
);
const clusterPolicy: fc.Arbitrary<ClusterPolicy> = fc.oneof(
  fc.record({
    kind: fc.constant('ClusterNetworkPolicy' as const),
    tier: fc.constantFrom('Admin' as const, 'Baseline' as const),
    priority: fc.constantFrom(0, 5, 10, 1000),
    subject: clusterSubject,
    ingress: fc.array(clusterRule('ingress', ['Accept', 'Deny', 'Pass'], 'protocols'), { maxLength: 3 }),
    egress: fc.array(clusterRule('egress', ['Accept', 'Deny', 'Pass'], 'protocols'), { maxLength: 3 }),
  }),
  fc.record({
    kind: fc.constant('AdminNetworkPolicy' as const),
    tier: fc.constant('Admin' as const),
    priority: fc.constantFrom(0, 5, 10),
    subject: clusterSubject,
    ingress: fc.array(clusterRule('ingress', ['Allow', 'Deny', 'Pass'], 'ports'), { maxLength: 3 }),
    egress: fc.array(clusterRule('egress', ['Allow', 'Deny', 'Pass'], 'ports'), { maxLength: 3 }),
  }),
  fc.record({
    kind: fc.constant('BaselineAdminNetworkPolicy' as const),
    tier: fc.constant('Baseline' as const),
    priority: fc.constant(0),
    subject: clusterSubject,
    ingress: fc.array(clusterRule('ingress', ['Allow', 'Deny'], 'ports'), { maxLength: 3 }),
    egress: fc.array(clusterRule('egress', ['Allow', 'Deny'], 'ports'), { maxLength: 3 }),
  }),
);

function clusterPolicyDocument(p: ClusterPolicy, name: string): Json {
  if (p.kind === 'ClusterNetworkPolicy') {
    return {
      apiVersion: 'policy.networking.k8s.io/v1alpha2',
      kind: p.kind,
      metadata: { name },
      spec: { tier: p.tier, priority: p.priority, subject: p.subject, ingress: p.ingress, egress: p.egress },
    };
  }
  const spec: Json = { subject: p.subject, ingress: p.ingress, egress: p.egress };
  if (p.kind === 'AdminNetworkPolicy') spec.priority = p.priority;
  return {
    apiVersion: 'policy.networking.k8s.io/v1alpha1',
    kind: p.kind,
    metadata: { name: p.kind === 'BaselineAdminNetworkPolicy' ? 'default' : name },
    spec,
  };
}
