import type { Metadata } from 'next';
import { Suspense } from 'react';
import { Card, CardSkeleton } from '@/app/_components/card';
import { formatCount, formatDateTime, formatHours } from '@/app/_components/format';
import { requireViewer } from '@/app/_lib/authorize';
import { getDatabase } from '@/app/_lib/db';
import { listConnectionStatus, listRecentRuns, listUnmappedStatuses } from '@/db/queries/sync';
import { getConfigInForce } from '@/lib/analysis/config-in-force';
import { INGEST_SOURCES } from '@/lib/ingest/registry';
import { REPORT_TIME_ZONE } from '../_widgets/report';

// Read per request: runs finish while the page is open.
export const dynamic = 'force-dynamic';

export const metadata: Metadata = { title: 'Sync' };

const when = (iso: string | null) => (iso ? formatDateTime(iso, REPORT_TIME_ZONE) : '—');

function age(iso: string | null, now: Date): string {
  if (!iso) return 'never';
  if (now.getTime() - Date.parse(iso) < 60_000) return 'just now';
  return `${formatHours(Math.max(0, now.getTime() - Date.parse(iso)) / 3_600_000)} ago`;
}

function duration(startedAt: string, finishedAt: string | null): string {
  if (!finishedAt) return '—';
  const seconds = (Date.parse(finishedAt) - Date.parse(startedAt)) / 1000;
  return seconds < 120 ? `${seconds.toFixed(1)} s` : formatHours(seconds / 3600);
}

function scopeText(scope: Record<string, unknown>): string {
  const parts = Object.entries(scope)
    .filter(([, v]) => v !== undefined && v !== null && v !== '')
    .map(([k, v]) => (k === 'jql' || k === 'source' ? String(v) : `${k}: ${String(v)}`));
  return parts.join(' · ') || '—';
}

function RunStatus({ status, error }: { status: string | null; error?: string | null }) {
  if (!status) return <span className="muted">no runs</span>;
  const label = status === 'failed' && error?.startsWith('interrupted') ? 'interrupted' : status;
  return <span className={`status run-${label}`}>{label}</span>;
}

