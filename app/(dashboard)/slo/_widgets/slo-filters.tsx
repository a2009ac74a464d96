import Link from 'next/link';
import type { SloFilterOptions } from '@/db/queries/slo-page';
import { WINDOW_PRESETS } from '../../search-params';
import { type SloState, sloHref } from '../search-params';

const PRESET_LABELS = { '30d': '30 days', '90d': '90 days', '365d': '12 months', all: 'All time' } as const;

/** Presets are links and the rest a GET form, so every filter lives in the URL and works without JavaScript. */
export function SloFilters({
  state,
  options,
  policies,
}: {
  state: SloState;
  options: SloFilterOptions;
  policies: readonly string[];
}) {
  return (
    <div className="window-picker">
      <nav className="segmented" aria-label="Time window">
        {WINDOW_PRESETS.map((preset) => (
          <Link
            key={preset}
            href={sloHref(state, { preset, fromDate: null, toDate: null })}
            className={state.preset === preset ? 'segment segment-active' : 'segment'}
            aria-current={state.preset === preset ? 'true' : undefined}
            data-testid={`window-${preset}`}
          >
            {PRESET_LABELS[preset]}
          </Link>
        ))}
      </nav>
      <form className="filters" action="/slo" method="get" data-testid="slo-filters">
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
        <label>
          <span>Policy</span>
          <select name="policy" defaultValue={state.policy ?? ''} data-testid="policy-select">
            <option value="">All policies</option>
            {policies.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
        {options.teams.length > 1 || state.team ? (
          <label>
            <span>Team</span>
            <select name="team" defaultValue={state.team ?? ''} data-testid="team-select">
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
        {options.clusters.length > 0 || state.cluster ? (
          <label>
            <span>Request type</span>
            <select name="cluster" defaultValue={state.cluster ?? ''}>
              <option value="">All request types</option>
              {options.clusters.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.label}
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
