import Link from 'next/link';
import type { FilterOptions } from '@/db/queries/overview';
import { type OverviewState, overviewHref, WINDOW_PRESETS } from '../search-params';

const PRESET_LABELS = { '30d': '30 days', '90d': '90 days', '365d': '12 months', all: 'All time' } as const;

/** Presets are links and the custom range is a GET form, so the window works without JavaScript. */
export function WindowPicker({ state, options }: { state: OverviewState; options: FilterOptions }) {
  return (
    <div className="window-picker">
      <nav className="segmented" aria-label="Time window">
        {WINDOW_PRESETS.map((preset) => (
          <Link
            key={preset}
            href={overviewHref({ preset, team: state.team, source: state.source })}
            className={state.preset === preset ? 'segment segment-active' : 'segment'}
            aria-current={state.preset === preset ? 'true' : undefined}
            data-testid={`window-${preset}`}
          >
            {PRESET_LABELS[preset]}
          </Link>
        ))}
      </nav>
      <form className="filters" action="/" method="get">
        {state.preset !== 'custom' && state.preset !== '90d' ? (
          <input type="hidden" name="window" value={state.preset} />
        ) : null}
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
