import { isRecord } from '../model/manifest';
import { describeCidrRange } from './describeCidr';
import { describeSelector, describeSelectorConditions } from './describeSelector';

/**
 * Cluster policies (ClusterNetworkPolicy v1alpha2, AdminNetworkPolicy and BaselineAdminNetworkPolicy v1alpha1) in
 * words, for hovers: the tier model applied to the policy at hand. Semantics of kubernetes-sigs/network-policy-api
 * (`apis/v1alpha2/clusternetworkpolicy_types.go`): Admin tier, then NetworkPolicies, then Baseline tier; in a tier
 * lower `priority` first and a policy's rules in order; the first matching rule decides; Pass skips the rest of its
 * tier; traffic no tier decides is allowed (the Kubernetes default).
 */

export type ClusterKind = 'ClusterNetworkPolicy' | 'AdminNetworkPolicy' | 'BaselineAdminNetworkPolicy';
type Dir = 'ingress' | 'egress';

export interface ClusterPolicyFacts {
  readonly kind: ClusterKind;
  readonly tier: 'Admin' | 'Baseline' | undefined;
  readonly priority: number | undefined;
}

/** The tier and priority as written (undefined when missing or not one of the API's values). */
export function clusterPolicyFacts(kind: ClusterKind, value: Readonly<Record<string, unknown>>): ClusterPolicyFacts {
  const spec = isRecord(value.spec) ? value.spec : {};
  const tier =
    kind === 'AdminNetworkPolicy'
      ? 'Admin'
      : kind === 'BaselineAdminNetworkPolicy'
        ? 'Baseline'
        : spec.tier === 'Admin' || spec.tier === 'Baseline'
          ? spec.tier
          : undefined;
  const priority = kind !== 'BaselineAdminNetworkPolicy' && typeof spec.priority === 'number' ? spec.priority : undefined;
  return { kind, tier, priority };
}

/** `Admin tier, priority 10` / `Baseline tier (BaselineAdminNetworkPolicy: one per cluster)`. */
export function tierHeading(facts: ClusterPolicyFacts): string {
  if (facts.tier === undefined) return 'Tier not set to Admin or Baseline';
  if (facts.kind === 'BaselineAdminNetworkPolicy') return 'Baseline tier (the one BaselineAdminNetworkPolicy of the cluster)';
  return `${facts.tier} tier, priority ${facts.priority ?? '(missing)'}`;
}

/** Where the policy stands in the evaluation order. */
export function describeTierPlace(facts: ClusterPolicyFacts): string {
  const heading = `**${tierHeading(facts)}**`;
  if (facts.tier === 'Admin') {
    const order =
      facts.kind === 'AdminNetworkPolicy'
        ? `among AdminNetworkPolicies, lower priority first (${facts.priority ?? '?'} of 0..1000)`
        : `among Admin-tier ClusterNetworkPolicies, lower priority first (${facts.priority ?? '?'} of 0..1000)`;
    return `${heading}: evaluated before every NetworkPolicy and before the Baseline tier; ${order}, and this policy's rules in the order written. The first rule that matches decides: Accept and Deny are final, nothing a NetworkPolicy says can change them; Pass hands the traffic to the NetworkPolicies of the namespace.`;
  }
  if (facts.tier === 'Baseline') {
    const order =
      facts.kind === 'BaselineAdminNetworkPolicy'
        ? 'its rules in the order written'
        : `lower priority first (${facts.priority ?? '?'} of 0..1000), this policy's rules in the order written`;
    return `${heading}: evaluated last, after the NetworkPolicies, and only for traffic of pods that no NetworkPolicy isolates in that direction (a NetworkPolicy selecting the pod overrides it); ${order}. The first rule that matches decides; traffic no tier decides is allowed (the Kubernetes default).`;
  }
  return `${heading}: the API server refuses the policy (\`tier\` must be Admin or Baseline); it is evaluated here as Admin.`;
}

/** What an action does in this tier. */
export function describeAction(facts: ClusterPolicyFacts, action: unknown, direction: Dir): string {
  const where = tierHeading(facts);
  switch (action) {
    case 'Accept':
    case 'Allow': {
      const base = `**${String(action)}** (${where}): the traffic this rule matches is allowed`;
      const later = facts.tier === 'Baseline' ? 'no later Baseline rule is consulted' : 'no later cluster policy rule and no NetworkPolicy is consulted';
      const ingressNote = direction === 'egress' ? "; the destination pod's ingress policies still apply" : '';
      return `${base}: ${later}${ingressNote}.`;
    }
    case 'Deny': {
      const later = facts.tier === 'Baseline' ? 'no later Baseline rule is consulted' : 'no later rule and no NetworkPolicy can allow it';
      return `**Deny** (${where}): the traffic this rule matches is dropped: ${later}.`;
    }
    case 'Pass':
      return facts.tier === 'Baseline'
        ? `**Pass** (${where}): skips the rest of the Baseline tier, and there is no tier after it: the traffic gets the Kubernetes default, allowed (as with Accept).`
        : `**Pass** (${where}): skips the rest of the Admin tier and hands this traffic to the NetworkPolicies of the namespace; if none selects the pod in this direction, the Baseline tier decides, and then the default (allowed).`;
    default:
      return `**${String(action)}** is not an action of ${facts.kind}: the API server refuses it (evaluated here as Deny).`;
  }
}

