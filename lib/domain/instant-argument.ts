const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2}))?$/;

/**
 * `--from`, `--to`, `--as-of` on the CLI and `from`, `to`, `asOf` on the API: an ISO date (UTC
 * midnight) or an instant with an offset. Null when the text is neither.
 */
export function parseInstantArgument(raw: string): Date | null {
  const date = new Date(raw);
  return ISO_WITH_ZONE.test(raw) && !Number.isNaN(date.getTime()) ? date : null;
}
