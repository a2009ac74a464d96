/**
 * CSV columns for nested report rows: a column named in `nested` becomes one column per listed field
 * (`confidence.level`); other values stay one column (arrays are written as JSON by csvField).
 */
export function expandColumns(
  columns: readonly string[],
  nested: Readonly<Record<string, readonly string[]>>,
): string[] {
  return columns.flatMap((column) => nested[column]?.map((field) => `${column}.${field}`) ?? [column]);
}

/** The value at a dotted column path of a row; undefined (an empty cell) when it is not there. */
export function valueAt(row: object, path: string): unknown {
  let value: unknown = row;
  for (const part of path.split('.')) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

export const DISTRIBUTION_FIELDS = ['n', 'method', 'p50', 'p85', 'p95', 'mean'] as const;
