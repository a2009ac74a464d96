import { parseInstantArgument } from '@/lib/domain/instant-argument';
import { InputError } from '@/lib/errors';
import type { PercentileMethod } from '@/lib/metrics';
import { parsePercentileMethod } from '@/lib/reports/percentile-method';

/** `from`, `to`, `asOf`: an ISO date (UTC midnight) or an instant with an offset, as on the CLI. */
export function instantParam(params: URLSearchParams, name: string): Date | undefined {
  const raw = params.get(name);
  if (raw === null || raw === '') return undefined;
  const date = parseInstantArgument(raw);
  if (date === null) {
    throw new InputError(`${name}: expected an ISO-8601 date or instant with an offset, got '${raw}'`);
  }
  return date;
}

export function intParam(
  params: URLSearchParams,
  name: string,
  min: number,
  max: number,
  fallback: number,
): number {
  const raw = params.get(name);
  if (raw === null || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new InputError(`${name}: expected a whole number from ${min} to ${max}, got '${raw}'`);
  }
  return value;
}

export function textParam(params: URLSearchParams, name: string): string | undefined {
  const raw = params.get(name);
  return raw === null || raw === '' ? undefined : raw;
}

/** The filters every report takes: window, team, source, cluster, and the "now". */
export function reportScope(params: URLSearchParams) {
  const from = instantParam(params, 'from');
  const to = instantParam(params, 'to');
  if (from && to && from >= to) throw new InputError('from must be before to');
  return {
    from,
    to,
    team: textParam(params, 'team'),
    source: textParam(params, 'source'),
    cluster: textParam(params, 'cluster'),
    asOf: instantParam(params, 'asOf') ?? instantParam(params, 'as-of') ?? new Date(),
  };
}

/** `percentile`: nearest-rank (default) or linear. */
export function percentileParam(params: URLSearchParams): PercentileMethod {
  const raw = params.get('percentile');
  const method = parsePercentileMethod(raw);
  if (method === null) throw new InputError(`percentile: expected nearest-rank or linear, got '${raw}'`);
  return method;
}
