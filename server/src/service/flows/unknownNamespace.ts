import { NAMESPACE_NAME_LABEL, type ClusterModel } from '../cluster/clusterModel';
import { isEmptySelector, selectorProblem, type LabelSelector } from '../cluster/labelSelector';
import type { PolicyPeer, PolicyRule } from '../cluster/networkPolicy';
import { ALL_PORTS, allPortsOf, NO_PORTS, portRange, unionPortSets, type PortSet } from '../reachability/portSet';

/**
 * `any-namespace`: a pod in a namespace the workspace does not mention (neither declares nor puts anything in),
 * with labels we do not know, and a namespace whose labels we do not know beyond the `kubernetes.io/metadata.name`
 * the API server sets. Two readings, one per expectation:
 *
 * - `some` (for `expect: deny`): could SOME such pod be allowed? A peer can match one when its `namespaceSelector`
 *   is satisfiable by a namespace other than the workspace's (`{}`, `team: x`, `name NotIn [...]`, but not
 *   `kubernetes.io/metadata.name In [shop]` when shop is the workspace's) and its `podSelector` is satisfiable.
 * - `every` (for `expect: allow`): is EVERY such pod allowed? Only a peer that matches whatever the labels are:
 *   `namespaceSelector: {}` with an empty or absent `podSelector` (or a rule without peers). Conservative: two peers
 *   that together cover every label set (`team In [a]` and `team NotIn [a]`) are not recognised.
 *
 * A peer without `namespaceSelector` is the policy's own namespace, never an unknown one; an ipBlock is never
 * matched (a pod's address is not known, as for the workspace's own workloads). The unknown namespace has no
 * policies of the workspace: its pods are not isolated.
 */
export type Reading = 'some' | 'every';

/** Whether some label set satisfies the selector (`reserved`: the values the name label may not take). */
export function selectorSatisfiable(selector: LabelSelector, reserved?: { readonly key: string; readonly values: ReadonlySet<string> }): boolean {
  if (selectorProblem(selector) !== undefined) return false;
  const keys = new Set<string>([...Object.keys(selector.matchLabels), ...selector.matchExpressions.map((r) => r.key)]);
  if (reserved) keys.add(reserved.key);
  for (const key of keys) {
    let candidates: Set<string> | undefined;
    const excluded = new Set<string>(reserved && reserved.key === key ? reserved.values : []);
    let mustExist = reserved?.key === key;
    let mustNotExist = false;
    const restrict = (values: readonly string[]): void => {
      candidates = new Set(candidates ? values.filter((v) => candidates!.has(v)) : values);
    };
    if (Object.prototype.hasOwnProperty.call(selector.matchLabels, key)) {
      restrict([selector.matchLabels[key]]);
      mustExist = true;
    }
    for (const requirement of selector.matchExpressions) {
      if (requirement.key !== key) continue;
      if (requirement.operator === 'In') {
        restrict(requirement.values);
        mustExist = true;
      } else if (requirement.operator === 'NotIn') requirement.values.forEach((v) => excluded.add(v));
      else if (requirement.operator === 'Exists') mustExist = true;
      else mustNotExist = true;
    }
    if (mustExist && mustNotExist) return false;
    if (candidates && [...candidates].every((value) => excluded.has(value))) return false;
  }
  return true;
}

/** Whether a peer matches some (or every) pod of an unknown namespace. */
export function peerMatchesUnknown(peer: PolicyPeer, reading: Reading, knownNamespaces: ReadonlySet<string>): boolean {
  if (peer.kind !== 'pods' || peer.namespaceSelector === undefined) return false;
  if (reading === 'every') return isEmptySelector(peer.namespaceSelector) && (peer.podSelector === undefined || isEmptySelector(peer.podSelector));
  return (
    selectorSatisfiable(peer.namespaceSelector, { key: NAMESPACE_NAME_LABEL, values: knownNamespaces }) &&
    (peer.podSelector === undefined || selectorSatisfiable(peer.podSelector))
  );
}

/** The first peer of a rule that matches an unknown pod, `all` for a rule without peers, or -1. */
export function ruleMatchesUnknown(rule: PolicyRule, reading: Reading, knownNamespaces: ReadonlySet<string>): number | 'all' {
  if (rule.peers === undefined) return 'all';
  for (const peer of rule.peers) if (peerMatchesUnknown(peer, reading, knownNamespaces)) return peer.index;
  return -1;
}

/**
 * The ports an egress rule allows toward a pod whose container ports are unknown: numeric entries as written; a
 * named entry may resolve to any port of its protocol (`some`), or cannot be counted on (`every`).
 */
export function rulePortsToUnknown(rule: PolicyRule, reading: Reading): PortSet {
  if (rule.ports === undefined) return ALL_PORTS;
  let out = NO_PORTS;
  for (const entry of rule.ports) {
    if (entry.port === undefined) out = unionPortSets(out, allPortsOf(entry.protocol));
    else if (typeof entry.port === 'number') out = unionPortSets(out, portRange(entry.protocol, entry.port, entry.endPort ?? entry.port));
    else if (reading === 'some') out = unionPortSets(out, allPortsOf(entry.protocol));
  }
  return out;
}

export function knownNamespacesOf(model: ClusterModel): ReadonlySet<string> {
  return new Set(model.namespaces.keys());
}
