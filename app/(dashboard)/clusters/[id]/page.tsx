import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { ActionForm } from '@/app/_components/action-form';
import { Card } from '@/app/_components/card';
import { formatCount, formatDate, formatHours, formatPercent } from '@/app/_components/format';
import { Sparkline } from '@/app/_components/sparkline';
import { currentPrincipal, hasRole, requireViewer } from '@/app/_lib/authorize';
import { getDatabase } from '@/app/_lib/db';
import { listClusters } from '@/db/queries/cluster-tickets';
import { listClusterOverrides } from '@/db/queries/clusters';
import { getConfigInForce } from '@/lib/analysis/config-in-force';
import { decodeCursor } from '@/lib/analysis/export-tickets';
import { NotFoundError } from '@/lib/errors';
import type { Distribution } from '@/lib/metrics/percentiles';
import { type ClusterDetail, clusterDetail } from '@/lib/reports/clusters';
import { type ClusterOverride, splitClusterId } from '@/lib/toil/overrides';
import { scopeOf, toilHref, toilQuery } from '../../candidates/search-params';
import { parseClusterDetailSearchParams, type RawSearchParams } from '../search-params';
import { OverrideForms } from './_widgets/override-forms';
import { undoOverride } from './actions';

export const dynamic = 'force-dynamic';

export const metadata: Metadata = { title: 'Cluster' };

const PAGE_SIZE = 25;

function DistributionRow({ label, d }: { label: string; d: Distribution }) {
  return (
    <tr data-testid="distribution-row">
      <th scope="row">{label}</th>
      {d.n === 0 ? (
        <td className="num muted" colSpan={4}>
          no resolved tickets
        </td>
      ) : d.values ? (
        <td className="num" colSpan={4} title="Too few tickets for percentiles: all values shown">
          {d.values.map((v) => formatHours(v)).join(', ')}
        </td>
      ) : (
        <>
          <td className="num">{formatHours(d.p50)}</td>
          <td className="num">{formatHours(d.p85)}</td>
          <td className="num">{formatHours(d.p95)}</td>
          <td className="num">{formatHours(d.mean)}</td>
        </>
      )}
      <td className="num" data-testid="distribution-n">
        {formatCount(d.n)}
      </td>
      <td>{d.method}</td>
    </tr>
  );
}

/** Whether a stored override is about this cluster: names it, absorbs it, or created it by a split. */
function concerns(o: ClusterOverride, id: string): boolean {
  if (o.clusterId === id) return true;
  if (o.action === 'merge') return o.payload.from.includes(id);
  if (o.action === 'split')
    return splitClusterId(o.clusterId, o.payload.templateIds, o.payload.ticketIds) === id;
  return false;
}

function describeOverride(o: ClusterOverride, labelOf: (id: string) => string): string {
  switch (o.action) {
    case 'rename':
      return `Renamed to “${o.payload.label}”`;
    case 'exclude':
      return o.payload.excluded
        ? `Excluded ${labelOf(o.clusterId)} from the candidates`
        : `Included ${labelOf(o.clusterId)} again`;
    case 'merge':
      return `Merged ${o.payload.from.join(', ')} into ${labelOf(o.clusterId)}`;
    case 'split': {
      const parts = [
        o.payload.templateIds.length > 0 ? `${o.payload.templateIds.length} template(s)` : null,
        o.payload.ticketIds?.length ? `${o.payload.ticketIds.length} ticket(s)` : null,
      ].filter(Boolean);
      return `Split ${parts.join(' and ')} off ${labelOf(o.clusterId)}${o.payload.label ? ` as “${o.payload.label}”` : ''}`;
    }
    case 'assign':
      return `Assigned ticket ${o.payload.ticketId} to ${labelOf(o.clusterId)}`;
  }
}

