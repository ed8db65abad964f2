import type { Issue } from '../findings';
import type { PolicyLint } from './policyLint';
import { DIRECTIONS, isDirectionInEffect, isEmptySelector, peersField, peersOf, rulesOf, setKeys, specOf } from './policyShape';

/**
 * `peers.or-instead-of-and`: a peer with only a namespaceSelector next to a peer with only a podSelector. Each
 * list item is a peer, and a rule matches any of its peers (OR); a namespaceSelector and a podSelector in the same
 * item must both match (AND). The classic slip is a stray `-` before `podSelector`, which turns "these pods in
 * those namespaces" into "every pod in those namespaces, or these pods in the policy's own namespace".
 * Lists with other kinds of peers, and pairs whose podSelector is empty, read as meant and are left alone.
 */
export const orInsteadOfAnd: PolicyLint = {
  codes: ['peers.or-instead-of-and'],
  check(manifest) {
    const spec = specOf(manifest);
    if (!spec) return [];
    const issues: Issue[] = [];
    for (const direction of DIRECTIONS) {
      if (!isDirectionInEffect(spec, direction)) continue;
      const field = peersField(direction);
      for (const { rule, path } of rulesOf(spec, direction)) {
        const peers = peersOf(rule, direction);
        // A list that also holds other kinds of peers (an ipBlock, a peer with both selectors) is a deliberate
        // list of alternatives, as in the example of the Kubernetes documentation: its author knows the forms.
        if (!peers || !peers.every(({ peer }) => soleSelector(peer) !== undefined)) continue;
        for (let i = 0; i + 1 < peers.length; i++) {
          const first = peers[i];
          const second = peers[i + 1];
          if (second.index !== first.index + 1) continue;
          const firstKind = soleSelector(first.peer);
          const secondKind = soleSelector(second.peer);
          if (!firstKind || !secondKind || firstKind === secondKind) continue;
          const podSelector = firstKind === 'podSelector' ? first.peer.podSelector : second.peer.podSelector;
          // With an empty podSelector the AND reading would add nothing to the namespaceSelector: two peers
          // ("all of those namespaces, or all of this one") is what such a list means.
          if (isEmptySelector(podSelector)) continue;
          issues.push({
            code: 'peers.or-instead-of-and',
            message:
              `Two peers, either of which matches (OR): every pod in the namespaces the namespaceSelector picks, ` +
              `or the pods the podSelector picks in the policy's own namespace. For only those pods in those ` +
              `namespaces (AND), remove the \`-\` before \`${secondKind}\` to make one peer.`,
            path: [...path, field, second.index],
            at: [...path, field, second.index, secondKind],
            onKey: true,
          });
          i++; // a pair is reported once; the next pair starts after it
        }
      }
    }
    return issues;
  },
};

/** `namespaceSelector` or `podSelector` when it is the peer's only field. */
function soleSelector(peer: Record<string, unknown>): 'namespaceSelector' | 'podSelector' | undefined {
  const keys = setKeys(peer);
  if (keys.length !== 1) return undefined;
  const key = keys[0];
  return key === 'namespaceSelector' || key === 'podSelector' ? key : undefined;
}
