import {
  type OverviewState,
  parseOverviewSearchParams,
  type RawSearchParams,
  WINDOW_PRESETS,
  type WindowPreset,
} from '../search-params';

export type { RawSearchParams };

// Rates per month need a long window to be stable, and `export candidates` also defaults to all history.
export const TOIL_DEFAULT_PRESET: WindowPreset = 'all';

export type ToilState = OverviewState;

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/**
 * The window/team/source state of the Candidates and Clusters pages: the overview's semantics (dates in
 * UTC, `to` inclusive, bad values fall back), but all history unless a window is chosen.
 */
export function parseToilSearchParams(raw: RawSearchParams, now: Date): ToilState {
  const window = first(raw.window);
  const known = (WINDOW_PRESETS as readonly string[]).includes(window ?? '');
  return parseOverviewSearchParams({ ...raw, window: known ? window : TOIL_DEFAULT_PRESET }, now);
}

/** The query string (with its `?`, or empty) of `state`; defaults are left out so URLs stay short. */
export function toilQuery(state: ToilState, extra: Record<string, string | null | undefined> = {}): string {
  const params = new URLSearchParams();
  if (state.preset === 'custom') {
    if (state.fromDate) params.set('from', state.fromDate);
    if (state.toDate) params.set('to', state.toDate);
  } else if (state.preset !== TOIL_DEFAULT_PRESET) {
    params.set('window', state.preset);
  }
  if (state.team) params.set('team', state.team);
  if (state.source) params.set('source', state.source);
  for (const [name, value] of Object.entries(extra)) if (value) params.set(name, value);
  const query = params.toString();
  return query ? `?${query}` : '';
}

/** A Toilscope path with the window and filters of `state` changed by `patch`. */
export function toilHref(
  path: string,
  state: ToilState,
  patch: Partial<ToilState> = {},
  extra: Record<string, string | null | undefined> = {},
): string {
  return `${path}${toilQuery({ ...state, ...patch }, extra)}`;
}

/** `from`/`to` of a report scope: the page's half-open window, `from` undefined = since the first ticket. */
export function scopeOf(state: ToilState, asOf: Date) {
  return {
    asOf,
    from: state.from ?? undefined,
    to: state.to,
    team: state.team ?? undefined,
    source: state.source ?? undefined,
  };
}
