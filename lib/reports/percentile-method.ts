import type { PercentileMethod } from '../metrics';

const METHODS: readonly PercentileMethod[] = ['nearest-rank', 'linear'];

/** `--percentile` / `percentile=`: nearest-rank (default) or linear; null for anything else. */
export function parsePercentileMethod(raw: string | undefined | null): PercentileMethod | null {
  if (raw === undefined || raw === null || raw === '') return 'nearest-rank';
  return (METHODS as readonly string[]).includes(raw) ? (raw as PercentileMethod) : null;
}