export default async function ClusterPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<RawSearchParams>;
}) {
  await requireViewer();
  const { id } = await params;
  const asOf = new Date();
  const state = parseClusterDetailSearchParams(await searchParams, asOf);
  const database = await getDatabase();
  const { config } = await getConfigInForce({ db: database.db });
  const afterId = state.cursor ? (decodeCursor(state.cursor) ?? undefined) : undefined;
  let detail: ClusterDetail;
  try {
    detail = await clusterDetail(database, {
      ...scopeOf(state, asOf),
      id,
      config,
      limit: PAGE_SIZE,
      afterId,
    });
  } catch (error) {
    if (error instanceof NotFoundError) notFound();
    throw error;
  }
  const [all, { overrides }, principal] = await Promise.all([
    listClusters({ sql: database.sql }),
    listClusterOverrides({ sql: database.sql }),
    currentPrincipal(),
  ]);
  const c = detail.cluster;
  const timeZone = config.reportTimeZone;
  const query = toilQuery(state);
  const labels = new Map(all.map((x) => [x.id, x.label]));
  const labelOf = (clusterId: string) => labels.get(clusterId) ?? clusterId;
  const mine = overrides.filter((o) => concerns(o, c.id));
  const canEdit = principal !== null && hasRole(principal, 'editor');
  const page = detail.tickets;

  return (
    <>
      <div className="page-heading">
        <div>
          <p className="muted">
            <Link href={`/clusters${query}`}>← Clusters</Link>
          </p>
          <h1 data-testid="cluster-label">{c.label}</h1>
          <p className="muted" data-testid="window-caption">
            <span className="mono">{c.id}</span>
            {c.excluded ? (
              <span className="tag" data-testid="excluded-tag">
                excluded from candidates
              </span>
            ) : null}{' '}
            · {formatCount(c.tickets)} tickets created{' '}
            {state.from ? `${formatDate(state.from, timeZone)} – ` : 'up to '}
            {formatDate(new Date(state.to.getTime() - 1), timeZone)} ({formatCount(c.ticketsAllTime)} all
            time)
          </p>
        </div>
      </div>
      <div className="dashboard-grid">
        <Card
          title="Figures"
          subtitle="Tickets created in the window"
          className="span-2"
          testId="cluster-figures"
        >
          <dl className="detail-figures">
            <div>
              <dt>Tickets</dt>
              <dd data-testid="fig-tickets">{formatCount(c.tickets)}</dd>
            </div>
            <div>
              <dt>Share of the window</dt>
              <dd>{formatPercent(c.share, 1)}</dd>
            </div>
            <div>
              <dt>Resolved</dt>
              <dd>{formatCount(c.resolved)}</dd>
            </div>
            <div>
              <dt>SLO misses</dt>
              <dd data-testid="fig-slo-misses">
                {formatCount(c.sloMisses)}
                <span className="cell-note">tickets with a breached cycle</span>
              </dd>
            </div>
            <div>
              <dt>First seen</dt>
              <dd>{c.firstSeen ? formatDate(c.firstSeen, timeZone) : '—'}</dd>
            </div>
            <div>
              <dt>Last seen</dt>
              <dd>{c.lastSeen ? formatDate(c.lastSeen, timeZone) : '—'}</dd>
            </div>
            <div>
              <dt>Volume</dt>
              <dd>
                <Sparkline
                  values={c.series}
                  label={`Tickets in each twelfth of the window: ${c.series.join(', ')}`}
                />
              </dd>
            </div>
          </dl>
          {c.template ? (
            <p className="stat-foot">
              Top template: <span className="mono">{c.template}</span>
            </p>
          ) : null}
        </Card>
        <Card
          title="Where the time went"
          subtitle="Elapsed hours of the resolved tickets"
          className="span-2"
          testId="cluster-distributions"
        >
          <div className="table-scroll">
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col" />
                  <th scope="col" className="num">
                    p50
                  </th>
                  <th scope="col" className="num">
                    p85
                  </th>
                  <th scope="col" className="num">
                    p95
                  </th>
                  <th scope="col" className="num">
                    mean
                  </th>
                  <th scope="col" className="num">
                    n
                  </th>
                  <th scope="col">method</th>
                </tr>
              </thead>
              <tbody>
                <DistributionRow label="Lead time" d={c.leadTimeHours} />
                <DistributionRow label="In queue (incl. triage)" d={c.queueHours} />
                <DistributionRow label="Being worked on" d={c.activeHours} />
              </tbody>
            </table>
          </div>
        </Card>
        <Card
          title="Templates"
          subtitle="Title templates in this request type"
          className="span-2"
          testId="cluster-templates"
        >
          <ul className="check-list">
            {c.templates.map((t) => (
              <li key={t.id}>
                <span className="mono">{t.text}</span>{' '}
                <span className="cell-note">
                  {formatCount(t.ticketsInWindow)} in the window · {formatCount(t.tickets)} all time
                </span>
              </li>
            ))}
          </ul>
        </Card>
        <Card
          title="Parameters seen"
          subtitle="Values in the <*> slots of the top template"
          className="span-2"
          testId="cluster-parameters"
        >
          {c.parameters.length === 0 ? (
            <p className="empty-note">The top template has no parameters.</p>
          ) : (
            <ul className="check-list">
              {c.parameters.map((p) => (
                <li key={p.slot}>
                  <strong>Slot {p.slot + 1}</strong> ({formatCount(p.distinct)} distinct):{' '}
                  <span className="mono">{p.values.join(', ')}</span>
                </li>
              ))}
            </ul>
          )}
          <p className="stat-foot">
            Examples: {c.examples.length > 0 ? c.examples.join(', ') : 'none in this window'}
            {c.terms.length > 0 ? ` · characteristic terms: ${c.terms.slice(0, 8).join(', ')}` : ''}
          </p>
        </Card>
        <Card
          title="Tickets"
          subtitle={`${formatCount(page.total)} tickets in the window, in ticket-id order; tick some to split them off below`}
          className="span-4"
          testId="cluster-tickets"
        >
          <div className="table-scroll">
            <table className="data-table">
              <thead>
                <tr>
                  {canEdit ? <th scope="col">Split</th> : null}
                  <th scope="col">Key</th>
                  <th scope="col">Title</th>
                  <th scope="col">Status</th>
                  <th scope="col">Created</th>
                  <th scope="col" className="num">
                    Lead time
                  </th>
                  <th scope="col" className="num">
                    Queue
                  </th>
                  <th scope="col" className="num">
                    Active
                  </th>
                </tr>
              </thead>
              <tbody>
                {page.items.map((t) => (
                  <tr key={`${t.source}:${t.key}`} data-testid="ticket-row">
                    {canEdit ? (
                      <td>
                        <input
                          type="checkbox"
                          form="split-form"
                          name="ticketKeys"
                          value={`${t.source}:${t.key}`}
                          aria-label={`Split ${t.key} off`}
                        />
                      </td>
                    ) : null}
                    <td className="mono nowrap" data-testid="ticket-key">
                      {t.key}
                    </td>
                    <td className="title-cell">{t.title}</td>
                    <td>
                      <span className={`status status-${t.statusCategory}`}>{t.status}</span>
                    </td>
                    <td className="nowrap">{formatDate(t.createdAt, timeZone)}</td>
                    <td className="num">{formatHours(t.leadTimeFirstHours)}</td>
                    <td className="num">{formatHours(t.queueHours)}</td>
                    <td className="num">{formatHours(t.activeHours)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <nav className="pager" aria-label="Ticket pages">
            {state.cursor ? (
              <Link href={toilHref(`/clusters/${encodeURIComponent(c.id)}`, state)} data-testid="first-page">
                ← First page
              </Link>
            ) : null}
            {page.nextCursor ? (
              <Link
                href={toilHref(
                  `/clusters/${encodeURIComponent(c.id)}`,
                  state,
                  {},
                  { cursor: page.nextCursor },
                )}
                data-testid="next-page"
              >
                Next {PAGE_SIZE} →
              </Link>
            ) : null}
            <span className="muted">
              {formatCount(page.items.length)} shown of {formatCount(page.total)}
            </span>
          </nav>
        </Card>
        {canEdit ? (
          <OverrideForms
            cluster={{ id: c.id, label: c.label, excluded: c.excluded }}
            templates={c.templates.map((t) => ({ id: t.id, text: t.text, tickets: t.tickets }))}
            others={all.filter((x) => x.id !== c.id).map((x) => ({ id: x.id, label: x.label }))}
            back={query}
          />
        ) : (
          <p className="empty-note span-4">Editors can rename, merge, split or exclude this request type.</p>
        )}
        <Card
          title="Overrides"
          subtitle="Decisions about this request type; they are re-applied after every re-clustering"
          className="span-4"
          testId="cluster-overrides"
        >
          {mine.length === 0 ? (
            <p className="empty-note">No overrides for this request type.</p>
          ) : (
            <ul className="check-list override-list">
              {mine.map((o) => (
                <li key={o.id} data-testid="override-item" data-action={o.action}>
                  <span>
                    {describeOverride(o, labelOf)}{' '}
                    <span className="cell-note">
                      #{o.id} · {formatDate(o.createdAt, timeZone)}
                      {o.createdBy ? ` · ${o.createdBy}` : ''}
                    </span>
                  </span>
                  {canEdit && o.id !== undefined ? (
                    <ActionForm
                      action={undoOverride}
                      submitLabel="Undo"
                      pendingLabel="Undoing…"
                      testId="undo-form"
                    >
                      <input type="hidden" name="overrideId" value={o.id} />
                      <input type="hidden" name="clusterId" value={c.id} />
                      <input type="hidden" name="back" value={query} />
                    </ActionForm>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
    </>
  );
}
