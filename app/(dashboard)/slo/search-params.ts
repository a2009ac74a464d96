import { z } from 'zod';
import { type OverviewState, parseOverviewSearchParams, type RawSearchParams } from '../search-params';

export type { RawSearchParams };

// Same window/team/source semantics as the overview (the window is over cycle starts); a bad value
// falls back to its default.
const sloOnly = z.object({
  policy: z.string().trim().min(1).max(200).optional().catch(undefined),
  cluster: z.string().trim().min(1).max(200).optional().catch(undefined),
});

export interface SloState extends OverviewState {
  /** One policy, or every policy when null. */
  policy: string | null;
  cluster: string | null;
}

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/** The SLO page's URL state: the overview's window and filters plus policy and request type. */
export function parseSloSearchParams(raw: RawSearchParams, now: Date): SloState {
  const parsed = sloOnly.parse({ policy: first(raw.policy), cluster: first(raw.cluster) });
  return {
    ...parseOverviewSearchParams(raw, now),
    policy: parsed.policy ?? null,
    cluster: parsed.cluster ?? null,
  };
}

/** A link to the SLO page with `state` changed by `patch`; defaults are left out so URLs stay short. */
export function sloHref(state: SloState, patch: Partial<SloState> = {}): string {
  const next = { ...state, ...patch };
  const params = new URLSearchParams();
  if (next.preset === 'custom') {
    if (next.fromDate) params.set('from', next.fromDate);
    if (next.toDate) params.set('to', next.toDate);
  } else if (next.preset !== '90d') {
    params.set('window', next.preset);
  }
  if (next.policy) params.set('policy', next.policy);
  if (next.team) params.set('team', next.team);
  if (next.source) params.set('source', next.source);
  if (next.cluster) params.set('cluster', next.cluster);
  const query = params.toString();
  return query ? `/slo?${query}` : '/slo';
}
