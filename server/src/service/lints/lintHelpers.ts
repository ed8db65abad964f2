import { isEmptySelector, selectorKey, selectorProblem, type LabelSelector } from '../cluster/labelSelector';
import { NETWORK_POLICY_API_VERSION, readNetworkPolicySpec, type PolicySpec } from '../cluster/networkPolicy';
import { isRecord, type Manifest } from '../model/manifest';
import { isQualifiedName, isValidLabelValue } from '../validation/k8sNames';

/**
 * The interpreted spec of a `networking.k8s.io/v1` NetworkPolicy, read from the object itself (not from the model,
 * which holds only the last definition of a name: a lint whose result depends on the policy alone must not depend
 * on its duplicates); undefined for other objects and for policies the API server could not decode.
 */
export function policySpecOf(manifest: Manifest, defaultNamespace: string): PolicySpec | undefined {
  if (manifest.kind !== 'NetworkPolicy' || manifest.apiVersion !== NETWORK_POLICY_API_VERSION) return undefined;
  // Without a name the API server rejects it, and validation says so: one report per mistake.
  const metadata = manifest.value.metadata;
  if (!isRecord(metadata) || (!metadata.name && !metadata.generateName)) return undefined;
  try {
    return readNetworkPolicySpec(manifest.value, defaultNamespace);
  } catch {
    return undefined;
  }
}

/**
 * A selector the API server accepts: a known operator with the values it takes (`selectorProblem`), and label
 * keys and values of the right form. The lints leave the others to validation (one report per mistake).
 */
export function isValidSelector(selector: LabelSelector): boolean {
  if (selectorProblem(selector)) return false;
  for (const [key, value] of Object.entries(selector.matchLabels)) if (isQualifiedName(key).length > 0 || isValidLabelValue(value).length > 0) return false;
  return selector.matchExpressions.every(
    (requirement) => isQualifiedName(requirement.key).length === 0 && requirement.values.every((value) => isValidLabelValue(value).length === 0),
  );
}

/**
 * Up to `limit` names joined with commas and "and" (or "or"), then "and N more". `total` is how many names there
 * are when `names` holds only the first ones (a caller with thousands need not spell them all).
 */
export function listNames(names: readonly string[], limit = 3, conjunction: 'and' | 'or' = 'and', total = names.length): string {
  const shown = names.slice(0, limit);
  const rest = total - shown.length;
  if (rest > 0) return `${shown.join(', ')} ${conjunction} ${rest} more`;
  if (shown.length <= 1) return shown.join('');
  return `${shown.slice(0, -1).join(', ')} ${conjunction} ${shown[shown.length - 1]}`;
}

/** A selector as kubectl prints it (`app=web,tier in (a,b)`), or `{}` for the empty selector. */
export function selectorText(selector: LabelSelector): string {
  return isEmptySelector(selector) ? '{}' : selectorKey(selector);
}
