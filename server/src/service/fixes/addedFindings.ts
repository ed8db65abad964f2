import type { Finding } from '../findings';

/**
 * The findings of `after` that `before` does not have: what an edit brought. A finding of `after` is an old one
 * when `before` has, not yet paired, a finding of the same code at the same field path or with the same message;
 * each finding of `before` pairs with one of `after` at most, so a second error of a kind is new.
 *
 * The message alone is not an identity: it often quotes the values it is about, so an edit of one field rewords
 * an unchanged finding on another (fixing `cidr` changes the text of the except-not-in-cidr error on `except[0]`,
 * which it neither fixes nor causes). The path alone is not either: removing a list entry shifts the paths of
 * the entries after it, whose findings keep their messages. Pairs are made the strictest way first (code, path
 * and message), so that a loose pair never takes the partner of an exact one.
 */
export function addedFindings(before: readonly Finding[], after: readonly Finding[]): Finding[] {
  const unpaired = [...before];
  let left = [...after];
  const identities: ((finding: Finding) => string | undefined)[] = [
    (finding) => `${finding.code}\n${finding.path ?? ''}\n${finding.message}`,
    (finding) => (finding.path === undefined ? undefined : `${finding.code}\n${finding.path}`),
    (finding) => `${finding.code}\n${finding.message}`,
  ];
  for (const identity of identities) {
    const available = new Map<string, number>();
    for (const finding of unpaired) {
      const key = identity(finding);
      if (key !== undefined) available.set(key, (available.get(key) ?? 0) + 1);
    }
    const paired = new Map<string, number>();
    const stillLeft: Finding[] = [];
    for (const finding of left) {
      const key = identity(finding);
      const count = key === undefined ? 0 : (available.get(key) ?? 0);
      if (key !== undefined && count > 0) {
        available.set(key, count - 1);
        paired.set(key, (paired.get(key) ?? 0) + 1);
      } else {
        stillLeft.push(finding);
      }
    }
    // Take the paired findings of `before` out, so that the looser identities do not pair them again.
    for (let i = unpaired.length - 1; i >= 0; i--) {
      const key = identity(unpaired[i]);
      const count = key === undefined ? 0 : (paired.get(key) ?? 0);
      if (key !== undefined && count > 0) {
        paired.set(key, count - 1);
        unpaired.splice(i, 1);
      }
    }
    left = stillLeft;
  }
  return left;
}
