/**
 * Message helpers: every validation message says what is wrong (in the API server's words where it has them)
 * and then what would be right.
 */

/** A value as the API server quotes it (`%q`). */
export function quote(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

/** `Invalid value "x": <reasons>. <fix>` */
export function invalidValue(value: unknown, reasons: readonly string[], fix?: string): string {
  return withFix(`Invalid value ${quote(value)}: ${reasons.join('; ')}`, fix);
}

/** Appends the sentence that says what would be right. */
export function withFix(problem: string, fix: string | undefined): string {
  if (!fix) return problem;
  return `${problem}${/[.?!]$/.test(problem) ? '' : '.'} ${fix}${/[.?!]$/.test(fix) ? '' : '.'}`;
}

/** `did you mean "X"?` for the closest of `candidates` (case-insensitive equality, then edit distance), if any. */
export function closest(value: string, candidates: readonly string[]): string | undefined {
  const lower = value.toLowerCase();
  const sameCase = candidates.find((candidate) => candidate.toLowerCase() === lower);
  if (sameCase) return sameCase;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  // One edit in words of up to four letters, two in longer ones: beyond that the "suggestion" is a guess.
  const allowed = value.length <= 4 ? 1 : 2;
  return bestDistance <= allowed ? best : undefined;
}

/** Levenshtein distance (insertions, deletions, substitutions, and swaps of neighbours). */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const columns = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: columns }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < columns; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** `"A", "B" or "C"` */
export function listOf(values: readonly string[], conjunction = 'or'): string {
  const quoted = values.map((value) => quote(value));
  if (quoted.length <= 1) return quoted.join('');
  return `${quoted.slice(0, -1).join(', ')} ${conjunction} ${quoted[quoted.length - 1]}`;
}
