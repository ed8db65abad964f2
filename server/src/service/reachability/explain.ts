import type { ClusterModel } from '../cluster/clusterModel';
import type { ClusterAction, ClusterPolicyKind, ClusterPolicyModel, ClusterPolicyRule, ClusterTier } from '../cluster/clusterPolicy';
import { clusterPolicySelects } from './clusterTiers';
import type { Endpoint } from '../cluster/endpoint';
import type { Direction, PolicyModel, PolicyPort, PolicyRule } from '../cluster/networkPolicy';
import { sourceRefOf, type SourceRef } from '../cluster/sourceRef';
import { matchingPeer, policySelects, portEntryPorts, rulePorts, type EndpointIdentity } from './matching';
import { namespaceLabelsOf } from './policyClasses';
import { ALL_PORTS, hasPort, intersectPortSets, isEmptyPortSet, NO_PORTS, portSetMinus, unionPortSets, type PortSet, type Protocol } from './portSet';

export interface ExplainQuery {
  /** A port number or a container port name (resolved on the destination); absent: all ports. */
  readonly port?: number | string;
  /** Defaults to TCP. */
  readonly protocol?: Protocol;
}

/** Why a connection is allowed or denied, side by side, with every rule that was looked at. Plain JSON. */
export interface ConnectionExplanation {
  readonly from: ExplainedEndpoint;
  readonly to: ExplainedEndpoint;
  readonly protocol: Protocol;
  readonly port?: number | string;
  /** For a named port: the destination's container ports with that name and protocol (none: nothing to connect to). */
  readonly resolvedPorts?: readonly number[];
  /** Traffic from a pod to itself, which no policy can block. */
  readonly selfTraffic: boolean;
  /** The verdict for the queried port, or without a port whether any port is allowed. */
  readonly allowed: boolean;
  /** Every port both sides allow (all ports for self traffic). */
  readonly allowedPorts: PortSet;
  /** The source's side: its egress. */
  readonly egress: SideExplanation;
  /** The destination's side: its ingress. */
  readonly ingress: SideExplanation;
}

export interface ExplainedEndpoint {
  readonly key: string;
  readonly kind: Endpoint['kind'];
}

export interface SideExplanation {
  readonly direction: Direction;
  /** The endpoint whose policies decide this side (the source for egress, the destination for ingress). */
  readonly endpoint: string;
  /** False for an external range: no policy applies outside the cluster. */
  readonly inCluster: boolean;
  /** Whether some policy selects the endpoint for this direction. Not isolated: everything is allowed. */
  readonly isolated: boolean;
  readonly isolatingPolicies: readonly PolicyRef[];
  /** Every rule of the isolating policies in this direction. */
  readonly rules: readonly RuleExplanation[];
  readonly allowedPorts: PortSet;
  readonly allowed: boolean;
  /** Present when a cluster policy (Admin or Baseline tier) applies to the endpoint in this direction. */
  readonly tiers?: TierExplanation;
}

/**
 * The tiers around the NetworkPolicies: Admin rules first (by priority, then order), then NetworkPolicies (for a
 * pod they isolate), then Baseline rules (for a pod they do not), then allowed.
 */
export interface TierExplanation {
  /** Cluster policies applying to the endpoint in this direction, in evaluation order. */
  readonly policies: readonly ClusterPolicyRef[];
  /** Rules whose peer matches the other side and that decide some ports no earlier rule decided, in order. */
  readonly rules: readonly ClusterRuleExplanation[];
  /**
   * Which layer decided the queried port: a cluster policy rule (`rule` set), the NetworkPolicies, or nothing (the
   * default: allowed). Without a port in the query, the first rule that decides any port, if any.
   */
  readonly decidedBy: 'Admin' | 'NetworkPolicy' | 'Baseline' | 'default';
  readonly rule?: ClusterRuleExplanation;
  /** The Admin tier rule that passed the queried port on to the NetworkPolicies (and the Baseline tier), if one did. */
  readonly passedBy?: ClusterRuleExplanation;
  /** Whether NetworkPolicies were consulted for the queried port (false when the Admin tier decided it). */
  readonly networkPoliciesConsulted: boolean;
  /** Peers whose match cannot be known from manifests (`domainNames`: depends on DNS; `nodes`), read as not matching. */
  readonly unknown: readonly { readonly message: string; readonly ref: SourceRef }[];
}

