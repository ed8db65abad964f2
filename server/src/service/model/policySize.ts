import { isRecord } from './manifest';

/**
 * Rules (ingress and egress together) a NetworkPolicy may have and still be analysed. A policy over it gets one
 * `policy.too-many-rules` finding and is left out of the rest: validation, lints, the outline's rule entries, the
 * cluster model (reachability, CodeLens, hovers' workload counts). Real policies have tens of rules, generated
 * ones hundreds; the API server stores an object of at most about 1.5 MB (etcd), which 10,000 small rules reach.
 */
export const MAX_POLICY_RULES = 10_000;

/** The number of items of `spec.ingress` and `spec.egress` (lists only; anything else counts nothing). */
export function policyRuleCount(policy: unknown): number {
  const spec = isRecord(policy) ? policy.spec : undefined;
  if (!isRecord(spec)) return 0;
  return (Array.isArray(spec.ingress) ? spec.ingress.length : 0) + (Array.isArray(spec.egress) ? spec.egress.length : 0);
}

/** True when a NetworkPolicy has more rules than {@link MAX_POLICY_RULES}: it is not analysed. */
export function hasTooManyRules(policy: unknown): boolean {
  return policyRuleCount(policy) > MAX_POLICY_RULES;
}

/** The direction with more rules: where the `policy.too-many-rules` finding is shown. */
export function largerDirection(policy: unknown): 'ingress' | 'egress' {
  const spec = isRecord(policy) && isRecord(policy.spec) ? policy.spec : {};
  const count = (value: unknown) => (Array.isArray(value) ? value.length : 0);
  return count(spec.egress) > count(spec.ingress) ? 'egress' : 'ingress';
}

/** The message of `policy.too-many-rules`. */
export function tooManyRulesMessage(policy: unknown): string {
  const count = policyRuleCount(policy);
  return `This policy has ${count.toLocaleString('en-US')} rules, more than the ${MAX_POLICY_RULES.toLocaleString('en-US')} this extension analyses: it was not validated, linted or put in the reachability model. Real policies have tens of rules; the API server would likely refuse one this large (etcd stores objects of at most about 1.5 MB).`;
}
