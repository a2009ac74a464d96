import { Card } from '@/app/_components/card';
import { formatCount, formatHours, formatPercent } from '@/app/_components/format';
import type { Distribution } from '@/db/queries/overview';
import { loadOpenTickets, loadResolvedFlow, type OverviewFilters } from './data';

const DURATION_COPY = {
  lead: {
    title: 'Lead time',
    subtitle: 'Created → first done, for tickets first resolved in this window',
  },
  queue: {
    title: 'Queue time',
    subtitle: 'Waiting for the team (incl. triage), same tickets',
  },
} as const;

function DistributionFigures({
  distribution,
  testId,
  openCount,
}: {
  distribution: Distribution;
  testId: string;
  openCount: number;
}) {
  const caveat = openCount > 0 ? ` · resolved tickets only; ${formatCount(openCount)} still open` : '';
  if (distribution.n === 0) {
    return <p className="empty-note">No tickets were resolved in this window.</p>;
  }
  if (distribution.values) {
    return (
      <div data-testid={testId} data-n={distribution.n}>
        <p className="stat-values">{distribution.values.map((v) => formatHours(v)).join(', ')}</p>
        <p className="stat-foot">
          Too few tickets for percentiles — all values shown (n = {distribution.n}){caveat}
        </p>
      </div>
    );
  }
  return (
    <div data-testid={testId} data-n={distribution.n}>
      <dl className="stat-pair">
        <div>
          <dt title="Half of the tickets took at most this long">p50</dt>
          <dd className="stat-value" data-testid={`${testId}-p50`}>
            {formatHours(distribution.p50)}
          </dd>
        </div>
        <div>
          <dt title="85% of the tickets took at most this long">p85</dt>
          <dd className="stat-value stat-value-secondary" data-testid={`${testId}-p85`}>
            {formatHours(distribution.p85)}
          </dd>
        </div>
      </dl>
      <p className="stat-foot">
        nearest-rank, n = <span data-testid={`${testId}-n`}>{formatCount(distribution.n)}</span>
        {caveat}
      </p>
    </div>
  );
}

export async function DurationCard({
  filters,
  metric,
}: {
  filters: OverviewFilters;
  metric: 'lead' | 'queue';
}) {
  const [flow, open] = await Promise.all([loadResolvedFlow(filters), loadOpenTickets(filters)]);
  const copy = DURATION_COPY[metric];
  const distribution = metric === 'lead' ? flow.leadTimeHours : flow.queueHours;
  return (
    <Card title={copy.title} subtitle={copy.subtitle} testId={`${metric}-time-card`}>
      <DistributionFigures distribution={distribution} testId={`${metric}-time`} openCount={open.total} />
    </Card>
  );
}

export async function WaitingShareCard({ filters }: { filters: OverviewFilters }) {
  const flow = await loadResolvedFlow(filters);
  const shares = flow.timeShares;
  return (
    <Card
      title="Time spent waiting"
      subtitle="Waiting in queue or on the requester vs being worked on"
      testId="waiting-share-card"
    >
      {shares === null ? (
        <p className="empty-note">No resolved tickets with recorded time in this window.</p>
      ) : (
        <>
          <p className="stat-value" data-testid="waiting-share">
            {formatPercent(flow.waitingShare)}
            <span className="stat-unit"> waiting</span>
          </p>
          <div className="share-bar" role="img" aria-label="Split of elapsed time">
            <span className="share-seg seg-queue" style={{ width: formatPercent(shares.queue, 2) }} />
            <span className="share-seg seg-waiting" style={{ width: formatPercent(shares.waiting, 2) }} />
            <span className="share-seg seg-active" style={{ width: formatPercent(shares.active, 2) }} />
          </div>
          <ul className="share-legend">
            <li title={`${formatHours(flow.totals.queueHours)} in total`}>
              <span className="dot seg-queue" /> In queue
              <span className="legend-value">{formatPercent(shares.queue)}</span>
            </li>
            <li title={`${formatHours(flow.totals.waitingHours)} in total`}>
              <span className="dot seg-waiting" /> Waiting on the requester
              <span className="legend-value">{formatPercent(shares.waiting)}</span>
            </li>
            <li title={`${formatHours(flow.totals.activeHours)} in total`}>
              <span className="dot seg-active" /> Being worked on
              <span className="legend-value">{formatPercent(shares.active)}</span>
            </li>
          </ul>
          <p className="stat-foot">
            Flow efficiency (pooled) {formatPercent(flow.flowEfficiencyPooled)} · {formatCount(flow.resolved)}{' '}
            resolved tickets
          </p>
        </>
      )}
    </Card>
  );
}
