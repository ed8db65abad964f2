import type { Endpoint } from '../cluster/endpoint';
import { netContains } from '../cluster/ipAddress';
import { matchesSelector, type Labels } from '../cluster/labelSelector';
import type { PolicyPeer, PolicyPort, PolicyRule, PolicySpec } from '../cluster/networkPolicy';
import { ALL_PORTS, allPortsOf, NO_PORTS, portRange, unionPortSets, type PortSet } from './portSet';

/** What matching reads of an endpoint. */
export type EndpointIdentity = Pick<Endpoint, 'kind' | 'namespace' | 'labels' | 'ports' | 'addresses'>;

/** The labels of a namespace (the API server's `kubernetes.io/metadata.name` included). */
export type NamespaceLabels = (namespace: string) => Labels;

/**
 * NetworkPolicySpec.podSelector: "selects the pods to which this NetworkPolicy object applies ... An empty selector
 * matches all pods in the policy's namespace." A policy never selects pods of another namespace, nor anything
 * outside the cluster.
 */
export function policySelects(spec: PolicySpec, endpoint: EndpointIdentity): boolean {
  return endpoint.kind !== 'external' && endpoint.namespace === spec.namespace && matchesSelector(spec.podSelector, endpoint.labels);
}

/**
 * NetworkPolicyPeer (k8s.io/api/networking/v1):
 * - podSelector and namespaceSelector together select the matching pods in the matching namespaces;
 * - podSelector alone selects matching pods "in the policy's own namespace";
 * - namespaceSelector alone selects "all pods in the namespaces selected";
 * - ipBlock matches by IP, "except" ranges excluded. Only an endpoint with a known address can match: a workload's
 *   pods have none until they run, and a pod without `status.podIP` is not known to be in any range.
 */
export function peerMatches(peer: PolicyPeer, policyNamespace: string, endpoint: EndpointIdentity, namespaceLabels: NamespaceLabels): boolean {
  switch (peer.kind) {
    case 'nothing':
      return false;
    case 'ipBlock':
      return endpoint.addresses.some((address) => netContains(peer.cidr, address) && !peer.except.some((except) => netContains(except, address)));
    case 'pods': {
      if (endpoint.kind === 'external' || endpoint.namespace === undefined) return false;
      if (peer.namespaceSelector === undefined) {
        if (endpoint.namespace !== policyNamespace) return false;
      } else if (!matchesSelector(peer.namespaceSelector, namespaceLabels(endpoint.namespace))) {
        return false;
      }
      return peer.podSelector === undefined || matchesSelector(peer.podSelector, endpoint.labels);
    }
  }
}

/** The index of the first peer of the rule that matches, `all` for a rule without peers, or -1. */
export function matchingPeer(rule: PolicyRule, policyNamespace: string, endpoint: EndpointIdentity, namespaceLabels: NamespaceLabels): number | 'all' {
  if (rule.peers === undefined) return 'all';
  for (const peer of rule.peers) if (peerMatches(peer, policyNamespace, endpoint, namespaceLabels)) return peer.index;
  return -1;
}

/**
 * The ports one port entry allows toward a destination. NetworkPolicyPort: the protocol defaults to TCP; without
 * `port` every port of the protocol; `endPort` makes an inclusive range; a named port is looked up in the
 * destination pod's container ports (same name and protocol) — for ingress and egress rules alike, since the
 * destination is the pod that serves it. A destination without that named port is not allowed by the entry.
 */
export function portEntryPorts(entry: PolicyPort, destination: Pick<Endpoint, 'ports'>): PortSet {
  if (entry.port === undefined) return allPortsOf(entry.protocol);
  if (typeof entry.port === 'number') return portRange(entry.protocol, entry.port, entry.endPort ?? entry.port);
  let out = NO_PORTS;
  for (const port of destination.ports) {
    if (port.name === entry.port && port.protocol === entry.protocol)
      out = unionPortSets(out, portRange(port.protocol, port.containerPort, port.containerPort));
  }
  return out;
}

/** The ports a rule allows toward a destination: every port without `ports`, else the union of its entries. */
export function rulePorts(rule: PolicyRule, destination: Pick<Endpoint, 'ports'>): PortSet {
  if (rule.ports === undefined) return ALL_PORTS;
  let out = NO_PORTS;
  for (const entry of rule.ports) out = unionPortSets(out, portEntryPorts(entry, destination));
  return out;
}
