import Link from 'next/link';
import type { FilterOptions } from '@/db/queries/overview';
import { WINDOW_PRESETS } from '../../search-params';
import { TOIL_DEFAULT_PRESET, type ToilState, toilHref } from '../search-params';

const PRESET_LABELS = { '30d': '30 days', '90d': '90 days', '365d': '12 months', all: 'All time' } as const;

/**
 * Window presets as links, dates/team/source as a GET form: the state lives in the URL and works without
 * JavaScript. `keep` are extra fields the page carries along (the Clusters search).
 */
export function ToilFilters({
  path,
  state,
  options,
  keep = {},
}: {
  path: string;
  state: ToilState;
  options: FilterOptions;
  keep?: Record<string, string | null>;
}) {
  return (
    <div className="window-picker">
      <nav className="segmented" aria-label="Time window">
        {WINDOW_PRESETS.map((preset) => (
          <Link
            key={preset}
            href={toilHref(path, state, { preset, fromDate: null, toDate: null }, keep)}
            className={state.preset === preset ? 'segment segment-active' : 'segment'}
            aria-current={state.preset === preset ? 'true' : undefined}
            data-testid={`window-${preset}`}
          >
            {PRESET_LABELS[preset]}
          </Link>
        ))}
      </nav>
      <form className="filters" action={path} method="get" data-testid="toil-filters">
        {state.preset !== 'custom' && state.preset !== TOIL_DEFAULT_PRESET ? (
          <input type="hidden" name="window" value={state.preset} />
        ) : null}
        {Object.entries(keep).map(([name, value]) =>
          value ? <input key={name} type="hidden" name={name} value={value} /> : null,
        )}
        <label>
          <span>From</span>
          <input type="date" name="from" defaultValue={state.fromDate ?? ''} />
        </label>
        <label>
          <span>To</span>
          <input type="date" name="to" defaultValue={state.toDate ?? ''} />
        </label>
        {options.teams.length > 1 || state.team ? (
          <label>
            <span>Team</span>
            <select name="team" defaultValue={state.team ?? ''}>
              <option value="">All teams</option>
              {options.teams.map((team) => (
                <option key={team} value={team}>
                  {team}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        {options.sources.length > 1 || state.source ? (
          <label>
            <span>Source</span>
            <select name="source" defaultValue={state.source ?? ''}>
              <option value="">All sources</option>
              {options.sources.map((source) => (
                <option key={source} value={source}>
                  {source}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        <button type="submit" className="button">
          Apply
        </button>
      </form>
    </div>
  );
}
