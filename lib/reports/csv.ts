import { csvLine } from '../format/csv';
import { valueAt } from '../format/flat-columns';

/** The flat CSV shape of the object reports (flow, dora): one row per figure. */
export const REPORT_CSV_COLUMNS = ['metric', 'n', 'method', 'p50', 'p85', 'p95', 'mean', 'value'] as const;

type Row = Record<(typeof REPORT_CSV_COLUMNS)[number], unknown>;

function isDistribution(value: unknown): value is { n: number; method: string } {
  return typeof value === 'object' && value !== null && 'n' in value && 'method' in value && 'p50' in value;
}

/**
 * A distribution becomes one row (n, method, p50, p85, p95, mean); any other figure one row with
 * `value`, named by its dotted path. List items are named by their `period` or `key`
 * (`throughput[2025-03-03].count`, `agingWip[OPS-7].ageHours`); plain strings by position.
 */
export function reportCsvRows(report: object): Row[] {
  const rows: Row[] = [];
  const empty = { n: null, method: null, p50: null, p85: null, p95: null, mean: null, value: null };
  const walk = (path: string, value: unknown) => {
    if (isDistribution(value)) {
      const d = value as unknown as Record<string, unknown>;
      rows.push({
        ...empty,
        metric: path,
        n: d.n,
        method: d.method,
        p50: d.p50,
        p85: d.p85,
        p95: d.p95,
        mean: d.mean,
      });
    } else if (Array.isArray(value)) {
      for (const [index, item] of value.entries()) {
        if (typeof item !== 'object' || item === null) {
          walk(`${path}[${index}]`, item);
          continue;
        }
        const named = item as Record<string, unknown>;
        const label = named.period ?? named.key ?? index;
        for (const [field, inner] of Object.entries(named)) {
          if (field !== 'period' && field !== 'key') walk(`${path}[${String(label)}].${field}`, inner);
        }
      }
    } else if (typeof value === 'object' && value !== null) {
      for (const [field, inner] of Object.entries(value)) walk(path ? `${path}.${field}` : field, inner);
    } else {
      rows.push({ ...empty, metric: path, value });
    }
  };
  walk('', report);
  return rows;
}

export function reportCsv(report: object): string {
  return [
    csvLine(REPORT_CSV_COLUMNS),
    ...reportCsvRows(report).map((r) => csvLine(REPORT_CSV_COLUMNS.map((c) => r[c]))),
  ].join('');
}

/** Row reports (clusters, candidates, impact) as CSV: a header, then one line per row over dotted columns. */
export function rowsCsv(rows: readonly object[], columns: readonly string[]): string {
  return [csvLine(columns), ...rows.map((row) => csvLine(columns.map((c) => valueAt(row, c))))].join('');
}
