import type { Issue } from '../findings';
import type { PolicyLint } from './policyLint';
import { DIRECTIONS, isDirectionInEffect, matchesAllPeers, matchesAllPorts, peersField, rulesOf, specOf } from './policyShape';

/**
 * `rules.allow-all`: a rule with no peers and no ports, such as `ingress: [{}]`. It matches every peer on every
 * port, so the selected pods get all traffic in that direction whatever else the policies say. That is the way to
 * write "allow all", and also what `- {}` or `- from: []` gives when "deny all" was meant (`ingress: []`).
 */
export const allowAllRule: PolicyLint = {
  codes: ['rules.allow-all'],
  check(manifest) {
    const spec = specOf(manifest);
    if (!spec) return [];
    const issues: Issue[] = [];
    for (const direction of DIRECTIONS) {
      if (!isDirectionInEffect(spec, direction)) continue;
      const field = peersField(direction);
      for (const { rule, path } of rulesOf(spec, direction)) {
        if (!matchesAllPeers(rule, direction) || !matchesAllPorts(rule)) continue;
        const explicitEmpty = Array.isArray(rule[field]);
        issues.push({
          code: 'rules.allow-all',
          message:
            `This rule allows all ${direction} ${direction === 'ingress' ? 'to' : 'from'} the selected pods: ` +
            (explicitEmpty ? `\`${field}: []\` matches everyone, like no \`${field}\`,` : `it has no \`${field}\``) +
            ` and no ports. To deny all ${direction} instead, write \`${direction}: []\`` +
            ` with ${direction === 'ingress' ? 'Ingress' : 'Egress'} in policyTypes.`,
          path,
        });
      }
    }
    return issues;
  },
};
