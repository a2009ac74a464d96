import { z } from 'zod';

export const WINDOW_PRESETS = ['30d', '90d', '365d', 'all'] as const;
export type WindowPreset = (typeof WINDOW_PRESETS)[number];

const PRESET_DAYS: Record<Exclude<WindowPreset, 'all'>, number> = { '30d': 30, '90d': 90, '365d': 365 };
const DAY_MS = 86_400_000;

// Shared links must never break the page: a bad value falls back to its default instead of erroring.
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)))
  .optional()
  .catch(undefined);
const filterValue = z.string().trim().min(1).max(200).optional().catch(undefined);

export const overviewSearchParamsSchema = z.object({
  window: z.enum(WINDOW_PRESETS).optional().catch(undefined),
  from: isoDate,
  to: isoDate,
  team: filterValue,
  source: filterValue,
});
export type OverviewSearchParams = z.infer<typeof overviewSearchParamsSchema>;

export type RawSearchParams = Record<string, string | string[] | undefined>;

export interface OverviewState {
  preset: WindowPreset | 'custom';
  /** Half-open window over instants; `from` null means since the first ticket. */
  from: Date | null;
  to: Date;
  /** The dates as typed in the URL (the `to` date is inclusive), for the form. */
  fromDate: string | null;
  toDate: string | null;
  team: string | null;
  source: string | null;
}

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/**
 * Reads the overview's URL state. `from`/`to` are dates in the report time zone (UTC for now), `to`
 * inclusive; either one alone turns the window custom. Without them a preset applies (default 90d, ending `now`).
 */
export function parseOverviewSearchParams(raw: RawSearchParams, now: Date): OverviewState {
  const parsed = overviewSearchParamsSchema.parse({
    window: first(raw.window),
    from: first(raw.from),
    to: first(raw.to),
    team: first(raw.team),
    source: first(raw.source),
  });
  const filters = { team: parsed.team ?? null, source: parsed.source ?? null };
  if (parsed.from || parsed.to) {
    let from = parsed.from ? new Date(`${parsed.from}T00:00:00Z`) : null;
    let to = parsed.to ? new Date(Date.parse(`${parsed.to}T00:00:00Z`) + DAY_MS) : now;
    if (from && from > to) [from, to] = [new Date(to.getTime() - DAY_MS), new Date(from.getTime() + DAY_MS)];
    return {
      preset: 'custom',
      from,
      to,
      fromDate: parsed.from ?? null,
      toDate: parsed.to ?? null,
      ...filters,
    };
  }
  const preset = parsed.window ?? '90d';
  const from = preset === 'all' ? null : new Date(now.getTime() - PRESET_DAYS[preset] * DAY_MS);
  return { preset, from, to: now, fromDate: null, toDate: null, ...filters };
}

/** A link to the overview with the given state; defaults are left out so URLs stay short. */
export function overviewHref(state: {
  preset?: WindowPreset | 'custom';
  fromDate?: string | null;
  toDate?: string | null;
  team?: string | null;
  source?: string | null;
}): string {
  const params = new URLSearchParams();
  if (state.preset === 'custom') {
    if (state.fromDate) params.set('from', state.fromDate);
    if (state.toDate) params.set('to', state.toDate);
  } else if (state.preset && state.preset !== '90d') {
    params.set('window', state.preset);
  }
  if (state.team) params.set('team', state.team);
  if (state.source) params.set('source', state.source);
  const query = params.toString();
  return query ? `/?${query}` : '/';
}
