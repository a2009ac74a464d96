import type { Metadata } from 'next';
import Link from 'next/link';
import { Card } from '@/app/_components/card';
import { EmptyState } from '@/app/_components/empty-state';
import { formatCount, formatDate, formatHours, formatPercent } from '@/app/_components/format';
import { Sparkline } from '@/app/_components/sparkline';
import { requireViewer } from '@/app/_lib/authorize';
import { getDatabase } from '@/app/_lib/db';
import { listFilterOptions } from '@/db/queries/overview';
import { countTickets } from '@/db/queries/tickets';
import { getConfigInForce } from '@/lib/analysis/config-in-force';
import { type ClusterReportRow, clustersReport } from '@/lib/reports/clusters';
import { ToilFilters } from '../candidates/_widgets/toil-filters';
import { scopeOf, toilQuery } from '../candidates/search-params';
import { parseClustersSearchParams, type RawSearchParams } from './search-params';

export const dynamic = 'force-dynamic';

export const metadata: Metadata = { title: 'Clusters' };

function matches(row: ClusterReportRow, q: string | null): boolean {
  if (!q) return true;
  const needle = q.toLowerCase();
  return row.label.toLowerCase().includes(needle) || (row.template ?? '').toLowerCase().includes(needle);
}

export default async function ClustersPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  await requireViewer();
  const asOf = new Date();
  const state = parseClustersSearchParams(await searchParams, asOf);
  const database = await getDatabase();
  const [ticketCount, options, { config }] = await Promise.all([
    countTickets({ db: database.db }),
    listFilterOptions({ db: database.db }),
    getConfigInForce({ db: database.db }),
  ]);
  const rows = ticketCount > 0 ? await clustersReport(database, scopeOf(state, asOf)) : [];
  const shown = rows.filter((r) => matches(r, state.q));
  const timeZone = config.reportTimeZone;
  const query = toilQuery(state);
  const clustered = rows.reduce((sum, r) => sum + r.tickets, 0);
  const share = rows.reduce((sum, r) => sum + r.share, 0);

  return (
    <>
      <div className="page-heading">
        <div>
          <h1>Clusters</h1>
          {ticketCount > 0 ? (
            <p className="muted" data-testid="window-caption">
              Request types mined from ticket titles and descriptions ·{' '}
              {state.from ? `created ${formatDate(state.from, timeZone)} – ` : 'created up to '}
              {formatDate(new Date(state.to.getTime() - 1), timeZone)} ({timeZone})
              {state.team ? ` · team ${state.team}` : ''}
              {state.source ? ` · source ${state.source}` : ''}
            </p>
          ) : null}
        </div>
        {ticketCount > 0 ? (
          <ToilFilters path="/clusters" state={state} options={options} keep={{ q: state.q }} />
        ) : null}
      </div>
      {ticketCount === 0 ? (
        <EmptyState />
      ) : (
        <Card
          title="Request types"
          subtitle={`${formatCount(rows.length)} request types hold ${formatCount(clustered)} tickets (${formatPercent(share, 1)} of the window); largest first`}
          className="span-4"
          testId="clusters-table"
        >
          <form className="filters cluster-search" action="/clusters" method="get">
            {state.preset !== 'custom' && state.preset !== 'all' ? (
              <input type="hidden" name="window" value={state.preset} />
            ) : null}
            {state.fromDate ? <input type="hidden" name="from" value={state.fromDate} /> : null}
            {state.toDate ? <input type="hidden" name="to" value={state.toDate} /> : null}
            {state.team ? <input type="hidden" name="team" value={state.team} /> : null}
            {state.source ? <input type="hidden" name="source" value={state.source} /> : null}
            <label>
              <span>Search labels and templates</span>
              <input type="search" name="q" defaultValue={state.q ?? ''} data-testid="cluster-search" />
            </label>
            <button type="submit" className="button">
              Search
            </button>
            {state.q ? (
              <span className="muted" data-testid="search-count">
                {shown.length} of {rows.length} match “{state.q}”
              </span>
            ) : null}
          </form>
          {shown.length === 0 ? (
            <p className="empty-note">
              {rows.length === 0 ? 'No clustered tickets in this window.' : 'No request type matches.'}
            </p>
          ) : (
            <div className="table-scroll">
              <table className="data-table">
                <thead>
                  <tr>
                    <th scope="col">Request type</th>
                    <th scope="col" className="num">
                      Tickets
                    </th>
                    <th scope="col" className="share-col">
                      Share
                    </th>
                    <th scope="col">Volume (12 slices of the window)</th>
                    <th scope="col" className="num">
                      Lead time p50
                    </th>
                    <th scope="col" className="num">
                      SLO misses
                    </th>
                    <th scope="col">Seen</th>
                  </tr>
                </thead>
                <tbody>
                  {shown.map((row) => (
                    <tr key={row.id} data-testid="cluster-row" data-cluster-id={row.id}>
                      <td className="title-cell">
                        <Link
                          href={`/clusters/${encodeURIComponent(row.id)}${query}`}
                          className="type-label"
                          data-testid="cluster-link"
                        >
                          {row.label}
                        </Link>
                        {row.excluded ? (
                          <span className="tag" title="Left out of the candidates">
                            excluded
                          </span>
                        ) : null}
                        {row.template && row.template !== row.label ? (
                          <span className="cell-note mono">{row.template}</span>
                        ) : null}
                      </td>
                      <td className="num" data-testid="cluster-tickets">
                        {formatCount(row.tickets)}
                      </td>
                      <td className="share-col">
                        <span className="share-cell">
                          <span className="meter" aria-hidden="true">
                            <span style={{ width: formatPercent(row.share, 2) }} />
                          </span>
                          {formatPercent(row.share, 1)}
                        </span>
                      </td>
                      <td>
                        <Sparkline
                          values={row.series}
                          label={`Tickets in each twelfth of the window: ${row.series.join(', ')}`}
                        />
                      </td>
                      <td className="num">
                        {formatHours(row.leadTimeHours.p50)}
                        <span className="cell-note">
                          n = {formatCount(row.leadTimeHours.n)}, {row.leadTimeHours.method}
                        </span>
                      </td>
                      <td className="num">{formatCount(row.sloMisses)}</td>
                      <td className="nowrap">
                        {row.firstSeen ? formatDate(row.firstSeen, timeZone) : '—'} –{' '}
                        {row.lastSeen ? formatDate(row.lastSeen, timeZone) : '—'}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Card>
      )}
    </>
  );
}
