import { NAMESPACE_NAME_LABEL } from '../cluster/clusterModel';
import { mapKey, type FieldPath } from '../fieldPath';
import type { Issue } from '../findings';
import { clusterQueries } from '../cluster/clusterQueries';
import { isValidSelector, policySpecOf } from './lintHelpers';
import type { WorkspaceLint } from './workspaceLint';

const CODE = 'selector.namespace-label-unknown';

/** Label keys people use for a namespace's name, which Kubernetes does not set. */
const NAME_LIKE_KEYS = new Set(['name', 'namespace', 'ns']);

/**
 * `selector.namespace-label-unknown`: a namespaceSelector that requires a label key (in `matchLabels`, or an `In`
 * or `Exists` expression) that no `kind: Namespace` of the workspace has. The classic case is `name: kube-system`:
 * the API server labels every namespace `kubernetes.io/metadata.name: <name>` (GA in 1.22), and nothing sets
 * `name`. Only when the workspace declares Namespaces: without them their labels are unknown.
 */
export const namespaceLabelUnknown: WorkspaceLint = {
  codes: [CODE],
  scope: 'cluster',
  check(manifest, { model }) {
    const spec = policySpecOf(manifest, model.defaultNamespace);
    const known = clusterQueries(model).declaredNamespaceLabelKeys;
    if (!spec || !known) return [];
    const issues: Issue[] = [];
    for (const rule of [...spec.ingress, ...spec.egress]) {
      const field = rule.direction === 'ingress' ? 'from' : 'to';
      for (const peer of rule.peers ?? []) {
        const selector = peer.kind === 'pods' ? peer.namespaceSelector : undefined;
        if (!selector || !isValidSelector(selector)) continue;
        const base: FieldPath = ['spec', rule.direction, rule.index, field, peer.index, 'namespaceSelector'];
        for (const [key, value] of Object.entries(selector.matchLabels)) {
          if (known.has(key)) continue;
          const path = [...base, 'matchLabels', mapKey(key)];
          issues.push({ code: CODE, message: message(key, value, model.namespaces.has(value)), path, onKey: true });
        }
        selector.matchExpressions.forEach((requirement, index) => {
          if ((requirement.operator !== 'In' && requirement.operator !== 'Exists') || known.has(requirement.key)) return;
          const value = requirement.operator === 'In' && requirement.values.length === 1 ? requirement.values[0] : undefined;
          issues.push({
            code: CODE,
            message: message(requirement.key, value, value !== undefined && model.namespaces.has(value)),
            path: [...base, 'matchExpressions', index, 'key'],
          });
        });
      }
    }
    return issues;
  },
};

function message(key: string, value: string | undefined, valueIsNamespace: boolean): string {
  const head = `No Namespace in the workspace has the label ${JSON.stringify(key)}: this namespaceSelector matches none of them.`;
  if (value !== undefined && (valueIsNamespace || NAME_LIKE_KEYS.has(key))) {
    return `${head} Kubernetes labels every namespace with its name: write ${NAMESPACE_NAME_LABEL}: ${value}.`;
  }
  if (NAME_LIKE_KEYS.has(key)) return `${head} Kubernetes labels every namespace with its name as ${NAMESPACE_NAME_LABEL}.`;
  return head;
}
