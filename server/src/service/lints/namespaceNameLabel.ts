import { NAMESPACE_NAME_LABEL } from '../cluster/clusterModel';
import { mapKey, type FieldPath } from '../fieldPath';
import type { Issue } from '../findings';
import { isNetworkPolicyKind, isRecord, NETWORK_POLICY_API_VERSION } from '../model/manifest';
import { isDns1123Label } from '../validation/k8sNames';
import { DIRECTIONS, peersField, peersOf, rulesOf, specOf } from './policyShape';
import type { WorkspaceLint } from './workspaceLint';

const CODE = 'selector.namespace-name-label';

/**
 * Label keys people use for a namespace's name, which Kubernetes does not set (the keys for which
 * `selector.namespace-label-unknown` proposes `kubernetes.io/metadata.name`, and the quick fix writes it).
 */
export const NAME_LIKE_KEYS: ReadonlySet<string> = new Set(['name', 'namespace', 'ns']);

/**
 * The key this rule reports without Namespace manifests: `name`, the classic mistake. `ns` and `namespace` are
 * left out: test harnesses label their namespaces `ns: <name>` on purpose (cyclonus, policy-assistant), and
 * without Namespace manifests nothing tells those apart.
 */
const REPORTED_KEY = 'name';

/**
 * `selector.namespace-name-label`: a namespaceSelector on `name: <namespace>` (in `matchLabels`, or an `In`
 * expression) whose values are namespace names, when the workspace has no
 * `kind: Namespace` to say which labels namespaces have. Kubernetes sets only `kubernetes.io/metadata.name` on
 * every namespace (immutable, GA in 1.22); `name` exists only if someone added it.
 *
 * Only without Namespace manifests: with them, a Namespace that has the label says it is set (nothing to report),
 * and when none has it `selector.namespace-label-unknown` reports the key (a warning, since then the workspace
 * says so). The two never report the same key; both get the quick fix that writes `kubernetes.io/metadata.name`.
 */
export const namespaceNameLabel: WorkspaceLint = {
  codes: [CODE],
  scope: 'cluster',
  check(manifest, { model }) {
    if (!isNetworkPolicyKind(manifest) || manifest.apiVersion !== NETWORK_POLICY_API_VERSION) return [];
    for (const namespace of model.namespaces.values()) if (namespace.declared) return [];
    const spec = specOf(manifest);
    if (!spec) return [];
    const issues: Issue[] = [];
    for (const direction of DIRECTIONS) {
      const field = peersField(direction);
      for (const { rule, index } of rulesOf(spec, direction)) {
        for (const { peer, index: peerIndex } of peersOf(rule, direction) ?? []) {
          const selector = peer.namespaceSelector;
          if (!isRecord(selector)) continue;
          const base: FieldPath = ['spec', direction, index, field, peerIndex, 'namespaceSelector'];
          const labels = selector.matchLabels;
          if (isRecord(labels)) {
            for (const [key, value] of Object.entries(labels)) {
              if (key !== REPORTED_KEY || !isNamespaceName(value)) continue;
              issues.push({
                code: CODE,
                message: message(key, `write ${NAMESPACE_NAME_LABEL}: ${value}.`),
                path: [...base, 'matchLabels', mapKey(key)],
                onKey: true,
              });
            }
          }
          const expressions = selector.matchExpressions;
          if (!Array.isArray(expressions)) continue;
          expressions.forEach((expression, expressionIndex) => {
            if (!isRecord(expression) || expression.operator !== 'In' || expression.key !== REPORTED_KEY) return;
            const values = expression.values;
            if (!Array.isArray(values) || values.length === 0 || !values.every(isNamespaceName)) return;
            issues.push({ code: CODE, message: message(REPORTED_KEY, 'use that key.'), path: [...base, 'matchExpressions', expressionIndex, 'key'] });
          });
        }
      }
    }
    return issues;
  },
};

/** A value that can be a namespace's name (a DNS-1123 label): otherwise the label is not used for names. */
function isNamespaceName(value: unknown): value is string {
  return typeof value === 'string' && isDns1123Label(value).length === 0;
}

function message(key: string, proposal: string): string {
  return (
    `Kubernetes does not set the label ${JSON.stringify(key)} on namespaces: unless it is added by hand, this namespaceSelector matches no namespace. ` +
    `Every namespace has its name in ${NAMESPACE_NAME_LABEL}: ${proposal}`
  );
}
