import type { Issue } from '../findings';
import { cidrContains, parseCanonicalCidr, type CidrRange } from './cidrRange';
import type { PolicyLint } from './policyLint';
import { DIRECTIONS, ipBlockOf, peersField, peersOf, rulesOf, specOf } from './policyShape';

/** More entries than this in one `except` are not compared pairwise (no real policy has them). */
const MAX_EXCEPT_ENTRIES = 256;

/**
 * `ipblock.except-overlap`: two `except` entries of one ipBlock where one covers the other. CIDRs either nest or
 * are disjoint, so an overlap means the narrower entry (or the second of two equal ones) excludes nothing the
 * other does not: it can go. Often it is a typo for a range that was meant to be excluded too.
 */
export const exceptOverlap: PolicyLint = {
  codes: ['ipblock.except-overlap'],
  check(manifest) {
    const spec = specOf(manifest);
    if (!spec) return [];
    const issues: Issue[] = [];
    for (const direction of DIRECTIONS) {
      const field = peersField(direction);
      for (const { rule, path } of rulesOf(spec, direction)) {
        for (const { peer, index } of peersOf(rule, direction) ?? []) {
          const ipBlock = ipBlockOf(peer);
          if (!ipBlock || !Array.isArray(ipBlock.except) || ipBlock.except.length > MAX_EXCEPT_ENTRIES) continue;
          const exceptPath = [...path, field, index, 'ipBlock', 'except'];
          const ranges: (CidrRange | undefined)[] = ipBlock.except.map(parseCanonicalCidr);
          const reported = new Set<number>();
          for (let j = 0; j < ranges.length; j++) {
            for (let k = j + 1; k < ranges.length; k++) {
              const a = ranges[j];
              const b = ranges[k];
              if (!a || !b || reported.has(j) || reported.has(k)) continue;
              // Report the entry that adds nothing: the narrower one, or the later of two equal ones.
              const [kept, redundant] = cidrContains(a, b) ? [j, k] : cidrContains(b, a) ? [k, j] : [-1, -1];
              if (kept < 0) continue;
              reported.add(redundant);
              const keptText = String(ipBlock.except[kept]);
              const redundantText = String(ipBlock.except[redundant]);
              const same = a.first === b.first && a.last === b.last;
              issues.push({
                code: 'ipblock.except-overlap',
                message: !same
                  ? `except ${keptText} already covers ${redundantText}: remove this entry, or fix it if another range was meant.`
                  : keptText === redundantText
                    ? `${redundantText} is already in except: remove this entry.`
                    : `${redundantText} is the same range as ${keptText}, already in except: remove this entry.`,
                path: [...exceptPath, redundant],
              });
            }
          }
        }
      }
    }
    return issues;
  },
};
