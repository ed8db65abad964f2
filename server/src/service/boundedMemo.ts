/** Longer arguments are computed each time, not remembered (no CIDR or label is this long). */
const MAX_REMEMBERED_LENGTH = 256;

/**
 * Remembers a pure function's results by their string argument, up to `capacity` of them (then starts afresh) and
 * only for short arguments, so that hostile input cannot make it grow without bound. For parsers whose inputs
 * repeat across a workspace: the same handful of CIDRs appear in thousands of policies. The results are shared:
 * they must never be changed.
 */
export function boundedMemo<R>(compute: (text: string) => R, capacity = 4096): (text: string) => R {
  let results = new Map<string, R>();
  return (text) => {
    if (text.length > MAX_REMEMBERED_LENGTH) return compute(text);
    const known = results.get(text);
    if (known !== undefined || results.has(text)) return known as R;
    const result = compute(text);
    if (results.size >= capacity) results = new Map();
    results.set(text, result);
    return result;
  };
}
