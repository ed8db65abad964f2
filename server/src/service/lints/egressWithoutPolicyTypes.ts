import type { PolicyLint } from './policyLint';
import { hasRules, specOf } from './policyShape';

/**
 * `policytypes.egress-without-policytypes`: egress rules, no `policyTypes` and no `ingress`. The API server
 * defaults an absent (or empty) `policyTypes` to `[Ingress]`, plus `Egress` when there are egress rules
 * (SetDefaults_NetworkPolicy): every policy isolates its pods for ingress. With no ingress rules, such a policy
 * allows the selected pods no ingress (all of it is denied unless another policy allows it), which a policy
 * written only about egress rarely means.
 */
export const egressWithoutPolicyTypes: PolicyLint = {
  codes: ['policytypes.egress-without-policytypes'],
  check(manifest) {
    const spec = specOf(manifest);
    if (!spec || !hasRules(spec, 'egress')) return [];
    const types = spec.policyTypes;
    if (!(types === undefined || types === null || (Array.isArray(types) && types.length === 0))) return [];
    // `ingress: []` written out is a deliberate "deny all ingress"; only an absent ingress is suspicious.
    if (spec.ingress !== undefined && spec.ingress !== null) return [];
    return [
      {
        code: 'policytypes.egress-without-policytypes',
        message:
          'Without policyTypes, this policy gets policyTypes [Ingress, Egress]: it also isolates the selected pods ' +
          'for ingress and, having no ingress rules, allows them none (all their ingress is denied unless another ' +
          'policy allows it). Write policyTypes: [Egress] to leave ingress alone, or [Ingress, Egress] if denying ' +
          'ingress is meant.',
        path: ['spec', 'egress'],
        onKey: true,
      },
    ];
  },
};
