import type { Issue } from '../findings';
import type { PolicyLint } from './policyLint';
import { DIRECTIONS, isDirectionInEffect, matchesAllPorts, peersField, rulesOf, specOf } from './policyShape';

/**
 * `peers.empty-list-allows-all`: `from: []` or `to: []`, or the key with no value (`from:`, `from: null`,
 * `from: ~`: what is left after typing `- from:` and forgetting the peers). An empty or null peer list is the same
 * as none: the rule matches every source or destination ("If this field is empty or missing, this rule matches all
 * sources"). Written out, it reads like "no one", which is the opposite of what it does. A rule that also matches
 * every port is reported by `rules.allow-all` instead.
 */
export const emptyPeerList: PolicyLint = {
  codes: ['peers.empty-list-allows-all'],
  check(manifest) {
    const spec = specOf(manifest);
    if (!spec) return [];
    const issues: Issue[] = [];
    for (const direction of DIRECTIONS) {
      if (!isDirectionInEffect(spec, direction)) continue;
      const field = peersField(direction);
      const everyone = direction === 'ingress' ? 'every source' : 'every destination';
      for (const { rule, path } of rulesOf(spec, direction)) {
        const peers = rule[field];
        const isNull = peers === null;
        if (!isNull && (!Array.isArray(peers) || peers.length !== 0)) continue;
        if (matchesAllPorts(rule)) continue;
        issues.push({
          code: 'peers.empty-list-allows-all',
          message:
            `${isNull ? `\`${field}:\` with no peers` : `\`${field}: []\``} matches ${everyone}, like leaving \`${field}\` out: this rule allows its ports ` +
            `${direction === 'ingress' ? 'from' : 'to'} anywhere. To allow them ${direction === 'ingress' ? 'from' : 'to'} ` +
            `no one, remove the rule; otherwise leave \`${field}\` out.`,
          path: [...path, field],
          // `from:` has an empty value, which would be a zero-width range: shown on the key.
          ...(isNull ? { onKey: true } : {}),
        });
      }
    }
    return issues;
  },
};
