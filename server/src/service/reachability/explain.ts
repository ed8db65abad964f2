import type { ClusterModel } from '../cluster/clusterModel';
import type { Endpoint } from '../cluster/endpoint';
import type { Direction, PolicyModel, PolicyPort, PolicyRule } from '../cluster/networkPolicy';
import { sourceRefOf, type SourceRef } from '../cluster/sourceRef';
import { matchingPeer, policySelects, portEntryPorts, rulePorts, type EndpointIdentity } from './matching';
import { namespaceLabelsOf } from './policyClasses';
import { ALL_PORTS, hasPort, intersectPortSets, isEmptyPortSet, NO_PORTS, unionPortSets, type PortSet, type Protocol } from './portSet';

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
    const isolating = model.policies.filter((policy) => (direction === 'ingress' ? policy.spec.affectsIngress : policy.spec.affectsEgress) && policySelects(policy.spec, subject));
    const rules: RuleExplanation[] = [];
    let allowedPorts = isolating.length === 0 ? ALL_PORTS : NO_PORTS;
    for (const policy of isolating) {
      for (const rule of direction === 'ingress' ? policy.spec.ingress : policy.spec.egress) {
        const explained = explainRule(policy, rule, other, to, wanted, namespaceLabels);
        rules.push(explained);
        if (explained.peer !== null) allowedPorts = unionPortSets(allowedPorts, explained.ports);
      }
    }
    return {
      direction,
      endpoint: subject.key,
      inCluster: subject.kind !== 'external',
      isolated: isolating.length > 0,
      isolatingPolicies: isolating.map((policy) => ({ id: policy.id, ref: sourceRefOf(policy.manifest, ['metadata', 'name']) })),
      rules,
      allowedPorts,
      allowed: wantedIn(allowedPorts, wanted),
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

function explainRule(policy: PolicyModel, rule: PolicyRule, peerEndpoint: EndpointIdentity, destination: Endpoint, wanted: Wanted, namespaceLabels: (namespace: string) => Record<string, string>): RuleExplanation {
  const rulePath = ['spec', rule.direction, rule.index];
  const peerField = rule.direction === 'ingress' ? 'from' : 'to';
  const peerIndex = matchingPeer(rule, policy.spec.namespace, peerEndpoint, namespaceLabels);
  const peer = peerIndex === 'all' ? 'all' : peerIndex === -1 ? null : { index: peerIndex, ref: sourceRefOf(policy.manifest, [...rulePath, peerField, peerIndex]) };
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