export interface ClusterPolicyRef {
  readonly id: string;
  readonly kind: ClusterPolicyKind;
  readonly name: string;
  readonly tier: ClusterTier;
  readonly priority: number | undefined;
  readonly ref: SourceRef;
}

export interface ClusterRuleExplanation {
  readonly policy: ClusterPolicyRef;
  readonly direction: Direction;
  readonly index: number;
  /** The rule's `name`, if it has one. */
  readonly name?: string;
  readonly action: ClusterAction;
  readonly ref: SourceRef;
  readonly peer: { readonly index: number; readonly ref: SourceRef };
  /** The ports this rule decides: those of its protocols/ports that no earlier rule decided. */
  readonly ports: PortSet;
}

export interface PolicyRef {
  readonly id: string;
  readonly ref: SourceRef;
}

export interface RuleExplanation {
  readonly policy: string;
  readonly direction: Direction;
  readonly index: number;
  readonly ref: SourceRef;
  /** The first peer that matches the other side; `all` for a rule without peers; null when none matches. */
  readonly peer: 'all' | { readonly index: number; readonly ref: SourceRef } | null;
  /** The ports the rule allows toward the destination (named ports resolved on it). */
  readonly ports: PortSet;
  /** The first port entry that matches the query; `all` for a rule without ports; null when none matches. */
  readonly port: 'all' | { readonly index: number; readonly ref: SourceRef } | null;
  /** The peer matches and the rule's ports include the queried one (any port, without a query). */
  readonly allows: boolean;
}

/**
 * Explains a connection between two endpoints of the model, by key. Undefined when a key is unknown. Evaluates the
 * policies directly (no classes), so it also serves as a second implementation to check the engine against.
 */
export function explainConnection(model: ClusterModel, fromKey: string, toKey: string, query: ExplainQuery = {}): ConnectionExplanation | undefined {
  const from = model.endpoints.find((endpoint) => endpoint.key === fromKey);
  const to = model.endpoints.find((endpoint) => endpoint.key === toKey);
  if (!from || !to) return undefined;
  const protocol: Protocol = query.protocol ?? 'TCP';
  const namespaceLabels = namespaceLabelsOf(model);
  const wanted = queriedPorts(query.port, protocol, to);

  const side = (direction: Direction, subject: Endpoint, other: Endpoint): SideExplanation => {
    const isolating = model.policies.filter(
      (policy) => (direction === 'ingress' ? policy.spec.affectsIngress : policy.spec.affectsEgress) && policySelects(policy.spec, subject),
    );
    const rules: RuleExplanation[] = [];
    let allowedPorts = isolating.length === 0 ? ALL_PORTS : NO_PORTS;
    for (const policy of isolating) {
      for (const rule of direction === 'ingress' ? policy.spec.ingress : policy.spec.egress) {
        const explained = explainRule(policy, rule, other, to, wanted, namespaceLabels);
        rules.push(explained);
        if (explained.peer !== null) allowedPorts = unionPortSets(allowedPorts, explained.ports);
      }
    }
    const tiers = explainTiers(model, direction, subject, other, to, wanted, isolating.length > 0, allowedPorts, namespaceLabels);
    if (tiers) allowedPorts = tiers.allowedPorts;
    return {
      direction,
      endpoint: subject.key,
      inCluster: subject.kind !== 'external',
      isolated: isolating.length > 0,
      isolatingPolicies: isolating.map((policy) => ({ id: policy.id, ref: sourceRefOf(policy.manifest, ['metadata', 'name']) })),
      rules,
      allowedPorts,
      allowed: wantedIn(allowedPorts, wanted),
      ...(tiers ? { tiers: tiers.explanation } : {}),
    };
  };

  const egress = side('egress', from, to);
  const ingress = side('ingress', to, from);
  // "A pod cannot block access to itself."
  const selfTraffic = from === to && from.kind === 'pod';
  const allowedPorts = selfTraffic ? ALL_PORTS : intersectPortSets(egress.allowedPorts, ingress.allowedPorts);
  return {
    from: { key: from.key, kind: from.kind },
    to: { key: to.key, kind: to.kind },
    protocol,
    ...(query.port !== undefined ? { port: query.port } : {}),
    ...(typeof query.port === 'string' ? { resolvedPorts: wanted.ports } : {}),
    selfTraffic,
    allowed: selfTraffic || wantedIn(allowedPorts, wanted),
    allowedPorts,
    egress,
    ingress,
  };
}

