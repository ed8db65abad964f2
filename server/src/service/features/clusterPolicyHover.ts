import {
  clusterPolicyFacts,
  describeAction,
  describeClusterPeer,
  describeClusterPort,
  describeClusterRule,
  describeSubject,
  describeTierPlace,
  tierHeading,
  type ClusterKind,
} from '../explain/describeClusterPolicy';
import type { FieldPath } from '../fieldPath';
import { isRecord, type Manifest } from '../model/manifest';

/**
 * Hovers on ClusterNetworkPolicy, AdminNetworkPolicy and BaselineAdminNetworkPolicy: the tier model in the
 * concrete case, on `tier`, `priority`, `subject`, a rule, its `action`, a peer and a port entry.
 */
export function explainClusterPolicyAt(policy: Manifest, kind: ClusterKind, path: FieldPath): string[] {
  const facts = clusterPolicyFacts(kind, policy.value);
  const spec = isRecord(policy.value.spec) ? policy.value.spec : {};
  const [first, second, ruleIndex, fourth, fifth] = path;
  if (path.length === 1 && (first === 'kind' || first === 'apiVersion')) return [describeTierPlace(facts)];
  if (first !== 'spec') return [];
  if (path.length === 1 || second === 'tier' || second === 'priority') return [describeTierPlace(facts)];
  if (second === 'subject') {
    return [`**Subject**: this policy applies to ${describeSubject(spec.subject)} (host-network pods excepted).\n\n${describeTierPlace(facts)}`];
  }
  if ((second === 'ingress' || second === 'egress') && typeof ruleIndex === 'number') {
    const direction = second;
    const rules = Array.isArray(spec[direction]) ? (spec[direction] as unknown[]) : [];
    const rule = isRecord(rules[ruleIndex]) ? (rules[ruleIndex] as Record<string, unknown>) : {};
    const place = `${direction === 'ingress' ? 'Ingress' : 'Egress'} rule ${ruleIndex + 1} of ${rules.length}${typeof rule.name === 'string' ? ` (\`${rule.name}\`)` : ''}`;
    const order =
      ruleIndex === 0
        ? 'the first rule of this policy'
        : `evaluated after rule${ruleIndex > 1 ? 's' : ''} 1${ruleIndex > 1 ? `-${ruleIndex}` : ''} of this policy, only for traffic ${ruleIndex > 1 ? 'they do' : 'it does'} not match`;
    if (fourth === 'action') return [`${describeAction(facts, rule.action, direction)}\n\n${place}: ${order}.`];
    const peerField = direction === 'ingress' ? 'from' : 'to';
    if (fourth === peerField && typeof fifth === 'number') {
      const peers = Array.isArray(rule[peerField]) ? (rule[peerField] as unknown[]) : [];
      const preposition = direction === 'ingress' ? 'from' : 'to';
      let text = `**Peer ${fifth + 1} of ${peers.length}**: ${describeClusterPeer(peers[fifth])}.`;
      if (peers.length > 1) text += `\n\nPeers are ORed: the rule matches traffic ${preposition} any of them.`;
      return [`${text}\n\n${place}, ${String(rule.action ?? '(no action)')}: ${tierHeading(facts)}.`];
    }
    if ((fourth === 'protocols' || fourth === 'ports') && typeof fifth === 'number') {
      const entries = Array.isArray(rule[fourth]) ? (rule[fourth] as unknown[]) : [];
      return [`**Port entry ${fifth + 1} of ${entries.length}**: ${describeClusterPort(entries[fifth])}. Entries are ORed.`];
    }
    return [`**${place}**: ${describeClusterRule(kind, rule, direction)}.\n\nIn the ${tierHeading(facts)}: ${order}; the first matching rule decides.`];
  }
  return [];
}
