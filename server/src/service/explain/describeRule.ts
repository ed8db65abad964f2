import { peersField, type Direction } from '../model/direction';
import { isRecord } from '../model/manifest';
import { describeSelector } from './describeSelector';

/**
 * One peer in words. Inside a peer, `namespaceSelector` and `podSelector` are ANDed; a `podSelector` alone means
 * the policy's own namespace; a `namespaceSelector` alone means every pod of the matching namespaces.
 */
export function describePeer(peer: unknown, policyNamespace: string): string {
  if (!isRecord(peer)) return 'nothing (not a peer)';
  const hasPods = peer.podSelector !== undefined && peer.podSelector !== null;
  const hasNamespaces = peer.namespaceSelector !== undefined && peer.namespaceSelector !== null;
  if (isRecord(peer.ipBlock)) {
    const cidr = String(peer.ipBlock.cidr ?? '?');
    const except = Array.isArray(peer.ipBlock.except) && peer.ipBlock.except.length > 0 ? ` except ${peer.ipBlock.except.map(String).join(', ')}` : '';
    return `IP addresses in ${cidr}${except}`;
  }
  if (hasPods && hasNamespaces) return `${describeSelector(peer.podSelector, 'pods')} **in** ${describeSelector(peer.namespaceSelector, 'namespaces')}`;
  if (hasPods) return `${describeSelector(peer.podSelector, 'pods')} in this namespace (${policyNamespace})`;
  if (hasNamespaces) {
    const namespaces = describeSelector(peer.namespaceSelector, 'namespaces');
    return namespaces === 'all namespaces' ? 'all pods in all namespaces' : `all pods in ${namespaces}`;
  }
  return 'nothing: a peer must name a podSelector, a namespaceSelector or an ipBlock';
}

/**
 * True for a peer that `describePeer` words as pods **in** namespaces: a podSelector and a namespaceSelector (and
 * no ipBlock), which must both match.
 */
export function isAndPeer(peer: unknown): boolean {
  if (!isRecord(peer) || isRecord(peer.ipBlock)) return false;
  return peer.podSelector !== undefined && peer.podSelector !== null && peer.namespaceSelector !== undefined && peer.namespaceSelector !== null;
}

/** One port entry: the protocol defaults to TCP; no port means every port of that protocol. */
export function describePort(entry: unknown): string {
  if (!isRecord(entry)) return '?';
  const protocol = typeof entry.protocol === 'string' ? entry.protocol : 'TCP';
  if (entry.port === undefined || entry.port === null) return `all ${protocol} ports`;
  if (typeof entry.port === 'string') return `${protocol} port named "${entry.port}"`;
  if (typeof entry.endPort === 'number') return `${protocol} ${String(entry.port)}-${entry.endPort}`;
  return `${protocol} ${String(entry.port)}`;
}

/** What a rule allows, e.g. `TCP 8080 from pods labelled app=frontend in this namespace (shop)`. */
export function describeRule(rule: unknown, direction: Direction, policyNamespace: string): string {
  const record = isRecord(rule) ? rule : {};
  const ports = Array.isArray(record.ports) && record.ports.length > 0 ? joinOr(record.ports.map(describePort)) : 'all ports';
  const peers = record[peersField(direction)];
  const preposition = direction === 'ingress' ? 'from' : 'to';
  const who =
    Array.isArray(peers) && peers.length > 0 ? joinOr(peers.map((peer) => describePeer(peer, policyNamespace))) : 'anywhere (every pod and IP address)';
  return `${ports} ${preposition} ${who}`;
}

/** `a`, `a or b`, `a, b or c`. */
export function joinOr(parts: readonly string[]): string {
  if (parts.length <= 1) return parts.join('');
  return `${parts.slice(0, -1).join(', ')} **or** ${parts[parts.length - 1]}`;
}

/**
 * The directions a policy isolates. Without `policyTypes`, the API server defaults to Ingress, plus Egress when
 * the policy has egress rules (NetworkPolicySpec.policyTypes, API reference).
 */
export function effectivePolicyTypes(spec: unknown): { ingress: boolean; egress: boolean; defaulted: boolean } {
  const record = isRecord(spec) ? spec : {};
  if (Array.isArray(record.policyTypes) && record.policyTypes.length > 0) {
    return { ingress: record.policyTypes.includes('Ingress'), egress: record.policyTypes.includes('Egress'), defaulted: false };
  }
  return { ingress: true, egress: Array.isArray(record.egress) && record.egress.length > 0, defaulted: true };
}
