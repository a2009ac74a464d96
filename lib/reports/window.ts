import type { Distribution } from '../metrics';

/** A report window: [from, to) over an instant; `from` null = since the first record. */
export interface ReportWindow {
  from: string | null;
  to: string;
}

export interface ResolvedWindow {
  from: Date | null;
  to: Date;
  json: ReportWindow;
}

/** `to` defaults to asOf: nothing after "now" has happened yet. */
export function reportWindow(from: Date | undefined, to: Date | undefined, asOf: Date): ResolvedWindow {
  const end = to ?? asOf;
  return {
    from: from ?? null,
    to: end,
    json: { from: from ? from.toISOString() : null, to: end.toISOString() },
  };
}

export function windowContains(window: Pick<ResolvedWindow, 'from' | 'to'>, instant: Date): boolean {
  const t = instant.getTime();
  return (window.from === null || t >= window.from.getTime()) && t < window.to.getTime();
}

// Rounded to 1e-9 h, as in `export tickets`, so float noise never leaks into an export.
export function roundHours(hours: number | null): number | null {
  return hours === null ? null : Math.round(hours * 1e9) / 1e9;
}

export function roundDistribution(d: Distribution): Distribution {
  const rounded: Distribution = {
    n: d.n,
    method: d.method,
    p50: roundHours(d.p50),
    p85: roundHours(d.p85),
    p95: roundHours(d.p95),
    mean: roundHours(d.mean),
  };
  if (d.values) rounded.values = d.values.map((v) => roundHours(v) ?? 0);
  return rounded;
}
