import { z } from 'zod';
import type { PercentileMethod } from '@/lib/metrics';
import { type OverviewState, parseOverviewSearchParams, type RawSearchParams } from '../search-params';

export type { RawSearchParams };

// Same window/team/source semantics as the overview; a bad value falls back to its default.
const flowOnly = z.object({
  cluster: z.string().trim().min(1).max(200).optional().catch(undefined),
  percentile: z.enum(['nearest-rank', 'linear']).optional().catch(undefined),
  scale: z.enum(['linear', 'log']).optional().catch(undefined),
});

export interface FlowState extends OverviewState {
  cluster: string | null;
  method: PercentileMethod;
  /** Lead-time axis of the scatterplot. */
  scale: 'linear' | 'log';
}

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/** The Flow page's URL state: the overview's window and filters plus cluster, percentile method and scale. */
export function parseFlowSearchParams(raw: RawSearchParams, now: Date): FlowState {
  const parsed = flowOnly.parse({
    cluster: first(raw.cluster),
    percentile: first(raw.percentile),
    scale: first(raw.scale),
  });
  return {
    ...parseOverviewSearchParams(raw, now),
    cluster: parsed.cluster ?? null,
    method: parsed.percentile ?? 'nearest-rank',
    // Lead times are heavily skewed: on a linear axis the outliers flatten everyone else to the floor.
    scale: parsed.scale ?? 'log',
  };
}

/** A link to the Flow page with `state` changed by `patch`; defaults are left out so URLs stay short. */
export function flowHref(state: FlowState, patch: Partial<FlowState> = {}): string {
  const next = { ...state, ...patch };
  const params = new URLSearchParams();
  if (next.preset === 'custom') {
    if (next.fromDate) params.set('from', next.fromDate);
    if (next.toDate) params.set('to', next.toDate);
  } else if (next.preset !== '90d') {
    params.set('window', next.preset);
  }
  if (next.team) params.set('team', next.team);
  if (next.source) params.set('source', next.source);
  if (next.cluster) params.set('cluster', next.cluster);
  if (next.method !== 'nearest-rank') params.set('percentile', next.method);
  if (next.scale !== 'log') params.set('scale', next.scale);
  const query = params.toString();
  return query ? `/flow?${query}` : '/flow';
}
