import type { PolicyLint } from './policyLint';
import { hasRules, specOf, validPolicyTypes, type Direction } from './policyShape';

/**
 * `policytypes.duplicate`: the same policy type twice. The API server accepts up to two entries, duplicates
 * included (three or more it rejects, which validation reports), and a repeated type means the same as one.
 * Often the second entry was meant to be the other type.
 */
export const duplicatePolicyTypes: PolicyLint = {
  codes: ['policytypes.duplicate'],
  check(manifest) {
    const spec = specOf(manifest);
    const types = spec && validPolicyTypes(spec);
    if (!spec || !types || types.length !== 2 || types[0] !== types[1]) return [];
    const type = types[0];
    const other = type === 'Ingress' ? 'Egress' : 'Ingress';
    const otherDirection: Direction = other === 'Ingress' ? 'ingress' : 'egress';
    const hint = hasRules(spec, otherDirection)
      ? ` Did you mean [Ingress, Egress]? Without ${other}, the ${otherDirection} rules are ignored.`
      : ` Write policyTypes: [${type}].`;
    return [
      {
        code: 'policytypes.duplicate',
        message: `${type} is listed twice in policyTypes; once means the same.${hint}`,
        path: ['spec', 'policyTypes', 1],
      },
    ];
  },
};