/** The concrete ports a query stands for; `any` when it names no port. */
interface Wanted {
  readonly any: boolean;
  readonly protocol: Protocol;
  readonly ports: readonly number[];
}

function queriedPorts(port: number | string | undefined, protocol: Protocol, destination: Endpoint): Wanted {
  if (port === undefined) return { any: true, protocol, ports: [] };
  if (typeof port === 'number') return { any: false, protocol, ports: [port] };
  const ports = destination.ports.filter((p) => p.name === port && p.protocol === protocol).map((p) => p.containerPort);
  return { any: false, protocol, ports: [...new Set(ports)] };
}

function wantedIn(set: PortSet, wanted: Wanted): boolean {
  if (wanted.any) return !isEmptyPortSet(set);
  return wanted.ports.some((port) => hasPort(set, wanted.protocol, port));
}

function explainRule(
  policy: PolicyModel,
  rule: PolicyRule,
  peerEndpoint: EndpointIdentity,
  destination: Endpoint,
  wanted: Wanted,
  namespaceLabels: (namespace: string) => Record<string, string>,
): RuleExplanation {
  const rulePath = ['spec', rule.direction, rule.index];
  const peerField = rule.direction === 'ingress' ? 'from' : 'to';
  const peerIndex = matchingPeer(rule, policy.spec.namespace, peerEndpoint, namespaceLabels);
  const peer =
    peerIndex === 'all' ? 'all' : peerIndex === -1 ? null : { index: peerIndex, ref: sourceRefOf(policy.manifest, [...rulePath, peerField, peerIndex]) };
  const ports = rulePorts(rule, destination);
  let port: RuleExplanation['port'] = null;
  if (rule.ports === undefined) port = 'all';
  else {
    const entry = rule.ports.find((candidate: PolicyPort) => wantedIn(portEntryPorts(candidate, destination), wanted));
    if (entry) port = { index: entry.index, ref: sourceRefOf(policy.manifest, [...rulePath, 'ports', entry.index]) };
  }
  return {
    policy: policy.id,
    direction: rule.direction,
    index: rule.index,
    ref: sourceRefOf(policy.manifest, rulePath),
    peer,
    ports,
    port,
    allows: peer !== null && wantedIn(ports, wanted),
  };
}

function clusterPolicyRef(policy: ClusterPolicyModel): ClusterPolicyRef {
  return {
    id: policy.id,
    kind: policy.kind,
    name: policy.name,
    tier: policy.spec.tier,
    priority: policy.spec.priority,
    ref: sourceRefOf(policy.manifest, ['metadata', 'name']),
  };
}

