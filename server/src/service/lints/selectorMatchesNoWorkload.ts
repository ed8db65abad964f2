import type { LabelSelector } from '../cluster/labelSelector';
import type { PodsPeer, PolicySpec } from '../cluster/networkPolicy';
import type { FieldPath } from '../fieldPath';
import type { Issue } from '../findings';
import { clusterQueries, type ClusterQueries } from '../cluster/clusterQueries';
import { isValidSelector, listNames, policySpecOf, selectorText } from './lintHelpers';
import type { WorkspaceLint } from './workspaceLint';

const CODE = 'selector.matches-no-workload';

/**
 * `selector.matches-no-workload`: a `spec.podSelector` that selects no workload, or a pod peer that matches none,
 * in a namespace the workspace describes completely (see `ClusterQueries.isComplete`): a typo in a label, or a label
 * the workloads do not carry. Such a policy applies to no pod; such a peer allows nothing. Silent when the
 * workspace has no workloads, or the namespace's pods may be defined elsewhere.
 */
export const selectorMatchesNoWorkload: WorkspaceLint = {
  codes: [CODE],
  scope: 'cluster',
  check(manifest, { model }) {
    const spec = policySpecOf(manifest, model.defaultNamespace);
    const view = clusterQueries(model);
    if (!spec || !view.hasWorkloads) return [];
    const issues: Issue[] = [];
    const selected = view.describedSelection(spec, manifest.uri);
    if (selected && selected.length === 0 && isValidSelector(spec.podSelector)) {
      issues.push({
        code: CODE,
        message: `No workload in ${spec.namespace} matches podSelector ${selectorText(spec.podSelector)}: the policy applies to no pod.${labelHint(view, spec.namespace, spec.podSelector)}`,
        path: ['spec', 'podSelector'],
      });
    }
    for (const rule of [...spec.ingress, ...spec.egress]) {
      const field = rule.direction === 'ingress' ? 'from' : 'to';
      for (const peer of rule.peers ?? []) {
        if (peer.kind !== 'pods' || !isValid(peer)) continue;
        const matched = view.describedPeerWorkloads(peer, spec.namespace, manifest.uri);
        if (!matched || matched.length > 0) continue;
        const path: FieldPath = ['spec', rule.direction, rule.index, field, peer.index];
        issues.push({
          code: CODE,
          message: peerMessage(peer, spec, rule.direction, view),
          path: peer.podSelector ? [...path, 'podSelector'] : [...path, 'namespaceSelector'],
        });
      }
    }
    return issues;
  },
};

function isValid(peer: PodsPeer): boolean {
  return (!peer.podSelector || isValidSelector(peer.podSelector)) && (!peer.namespaceSelector || isValidSelector(peer.namespaceSelector));
}

function peerMessage(peer: PodsPeer, spec: PolicySpec, direction: 'ingress' | 'egress', view: ClusterQueries): string {
  const what = [
    ...(peer.namespaceSelector ? [`namespaceSelector ${selectorText(peer.namespaceSelector)}`] : []),
    ...(peer.podSelector ? [`podSelector ${selectorText(peer.podSelector)}`] : []),
  ].join(' and ');
  const where = peer.namespaceSelector ? 'the namespaces it selects' : spec.namespace;
  const effect = direction === 'ingress' ? 'this peer allows traffic from no pod' : 'this peer allows traffic to no pod';
  const namespaces = peer.namespaceSelector ? [] : [spec.namespace];
  const hint = peer.podSelector && namespaces.length === 1 ? labelHint(view, namespaces[0], peer.podSelector) : '';
  return `No workload in ${where} matches ${what}: ${effect}.${hint}`;
}

/**
 * For each label the selector requires, the values the namespace's workloads have (what a typo was probably
 * meant to be), or that none has it.
 */
function labelHint(view: ClusterQueries, namespace: string, selector: LabelSelector): string {
  const keys = [
    ...new Set([
      ...Object.keys(selector.matchLabels),
      ...selector.matchExpressions.filter((r) => r.operator === 'In' || r.operator === 'Exists').map((r) => r.key),
    ]),
  ];
  const parts: string[] = [];
  for (const key of keys.slice(0, 3)) {
    const values = view.workloadLabelValues(namespace, key);
    parts.push(
      values.length === 0
        ? `none has the label ${key}`
        : `${key} is ${listNames(
            values.slice(0, 5).map((v) => JSON.stringify(v)),
            5,
            'or',
            values.length,
          )}`,
    );
  }
  return parts.length === 0 ? '' : ` (Workloads there: ${parts.join('; ')}.)`;
}