async function ConnectionsCard({ now }: { now: Date }) {
  const { db } = await getDatabase();
  const connections = await listConnectionStatus({ db });
  return (
    <Card
      title="Connections"
      subtitle="Where tickets come from, and how fresh each source's data is"
      className="span-4"
      testId="connections-card"
    >
      {connections.length === 0 ? (
        <p className="empty-note">
          No connections yet. Run <code>toilscope ingest jira --base-url URL --jql JQL</code>,{' '}
          <code>toilscope ingest linear</code> or <code>toilscope ingest github --repo OWNER/NAME</code>.
        </p>
      ) : (
        <div className="table-scroll">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Connection</th>
                <th scope="col">Scope</th>
                <th scope="col" className="num">
                  Tickets
                </th>
                <th scope="col">Last success</th>
                <th scope="col">Next run reads</th>
                <th scope="col">Id census</th>
                <th scope="col">Last run</th>
              </tr>
            </thead>
            <tbody>
              {connections.map((c) => {
                const overlapMs = INGEST_SOURCES[c.kind]?.overlapMs ?? 0;
                const nextFrom = c.cursorAt
                  ? new Date(Date.parse(c.cursorAt) - overlapMs).toISOString()
                  : null;
                return (
                  <tr key={c.id} data-testid="connection-row">
                    <td className="nowrap">
                      <span className="type-label">{c.name}</span>
                      <span className="tag">{c.kind}</span>
                      {c.baseUrl ? <span className="cell-note mono">{c.baseUrl}</span> : null}
                    </td>
                    <td className="mono">{scopeText(c.scope)}</td>
                    <td className="num">
                      {formatCount(c.liveTickets)}
                      {c.deletedTickets > 0 ? (
                        <span className="cell-note">{formatCount(c.deletedTickets)} deleted</span>
                      ) : null}
                    </td>
                    <td className="nowrap" data-testid="connection-freshness">
                      {age(c.lastSuccessAt, now)}
                      <span className="cell-note">{when(c.lastSuccessAt)}</span>
                    </td>
                    <td className="nowrap">
                      {c.kind === 'file' ? (
                        <span className="muted">file imports</span>
                      ) : nextFrom ? (
                        <>
                          changes since
                          <span className="cell-note">{when(nextFrom)}</span>
                        </>
                      ) : (
                        'everything (first run)'
                      )}
                    </td>
                    <td className="nowrap">{c.kind === 'file' ? '—' : age(c.censusAt, now)}</td>
                    <td>
                      <RunStatus status={c.lastRunStatus} error={c.lastRunError} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}

async function RunsCard() {
  const { db } = await getDatabase();
  const runs = await listRecentRuns({ db, limit: 20 });
  return (
    <Card
      title="Recent runs"
      subtitle="The last 20 ingests, imports and demo loads"
      className="span-4"
      testId="runs-card"
    >
      {runs.length === 0 ? (
        <p className="empty-note">Nothing has run yet.</p>
      ) : (
        <div className="table-scroll">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Started</th>
                <th scope="col">Connection</th>
                <th scope="col">Status</th>
                <th scope="col">Read</th>
                <th scope="col" className="num">
                  Took
                </th>
                <th scope="col" className="num">
                  Pages
                </th>
                <th scope="col" className="num">
                  Tickets
                </th>
                <th scope="col" className="num">
                  Retries
                </th>
                <th scope="col" className="num">
                  Rejected
                </th>
                <th scope="col">Error / census</th>
              </tr>
            </thead>
            <tbody>
              {runs.map((r) => (
                <tr key={r.id} data-testid="run-row" data-status={r.status}>
                  <td className="nowrap">{when(r.startedAt)}</td>
                  <td className="nowrap">
                    {r.connectionName}
                    <span className="cell-note">{r.kind}</span>
                  </td>
                  <td>
                    <RunStatus status={r.status} error={r.error} />
                  </td>
                  <td className="nowrap">
                    {r.kind !== 'ingest'
                      ? '—'
                      : r.cursorFrom
                        ? `changes since ${when(r.cursorFrom)}`
                        : 'full load'}
                  </td>
                  <td className="num">{duration(r.startedAt, r.finishedAt)}</td>
                  <td className="num">{formatCount(r.pages)}</td>
                  <td className="num">{formatCount(r.tickets)}</td>
                  <td className="num">{formatCount(r.retries)}</td>
                  <td className="num">{formatCount(r.rejected)}</td>
                  <td className="run-error" data-testid="run-error">
                    {r.error ? (
                      <span title={r.error}>{r.error}</span>
                    ) : r.census ? (
                      <span className="muted">
                        census: {r.census.deleted} deleted, {r.census.moved} moved, {r.census.filled} filled
                      </span>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}

async function UnmappedStatusesCard() {
  const { db } = await getDatabase();
  const { config } = await getConfigInForce({ db });
  const unmapped = await listUnmappedStatuses({ db, statusMap: config.statusMap });
  return (
    <Card
      title="Unmapped statuses"
      subtitle="Counted as queue until you map them in statusMap (from the last analysis)"
      className="span-2"
      testId="unmapped-statuses-card"
    >
      {unmapped.length === 0 ? (
        <p className="empty-note">Every status maps to a category.</p>
      ) : (
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">Status</th>
              <th scope="col">Sources</th>
              <th scope="col" className="num">
                Tickets
              </th>
            </tr>
          </thead>
          <tbody>
            {unmapped.map((s) => (
              <tr key={s.status} data-testid="unmapped-status-row">
                <td>
                  <span className="status">{s.status}</span>
                </td>
                <td className="muted">{s.sources.join(', ')}</td>
                <td className="num">{formatCount(s.tickets)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Card>
  );
}

interface SourceFacts {
  deployment?: string;
  requestTypeField?: string | null;
  slaFields?: Array<{ id: string; name: string }>;
  coverage?: {
    tickets?: number;
    noPriority?: number;
    noAssignee?: number;
    noRequestType?: number;
    archived?: number;
    triageSkipped?: number;
    pullRequestsSkipped?: number;
  };
  labelStatus?: Record<string, string>;
}

async function SourceFieldsCard() {
  const { db } = await getDatabase();
  const connections = (await listConnectionStatus({ db })).filter((c) => c.sourceDetail && c.kind !== 'file');
  return (
    <Card
      title="Source fields"
      subtitle="Fields found on the newest run that read tickets, and canonical fields the source left empty"
      className="span-2"
      testId="source-fields-card"
    >
      {connections.length === 0 ? (
        <p className="empty-note">No API connection has run yet.</p>
      ) : (
        <ul className="source-facts">
          {connections.map((c) => {
            const facts = (c.sourceDetail ?? {}) as SourceFacts;
            const coverage = facts.coverage ?? {};
            const seen = coverage.tickets ?? 0;
            const missing = [
              ['priority', coverage.noPriority],
              ['assignee', coverage.noAssignee],
              [
                'request type',
                c.kind === 'jira' && facts.requestTypeField ? coverage.noRequestType : undefined,
              ],
            ].filter(([, n]) => typeof n === 'number' && n > 0) as Array<[string, number]>;
            return (
              <li key={c.id} data-testid="source-facts">
                <p>
                  <span className="type-label">{c.name}</span>
                  {facts.deployment ? <span className="tag">{facts.deployment}</span> : null}
                </p>
                {c.kind === 'linear' ? (
                  <p className="muted">
                    Archived issues read: {formatCount(coverage.archived ?? 0)} · created outside triage (no
                    triage time): {formatCount(coverage.triageSkipped ?? 0)}
                  </p>
                ) : null}
                {c.kind === 'github' ? (
                  <p className="muted">
                    Pull requests skipped: {formatCount(coverage.pullRequestsSkipped ?? 0)} · status labels:{' '}
                    {Object.entries(facts.labelStatus ?? {})
                      .map(([label, category]) => `${label} → ${category}`)
                      .join(', ') || 'none'}
                  </p>
                ) : null}
                {c.kind === 'jira' ? (
                  <p className="muted">
                    Request type:{' '}
                    {facts.requestTypeField ? (
                      <span className="mono">{facts.requestTypeField}</span>
                    ) : (
                      'not found (no Service Management field)'
                    )}
                    {' · '}SLA fields:{' '}
                    {facts.slaFields && facts.slaFields.length > 0
                      ? facts.slaFields.map((f) => f.name).join(', ')
                      : 'none'}
                  </p>
                ) : null}
                <p className="muted">
                  {seen === 0
                    ? 'No tickets read on the newest run.'
                    : missing.length === 0
                      ? `Every one of the ${formatCount(seen)} tickets read had ${c.kind === 'jira' ? 'a priority, assignee and request type' : 'a priority and an assignee'}.`
                      : `Of ${formatCount(seen)} tickets read: ${missing.map(([f, n]) => `${formatCount(n)} without ${f}`).join(', ')}.`}
                </p>
              </li>
            );
          })}
        </ul>
      )}
    </Card>
  );
}

export default async function SyncPage() {
  await requireViewer();
  const now = new Date();
  return (
    <>
      <div className="page-heading">
        <div>
          <h1>Sync</h1>
          <p className="muted">Connections, their runs, and what the data does not say yet</p>
        </div>
      </div>
      <div className="dashboard-grid">
        <Suspense fallback={<CardSkeleton title="Connections" className="span-4" lines={4} />}>
          <ConnectionsCard now={now} />
        </Suspense>
        <Suspense fallback={<CardSkeleton title="Recent runs" className="span-4" lines={6} />}>
          <RunsCard />
        </Suspense>
        <Suspense fallback={<CardSkeleton title="Unmapped statuses" className="span-2" lines={4} />}>
          <UnmappedStatusesCard />
        </Suspense>
        <Suspense fallback={<CardSkeleton title="Source fields" className="span-2" lines={4} />}>
          <SourceFieldsCard />
        </Suspense>
      </div>
    </>
  );
}
