export type PercentileMethod = 'nearest-rank' | 'linear';

/** Below this many values a report shows the values themselves, not percentiles (DESIGN §3). */
export const MIN_SAMPLE_FOR_PERCENTILES = 5;

export interface Distribution {
  n: number;
  method: PercentileMethod;
  p50: number | null;
  p85: number | null;
  p95: number | null;
  mean: number | null;
  /** The sorted values, present only when n < MIN_SAMPLE_FOR_PERCENTILES (and n > 0). */
  values?: number[];
}

// p·n in floating point can land just above an integer (0.85 · 100 = 85.00000000000001).
const RANK_EPSILON = 1e-9;

/** True when a sample is too small for percentiles to mean anything; show the values instead. */
export function isSmallSample(n: number): boolean {
  return n < MIN_SAMPLE_FOR_PERCENTILES;
}

/**
 * Percentile of values already sorted ascending; null when empty. p in [0, 1].
 * nearest-rank = PERCENTILE_DISC: the smallest value v with at least p·n values ≤ v.
 * linear = PERCENTILE_CONT: interpolates between the ranks around p·(n − 1).
 */
export function percentileOfSorted(
  sorted: readonly number[],
  p: number,
  method: PercentileMethod,
): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  if (method === 'nearest-rank') {
    const rank = Math.min(n, Math.max(1, Math.ceil(p * n - RANK_EPSILON)));
    return sorted[rank - 1] ?? null;
  }
  const position = p * (n - 1);
  const lower = Math.floor(position);
  const low = sorted[lower];
  const high = sorted[Math.min(n - 1, lower + 1)];
  if (low === undefined || high === undefined) return null;
  return low + (position - lower) * (high - low);
}

export function percentile(values: readonly number[], p: number, method: PercentileMethod = 'nearest-rank') {
  return percentileOfSorted(sortAscending(values), p, method);
}

/**
 * The `{ n, method, p50, p85, p95, mean }` shape every export uses. Nulls (a metric that does not apply
 * to a ticket) and non-finite numbers are left out of n. Percentiles are still filled in when n < 5 so
 * the shape is stable; `values` is added so a report can show them instead.
 */
export function distribution(
  values: ReadonlyArray<number | null>,
  method: PercentileMethod = 'nearest-rank',
): Distribution {
  const sorted = sortAscending(values.filter((v): v is number => v !== null && Number.isFinite(v)));
  const n = sorted.length;
  const result: Distribution = {
    n,
    method,
    p50: percentileOfSorted(sorted, 0.5, method),
    p85: percentileOfSorted(sorted, 0.85, method),
    p95: percentileOfSorted(sorted, 0.95, method),
    mean: n === 0 ? null : sorted.reduce((sum, v) => sum + v, 0) / n,
  };
  if (n > 0 && isSmallSample(n)) result.values = sorted;
  return result;
}

function sortAscending(values: readonly number[]): number[] {
  return [...values].sort((a, b) => a - b);
}