/** The Admin tier, the NetworkPolicies' verdict (`networkPolicyPorts`), and the Baseline tier, for one side. */
function explainTiers(
  model: ClusterModel,
  direction: Direction,
  subject: Endpoint,
  other: Endpoint,
  destination: Endpoint,
  wanted: Wanted,
  isolated: boolean,
  networkPolicyPorts: PortSet,
  namespaceLabels: (namespace: string) => Record<string, string>,
): { explanation: TierExplanation; allowedPorts: PortSet } | undefined {
  const applying = (model.clusterPolicies ?? []).filter(
    (policy) => (direction === 'ingress' ? policy.spec.ingress : policy.spec.egress).length > 0 && clusterPolicySelects(policy.spec, subject, namespaceLabels),
  );
  if (applying.length === 0) return undefined;
  const rules: ClusterRuleExplanation[] = [];
  const unknown: { message: string; ref: SourceRef }[] = [];
  const runTier = (tier: ClusterTier, undecided: PortSet): { allowed: PortSet; rest: PortSet } => {
    let allowed = NO_PORTS;
    let passed = NO_PORTS;
    let remaining = undecided;
    for (const policy of applying) {
      if (policy.spec.tier !== tier) continue;
      for (const rule of direction === 'ingress' ? policy.spec.ingress : policy.spec.egress) {
        const peerIndex = matchingPeer(rule, '', other, namespaceLabels);
        const rulePath = ['spec', rule.direction, rule.index];
        const peerField = rule.direction === 'ingress' ? 'from' : 'to';
        if (peerIndex === -1 || peerIndex === 'all') {
          noteUnknown(policy, rule, other, isEmptyPortSet(intersectPortSets(rulePorts(rule, destination), remaining)), unknown);
          continue;
        }
        const matched = intersectPortSets(rulePorts(rule, destination), remaining);
        if (isEmptyPortSet(matched)) continue;
        rules.push({
          policy: clusterPolicyRef(policy),
          direction,
          index: rule.index,
          ...(rule.name ? { name: rule.name } : {}),
          action: rule.action,
          ref: sourceRefOf(policy.manifest, rulePath),
          peer: { index: peerIndex, ref: sourceRefOf(policy.manifest, [...rulePath, peerField, peerIndex]) },
          ports: matched,
        });
        if (rule.action === 'Accept') allowed = unionPortSets(allowed, matched);
        else if (rule.action === 'Pass') passed = unionPortSets(passed, matched);
        remaining = portSetMinus(remaining, matched);
      }
    }
    return { allowed, rest: unionPortSets(remaining, passed) };
  };
  const admin = runTier('Admin', ALL_PORTS);
  let allowedPorts = admin.allowed;
  const adminRules = rules.length;
  if (isolated) allowedPorts = unionPortSets(allowedPorts, intersectPortSets(admin.rest, networkPolicyPorts));
  else {
    const baseline = runTier('Baseline', admin.rest);
    allowedPorts = unionPortSets(allowedPorts, unionPortSets(baseline.allowed, baseline.rest));
  }
  // Which rule decided the query: the first whose decided ports hold the queried port (any port without a query).
  const adminDecider = rules.slice(0, adminRules).find((rule) => wantedIn(rule.ports, wanted));
  let by: TierExplanation['decidedBy'];
  let finalRule: ClusterRuleExplanation | undefined;
  if (adminDecider && adminDecider.action !== 'Pass') {
    by = 'Admin';
    finalRule = adminDecider;
  } else if (isolated) by = 'NetworkPolicy';
  else {
    const baselineDecider = rules.slice(adminRules).find((rule) => wantedIn(rule.ports, wanted));
    if (baselineDecider && baselineDecider.action !== 'Pass') {
      by = 'Baseline';
      finalRule = baselineDecider;
    } else by = 'default';
  }
  return {
    explanation: {
      policies: applying.map(clusterPolicyRef),
      rules,
      decidedBy: by,
      ...(finalRule ? { rule: finalRule } : {}),
      ...(adminDecider?.action === 'Pass' ? { passedBy: adminDecider } : {}),
      networkPoliciesConsulted: by !== 'Admin',
      unknown,
    },
    allowedPorts,
  };
}

/** A rule that did not match only because its match depends on what manifests do not say. */
function noteUnknown(policy: ClusterPolicyModel, rule: ClusterPolicyRule, other: Endpoint, noPorts: boolean, out: { message: string; ref: SourceRef }[]): void {
  if (noPorts) return;
  const peerField = rule.direction === 'ingress' ? 'from' : 'to';
  if (other.kind === 'external') {
    for (const index of rule.domainPeers) {
      out.push({
        message: `${policy.spec.tier} ${policy.kind === 'ClusterNetworkPolicy' ? 'cluster policy' : policy.kind} \`${policy.name}\` spec.${rule.direction}[${rule.index}].${peerField}[${index}] (${rule.action}, domainNames): unknown, depends on DNS; read as not matching`,
        ref: sourceRefOf(policy.manifest, ['spec', rule.direction, rule.index, peerField, index]),
      });
    }
  }
  for (const index of rule.nodePeers) {
    out.push({
      message: `${policy.spec.tier} ${policy.kind === 'ClusterNetworkPolicy' ? 'cluster policy' : policy.kind} \`${policy.name}\` spec.${rule.direction}[${rule.index}].${peerField}[${index}] (${rule.action}, nodes): depends on node labels; node traffic is not modelled`,
      ref: sourceRefOf(policy.manifest, ['spec', rule.direction, rule.index, peerField, index]),
    });
  }
}
