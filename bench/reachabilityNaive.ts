/**
 * The obvious evaluator: for every (source, destination) pair, walk every policy. Written from the API reference
 * without sharing the engine's matching code, so that it serves as a test oracle for the class-based engine, and
 * as the baseline in `reachability.bench.ts`.
 */
import type { ClusterModel } from '../server/src/service/cluster/clusterModel';
import type { Endpoint } from '../server/src/service/cluster/endpoint';
import type { LabelSelector } from '../server/src/service/cluster/labelSelector';
import type { PolicyPeer, PolicyPort, PolicyRule } from '../server/src/service/cluster/networkPolicy';

export function naiveAllowed(model: ClusterModel, from: Endpoint, to: Endpoint, protocol: string, port: number): boolean {
  if (from === to && from.kind === 'pod') return true;
  return sideAllows(model, 'egress', from, from, to, protocol, port) && sideAllows(model, 'ingress', to, from, to, protocol, port);
}

/** matrix[i][j]: endpoint i may connect to endpoint j on the port. */
export function naiveMatrix(model: ClusterModel, protocol: string, port: number): boolean[][] {
  return model.endpoints.map((from) => model.endpoints.map((to) => naiveAllowed(model, from, to, protocol, port)));
}

/**
 * One side, through the tiers of cluster policies (ClusterNetworkPolicySpec.tier): the Admin tier's first matching
 * rule (by priority, then rule order) decides, Pass going on to NetworkPolicies; NetworkPolicies decide for the pods
 * they isolate; the Baseline tier decides for the others; nothing matched: allowed.
 */
function sideAllows(
  model: ClusterModel,
  direction: 'ingress' | 'egress',
  subject: Endpoint,
  from: Endpoint,
  to: Endpoint,
  protocol: string,
  port: number,
): boolean {
  if (subject.kind === 'external') return true;
  const other = direction === 'ingress' ? from : to;
  const admin = tierVerdict(model, 'Admin', direction, subject, other, to, protocol, port);
  if (admin === 'Accept') return true;
  if (admin === 'Deny') return false;
  const policies = networkPolicySide(model, direction, subject, other, to, protocol, port);
  if (policies !== undefined) return policies;
  return tierVerdict(model, 'Baseline', direction, subject, other, to, protocol, port) !== 'Deny';
}

function tierVerdict(
  model: ClusterModel,
  tier: 'Admin' | 'Baseline',
  direction: 'ingress' | 'egress',
  subject: Endpoint,
  other: Endpoint,
  to: Endpoint,
  protocol: string,
  port: number,
): 'Accept' | 'Deny' | 'Pass' | undefined {
  const policies = (model.clusterPolicies ?? []).filter((policy) => policy.spec.tier === tier);
  policies.sort((a, b) => (a.spec.priority ?? 1e9) - (b.spec.priority ?? 1e9) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const policy of policies) {
    const subjectOf = policy.spec.subject;
    if (!subjectOf || subject.namespace === undefined) continue;
    const namespaceLabels = model.namespaces.get(subject.namespace)?.labels ?? { 'kubernetes.io/metadata.name': subject.namespace };
    if (!selectorMatches(subjectOf.namespaceSelector, namespaceLabels)) continue;
    if (subjectOf.podSelector !== undefined && !selectorMatches(subjectOf.podSelector, subject.labels)) continue;
    for (const rule of direction === 'ingress' ? policy.spec.ingress : policy.spec.egress) {
      if (ruleAllows(model, rule, '', other, to, protocol, port)) return rule.action;
    }
  }
  return undefined;
}

/** NetworkPolicies: undefined when none isolates the subject in this direction. */
function networkPolicySide(
  model: ClusterModel,
  direction: 'ingress' | 'egress',
  subject: Endpoint,
  other: Endpoint,
  to: Endpoint,
  protocol: string,
  port: number,
): boolean | undefined {
  let isolated = false;
  for (const policy of model.policies) {
    const spec = policy.spec;
    if (spec.namespace !== subject.namespace) continue;
    if (direction === 'ingress' ? !spec.affectsIngress : !spec.affectsEgress) continue;
    if (!selectorMatches(spec.podSelector, subject.labels)) continue;
    isolated = true;
    for (const rule of direction === 'ingress' ? spec.ingress : spec.egress) {
      if (ruleAllows(model, rule, spec.namespace, other, to, protocol, port)) return true;
    }
  }
  return isolated ? false : undefined;
}

function ruleAllows(
  model: ClusterModel,
  rule: PolicyRule,
  policyNamespace: string,
  other: Endpoint,
  destination: Endpoint,
  protocol: string,
  port: number,
): boolean {
  const peerOk = rule.peers === undefined || rule.peers.some((peer) => peerMatches(model, peer, policyNamespace, other));
  const portOk = rule.ports === undefined || rule.ports.some((entry) => portMatches(entry, destination, protocol, port));
  return peerOk && portOk;
}

function peerMatches(model: ClusterModel, peer: PolicyPeer, policyNamespace: string, endpoint: Endpoint): boolean {
  if (peer.kind === 'nothing') return false;
  if (peer.kind === 'ipBlock') {
    return endpoint.addresses.some(
      (a) =>
        a.family === peer.cidr.family &&
        a.value >= peer.cidr.first &&
        a.value <= peer.cidr.last &&
        !peer.except.some((e) => a.family === e.family && a.value >= e.first && a.value <= e.last),
    );
  }
  if (endpoint.kind === 'external' || endpoint.namespace === undefined) return false;
  if (peer.namespaceSelector === undefined) {
    if (endpoint.namespace !== policyNamespace) return false;
  } else {
    const labels = model.namespaces.get(endpoint.namespace)?.labels ?? { 'kubernetes.io/metadata.name': endpoint.namespace };
    if (!selectorMatches(peer.namespaceSelector, labels)) return false;
  }
  return peer.podSelector === undefined || selectorMatches(peer.podSelector, endpoint.labels);
}

function portMatches(entry: PolicyPort, destination: Endpoint, protocol: string, port: number): boolean {
  if (entry.protocol !== protocol) return false;
  if (entry.port === undefined) return true;
  if (typeof entry.port === 'number') return port >= entry.port && port <= (entry.endPort ?? entry.port);
  return destination.ports.some((p) => p.name === entry.port && p.protocol === protocol && p.containerPort === port);
}

function selectorMatches(selector: LabelSelector, labels: Readonly<Record<string, string>>): boolean {
  const has = (key: string): boolean => Object.prototype.hasOwnProperty.call(labels, key);
  for (const [key, value] of Object.entries(selector.matchLabels)) if (!has(key) || labels[key] !== value) return false;
  for (const r of selector.matchExpressions) {
    if (r.operator === 'In') {
      if (r.values.length === 0 || !has(r.key) || !r.values.includes(labels[r.key])) return false;
    } else if (r.operator === 'NotIn') {
      if (r.values.length === 0 || (has(r.key) && r.values.includes(labels[r.key]))) return false;
    } else if (r.operator === 'Exists') {
      if (r.values.length > 0 || !has(r.key)) return false;
    } else if (r.operator === 'DoesNotExist') {
      if (r.values.length > 0 || has(r.key)) return false;
    } else {
      return false;
    }
  }
  return true;
}
