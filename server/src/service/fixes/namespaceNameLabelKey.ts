import { isMap, isScalar } from 'yaml';
import { NAMESPACE_NAME_LABEL } from '../cluster/clusterModel';
import { NAME_LIKE_KEYS } from '../lints/namespaceNameLabel';
import { isDns1123Label } from '../validation/k8sNames';
import { findingPath } from './findingPath';
import { mappingAt, offered, PolicyEditor, setDataAt } from './policyEditor';
import type { FixContext, FixProvider, QuickFix } from './quickFix';
import { asEdits, replaceScalarValue } from './yamlEdits';

/**
 * `selector.namespace-name-label`, and `selector.namespace-label-unknown` on the same keys (`name`, `namespace`,
 * `ns`): rewrites the label key of a namespaceSelector to `kubernetes.io/metadata.name`, the label the API server
 * sets on every namespace. Only the key's text changes (its quotes kept); a selector that already has that key
 * is left alone (the result would repeat it). Offered for a `matchLabels` key or an `In` expression's key, and
 * not for `Exists` (which would then match every namespace).
 */
export const namespaceNameLabelKey: FixProvider = {
  codes: ['selector.namespace-name-label', 'selector.namespace-label-unknown'],
  provide(context: FixContext): QuickFix[] {
    const path = findingPath(context.finding);
    if (!path || path.length < 2) return [];
    const editor = new PolicyEditor(context.policy, context.settings);
    const last = path[path.length - 1];
    const parentName = path[path.length - 2];
    if (typeof last === 'object' && parentName === 'matchLabels') {
      const key = last.key;
      const located = editor.find(path);
      const value = editor.value(path);
      if (
        !NAME_LIKE_KEYS.has(key) ||
        typeof value !== 'string' ||
        isDns1123Label(value).length > 0 ||
        !located?.pair ||
        !isMap(located.parent) ||
        !isScalar(located.pair.key)
      )
        return [];
      const labelsPath = path.slice(0, -1);
      return offered(
        editor.propose({
          title: `Select the namespace by ${NAMESPACE_NAME_LABEL}: ${value} (the label Kubernetes sets)`,
          fixes: context.finding,
          isPreferred: true,
          edits: asEdits(replaceScalarValue(editor, located.pair.key, NAMESPACE_NAME_LABEL)),
          expect: (policy) => {
            const labels = mappingAt(policy, labelsPath);
            if (NAMESPACE_NAME_LABEL in labels) throw new Error('the key is already there');
            delete labels[key];
            labels[NAMESPACE_NAME_LABEL] = value;
          },
        }),
      );
    }
    if (last === 'key' && typeof path[path.length - 2] === 'number' && path[path.length - 3] === 'matchExpressions') {
      const key = editor.value(path);
      const expression = editor.value(path.slice(0, -1)) as { operator?: unknown } | undefined;
      const located = editor.find(path);
      if (typeof key !== 'string' || !NAME_LIKE_KEYS.has(key) || expression?.operator !== 'In' || !isScalar(located?.node)) return [];
      return offered(
        editor.propose({
          title: `Select the namespaces by ${NAMESPACE_NAME_LABEL} (the label Kubernetes sets)`,
          fixes: context.finding,
          isPreferred: true,
          edits: asEdits(replaceScalarValue(editor, located.node, NAMESPACE_NAME_LABEL)),
          expect: (policy) => setDataAt(policy, path, NAMESPACE_NAME_LABEL),
        }),
      );
    }
    return [];
  },
};
