import type { Issue } from '../findings';
import { isRecord } from '../model/manifest';
import type { PolicyLint } from './policyLint';
import { deepEqual, DIRECTIONS, isDirectionInEffect, rulesOf, setKeys, specOf } from './policyShape';

/** Policies with more rules than this in one direction are not compared pairwise. */
const MAX_RULES = 500;

/**
 * `rules.duplicate`: a rule equal to an earlier rule of the same direction. Rules are ORed, so the copy changes
 * nothing; usually it was pasted to be edited (another peer, another port) and the edit was forgotten.
 */
export const duplicateRules: PolicyLint = {
  codes: ['rules.duplicate'],
  check(manifest) {
    const spec = specOf(manifest);
    if (!spec) return [];
    const issues: Issue[] = [];
    for (const direction of DIRECTIONS) {
      if (!isDirectionInEffect(spec, direction)) continue;
      const rules = rulesOf(spec, direction);
      if (rules.length > MAX_RULES) continue;
      const stored = rules.map(({ rule }) => withDefaultProtocol(rule));
      for (let j = 1; j < rules.length; j++) {
        const at = stored.findIndex((candidate, i) => i < j && deepEqual(candidate, stored[j]));
        if (at === -1) continue;
        const earlier = rules[at];
        const { rule, path } = rules[j];
        const firstKey = setKeys(rule)[0];
        const how = deepEqual(earlier.rule, rule) ? 'exactly' : 'as the API server stores it (a port without protocol is TCP)';
        issues.push({
          code: 'rules.duplicate',
          message: `This ${direction} rule repeats rule ${earlier.index} (spec.${direction}[${earlier.index}]) ${how}, which changes nothing: remove it, or change what was meant to differ.`,
          path,
          ...(firstKey === undefined ? {} : { at: [...path, firstKey], onKey: true }),
        });
      }
    }
    return issues;
  },
};

/** The rule with `protocol: TCP` on each port entry that leaves it out: the API server's default. */
function withDefaultProtocol(rule: unknown): unknown {
  if (!isRecord(rule) || !Array.isArray(rule.ports)) return rule;
  return { ...rule, ports: rule.ports.map((entry) => (isRecord(entry) && entry.protocol === undefined ? { ...entry, protocol: 'TCP' } : entry)) };
}
