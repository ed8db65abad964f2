import type { Issue } from '../findings';
import type { PolicyLint } from './policyLint';
import { DIRECTIONS, hasRules, policyTypeOf, specOf, validPolicyTypes } from './policyShape';

/**
 * `policytypes.rules-ignored`: rules of a direction that `policyTypes` does not name. The API server keeps them,
 * but a policy affects only the directions in its `policyTypes`: the rules do nothing, and that direction of the
 * selected pods stays unrestricted by this policy.
 */
export const rulesIgnoredByPolicyTypes: PolicyLint = {
  codes: ['policytypes.rules-ignored'],
  check(manifest) {
    const spec = specOf(manifest);
    // Absent or empty policyTypes is defaulted to cover every direction with rules; invalid ones are rejected.
    const types = spec && validPolicyTypes(spec);
    if (!spec || !types || types.length === 0) return [];
    const issues: Issue[] = [];
    for (const direction of DIRECTIONS) {
      const type = policyTypeOf(direction);
      if (!hasRules(spec, direction) || types.includes(type)) continue;
      const listed = [...new Set(types)].join(' and ');
      issues.push({
        code: 'policytypes.rules-ignored',
        message:
          `These ${direction} rules do nothing: policyTypes lists only ${listed}, so this policy does not restrict ` +
          `${direction} at all. Add ${type} to policyTypes, or remove the ${direction} rules.`,
        path: ['spec', direction],
        onKey: true,
      });
    }
    return issues;
  },
};