/** The pods the policy applies to, from `spec.subject`. */
export function describeSubject(subject: unknown): string {
  if (!isRecord(subject)) return 'no pod (a subject names `namespaces` or `pods`)';
  if (isRecord(subject.namespaces)) {
    const namespaces = describeSelector(subject.namespaces, 'namespaces');
    return namespaces === 'all namespaces' ? 'every pod of every namespace' : `every pod in ${namespaces}`;
  }
  if (isRecord(subject.pods))
    return `${describeSelector(subject.pods.podSelector, 'pods')} **in** ${describeSelector(subject.pods.namespaceSelector, 'namespaces')}`;
  return 'no pod (a subject names `namespaces` or `pods`)';
}

/** One `from`/`to` peer of a cluster policy rule. */
export function describeClusterPeer(peer: unknown): string {
  if (!isRecord(peer)) return 'nothing (not a peer)';
  if (isRecord(peer.namespaces)) {
    const namespaces = describeSelector(peer.namespaces, 'namespaces');
    return namespaces === 'all namespaces' ? 'every pod of every namespace' : `every pod in ${namespaces}`;
  }
  if (isRecord(peer.pods)) return `${describeSelector(peer.pods.podSelector, 'pods')} **in** ${describeSelector(peer.pods.namespaceSelector, 'namespaces')}`;
  if (Array.isArray(peer.networks)) {
    const nets = peer.networks.map((text) => {
      const range = typeof text === 'string' ? describeCidrRange(text) : undefined;
      return range ? `\`${String(text)}\` (${range})` : `\`${String(text)}\``;
    });
    return `the addresses of ${nets.join(', ')} — pod and node addresses in these ranges too (networks also match cluster-internal traffic)`;
  }
  if (isRecord(peer.nodes)) {
    const conditions = describeSelectorConditions(peer.nodes);
    const nodes = conditions === '' ? 'all nodes' : `nodes ${conditions}`;
    return `the addresses of ${nodes} (their \`status.addresses\`)`;
  }
  if (Array.isArray(peer.domainNames))
    return `the addresses ${peer.domainNames.map((name) => `\`${String(name)}\``).join(', ')} resolve to (depends on DNS: not evaluated from manifests)`;
  return 'no known field: an Accept rule matches nothing, a Deny or Pass rule everything (fail closed)';
}

/** One port entry: v1alpha2 `protocols` or v1alpha1 `ports`. */
export function describeClusterPort(entry: unknown): string {
  if (!isRecord(entry)) return '?';
  if (typeof entry.destinationNamedPort === 'string') return `the destination's port named "${entry.destinationNamedPort}"`;
  if (typeof entry.namedPort === 'string') return `the destination's port named "${entry.namedPort}"`;
  for (const key of ['tcp', 'udp', 'sctp']) {
    const attributes = entry[key];
    if (!isRecord(attributes)) continue;
    const protocol = key.toUpperCase();
    const destination = isRecord(attributes.destinationPort) ? attributes.destinationPort : undefined;
    if (!destination) return `all ${protocol} ports`;
    if (isRecord(destination.range)) return `${protocol} ${String(destination.range.start)}-${String(destination.range.end)}`;
    return `${protocol} ${String(destination.number)}`;
  }
  if (isRecord(entry.portNumber))
    return `${typeof entry.portNumber.protocol === 'string' ? entry.portNumber.protocol : 'TCP'} ${String(entry.portNumber.port)}`;
  if (isRecord(entry.portRange)) {
    return `${typeof entry.portRange.protocol === 'string' ? entry.portRange.protocol : 'TCP'} ${String(entry.portRange.start)}-${String(entry.portRange.end)}`;
  }
  return 'no known field: matches no traffic';
}

function joinOr(parts: readonly string[]): string {
  if (parts.length <= 1) return parts.join('');
  return `${parts.slice(0, -1).join(', ')} **or** ${parts[parts.length - 1]}`;
}

/** A whole rule: `Deny TCP 80 to every pod in ... (rule 2 of egress, evaluated after rule 1)`. */
export function describeClusterRule(kind: ClusterKind, rule: unknown, direction: Dir): string {
  const record = isRecord(rule) ? rule : {};
  const portList = kind === 'ClusterNetworkPolicy' ? record.protocols : record.ports;
  const ports = Array.isArray(portList) && portList.length > 0 ? joinOr(portList.map(describeClusterPort)) : 'all ports';
  const peers = record[direction === 'ingress' ? 'from' : 'to'];
  const who = Array.isArray(peers) && peers.length > 0 ? joinOr(peers.map(describeClusterPeer)) : 'nothing (a rule must list its peers)';
  return `${typeof record.action === 'string' ? record.action : '(no action)'} ${ports} ${direction === 'ingress' ? 'from' : 'to'} ${who}`;
}
