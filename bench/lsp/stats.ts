/** Summary statistics of latency samples, in milliseconds. */
export interface Summary {
  readonly count: number;
  readonly median: number;
  /** Nearest-rank 95th percentile: with fewer than 20 samples, the largest. */
  readonly p95: number;
  readonly min: number;
  readonly max: number;
}

export function summarize(samples: readonly number[]): Summary {
  if (samples.length === 0) return { count: 0, median: NaN, p95: NaN, min: NaN, max: NaN };
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
  const middle = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  return { count: sorted.length, median, p95: rank(0.95), min: sorted[0], max: sorted[sorted.length - 1] };
}

/**
 * `count` indexes spread evenly over `length` items, each in the middle of its share: edits and requests land in
 * different documents all over the file. With fewer items than wanted, the indexes wrap around.
 */
export function spread(length: number, count: number): number[] {
  const share = length / Math.min(count, length);
  return Array.from({ length: count }, (_, i) => Math.floor(((i % length) + 0.5) * share) % length);
}
