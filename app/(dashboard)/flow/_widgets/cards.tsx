import { Card } from '@/app/_components/card';
import { AgingChart } from '@/app/_components/charts/aging-chart';
import { LeadTimeScatter } from '@/app/_components/charts/lead-time-scatter';
import { SurvivalChart, type SurvivalPoint } from '@/app/_components/charts/survival-chart';
import { ThroughputChart } from '@/app/_components/charts/throughput-chart';
import { formatCount, formatHours, formatPercent } from '@/app/_components/format';
import type { FlowPageFilters, PageDistribution } from '@/db/queries/flow-page';
import type { SurvivalPercentile, SurvivalStep } from '@/lib/metrics';
import { loadFlow } from './data';
import { DistributionCells, FigureFoot } from './figures';

export interface FlowWidgetProps {
  filters: FlowPageFilters;
  /** "1 Mar 2025 – 29 May 2025", shown under every figure. */
  window: string;
  scale: 'linear' | 'log';
}

const lines = (d: PageDistribution) => ({ p50: d.p50, p85: d.p85, p95: d.p95 });

export async function LeadTimeCard({ filters, window, scale }: FlowWidgetProps) {
  const data = await loadFlow(filters);
  const d = data.leadTime;
  const sampled = data.scatter.length < data.resolved;
  return (
    <Card
      title="Lead time"
      subtitle="Created → first resolution, per ticket first resolved in the window"
      className="span-4"
      testId="lead-time-card"
    >
      {d.n === 0 ? (
        <p className="empty-note">No tickets were first resolved in this window.</p>
      ) : (
        <>
          <dl className="stat-pair">
            {(['p50', 'p85', 'p95'] as const).map((name) => (
              <div key={name}>
                <dt>{name}</dt>
                <dd className="stat-value" data-testid={`lead-time-${name}`}>
                  {d.values ? '—' : formatHours(d[name])}
                </dd>
              </div>
            ))}
          </dl>
          <LeadTimeScatter
            points={data.scatter.map((p) => ({ key: p.key, x: p.resolvedAt, y: p.leadTimeHours }))}
            lines={lines(d)}
            scale={scale}
            timeZone={filters.timeZone}
            label={`Lead time of ${data.resolved} tickets against their resolution date`}
          />
          <FigureFoot
            window={window}
            method={d.method}
            n={d.n}
            testId="lead-time-foot"
            extra={
              sampled
                ? `${formatCount(data.scatter.length)} of ${formatCount(data.resolved)} tickets plotted (even sample); lines from all`
                : `${scale === 'log' ? 'log' : 'linear'} axis`
            }
          />
        </>
      )}
    </Card>
  );
}

export async function AgingWipCard({ filters, window }: FlowWidgetProps) {
  const data = await loadFlow(filters);
  const p85 = data.leadTime.p85;
  const beyond = p85 === null ? 0 : data.aging.filter((a) => a.ageHours > p85).length;
  const shown = data.aging.length;
  return (
    <Card
      title="Aging work in progress"
      subtitle="Age of each open ticket by current category, against resolved lead-time percentiles"
      className="span-2"
      testId="aging-card"
    >
      {data.open === 0 ? (
        <p className="empty-note">No open tickets.</p>
      ) : (
        <>
          <p className="stat-value" data-testid="open-count">
            {formatCount(data.open)}
            <span className="stat-unit"> open · {formatCount(beyond)} older than p85</span>
          </p>
          <AgingChart
            points={data.aging}
            lines={lines(data.leadTime)}
            label={`Age of ${shown} open tickets`}
          />
          <FigureFoot
            window="open now (any creation date)"
            method={data.leadTime.method}
            n={data.open}
            testId="aging-foot"
            extra={`${shown < data.open ? `oldest ${formatCount(shown)} shown; ` : ''}lines: lead time of ${window}, n = ${formatCount(data.leadTime.n)}`}
          />
        </>
      )}
    </Card>
  );
}

export async function ThroughputCard({ filters, window }: FlowWidgetProps) {
  const data = await loadFlow(filters);
  const total = data.throughput.reduce((sum, w) => sum + w.count, 0);
  return (
    <Card
      title="Throughput"
      subtitle={`First resolutions per week (weeks start Monday, ${filters.timeZone}), empty weeks shown as 0`}
      className="span-2"
      testId="throughput-card"
    >
      {data.throughput.length === 0 ? (
        <p className="empty-note">No resolutions in this window.</p>
      ) : (
        <>
          <ThroughputChart weeks={data.throughput} label={`First resolutions per week, ${total} in total`} />
          <FigureFoot
            window={window}
            method="count"
            n={total}
            testId="throughput-foot"
            extra={`${data.throughput.length} weeks; first and last may be partial`}
          />
        </>
      )}
    </Card>
  );
}

export async function BreakdownCard({ filters, window }: FlowWidgetProps) {
  const data = await loadFlow(filters);
  const { queueHours, waitingHours, activeHours } = data.totals;
  const all = queueHours + waitingHours + activeHours;
  const share = (h: number) => (all > 0 ? h / all : null);
  const rows = [
    { label: 'In queue (incl. triage)', d: data.queue, seg: 'seg-queue' },
    { label: 'Waiting on the requester', d: data.waiting, seg: 'seg-waiting' },
    { label: 'Being worked on', d: data.active, seg: 'seg-active' },
    { label: 'Cycle time (first active → done)', d: data.cycleTime, seg: null },
  ];
  return (
    <Card
      title="Queue vs waiting vs active"
      subtitle="Where the elapsed time of resolved tickets went"
      className="span-2"
      testId="breakdown-card"
    >
      {data.resolved === 0 ? (
        <p className="empty-note">No tickets were first resolved in this window.</p>
      ) : (
        <>
          <div className="share-bar" role="img" aria-label="Split of elapsed time">
            <span className="share-seg seg-queue" style={{ width: formatPercent(share(queueHours), 2) }} />
            <span
              className="share-seg seg-waiting"
              style={{ width: formatPercent(share(waitingHours), 2) }}
            />
            <span className="share-seg seg-active" style={{ width: formatPercent(share(activeHours), 2) }} />
          </div>
          <div className="table-scroll">
            <table className="data-table" data-testid="breakdown-table">
              <thead>
                <tr>
                  <th>Time</th>
                  <th className="num">Share</th>
                  <th className="num">p50</th>
                  <th className="num">p85</th>
                  <th className="num">p95</th>
                  <th className="num">Mean</th>
                  <th className="num">n</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr key={row.label}>
                    <td>
                      {row.seg ? <span className={`dot ${row.seg}`} /> : null} {row.label}
                    </td>
                    <td className="num">
                      {row.seg === 'seg-queue'
                        ? formatPercent(share(queueHours))
                        : row.seg === 'seg-waiting'
                          ? formatPercent(share(waitingHours))
                          : row.seg === 'seg-active'
                            ? formatPercent(share(activeHours))
                            : ''}
                    </td>
                    <DistributionCells d={row.d} />
                    <td className="num">{formatCount(row.d.n)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="stat-foot" data-testid="flow-efficiency">
            Flow efficiency: pooled {formatPercent(data.flowEfficiencyPooled)} (Σ active ÷ Σ elapsed) · mean
            of per-ticket ratios {formatPercent(data.flowEfficiencyMeanOfRatios)}
          </p>
          <FigureFoot window={window} method={data.queue.method} n={data.resolved} testId="breakdown-foot" />
        </>
      )}
    </Card>
  );
}

const CURVE_POINTS = 240;

/** At most CURVE_POINTS steps for the chart (every k-th plus the last); hours floored for the log axis. */
function curvePoints(curve: readonly SurvivalStep[]): SurvivalPoint[] {
  const step = Math.max(1, Math.ceil(curve.length / CURVE_POINTS));
  const picked = curve.filter((_, i) => i % step === 0 || i === curve.length - 1);
  return picked.map((s) => ({ hours: Math.max(0.1, s.timeHours), share: s.survival }));
}

function survivalText(p: SurvivalPercentile): string {
  if (p.value !== null) return formatHours(p.value);
  return p.greaterThan === null ? '—' : `> ${formatHours(p.greaterThan)}`;
}

export async function SurvivalCard({ filters, window }: FlowWidgetProps) {
  const data = await loadFlow(filters);
  const km = data.kaplanMeier;
  const d = data.leadTime;
  return (
    <Card
      title="Lead time with open tickets counted"
      subtitle="Kaplan–Meier treats tickets still open as “at least this old”; completed-only ignores them"
      className="span-2"
      testId="survival-card"
    >
      <table className="data-table" data-testid="survival-table">
        <thead>
          <tr>
            <th>Estimate</th>
            <th className="num">p50</th>
            <th className="num">p85</th>
            <th className="num">n</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <td>Completed only ({d.method})</td>
            <td className="num">{d.values ? '—' : formatHours(d.p50)}</td>
            <td className="num">{d.values ? '—' : formatHours(d.p85)}</td>
            <td className="num" data-testid="completed-n">
              {formatCount(d.n)}
            </td>
          </tr>
          <tr>
            <td>Kaplan–Meier</td>
            <td className="num" data-testid="km-p50">
              {survivalText(km.p50)}
            </td>
            <td className="num" data-testid="km-p85">
              {survivalText(km.p85)}
            </td>
            <td className="num" data-testid="km-n">
              {formatCount(km.n)}
            </td>
          </tr>
        </tbody>
      </table>
      {km.curve.length > 0 ? (
        <SurvivalChart
          kaplanMeier={curvePoints(km.curve)}
          completedOnly={curvePoints(data.completedOnlyCurve)}
          label="Share of tickets not yet resolved by age"
        />
      ) : null}
      <FigureFoot
        window={window}
        method="Kaplan–Meier"
        n={km.n}
        testId="survival-foot"
        extra={`${formatCount(km.events)} resolved + ${formatCount(km.censored)} open (censored at their age); durations grouped to 0.1 h`}
      />
    </Card>
  );
}

function Figure({
  label,
  value,
  testId,
  title,
}: {
  label: string;
  value: string;
  testId: string;
  title?: string;
}) {
  return (
    <div className="dora-figure" title={title}>
      <dt>{label}</dt>
      <dd className="stat-value" data-testid={testId}>
        {value}
      </dd>
    </div>
  );
}

export async function DoraCard({ filters, window }: FlowWidgetProps) {
  const data = await loadFlow(filters);
  const r = data.request;
  const dep = data.deployments;
  const rate = (part: number, whole: number) => (whole > 0 ? part / whole : null);
  return (
    <Card
      title="DORA-style request metrics"
      subtitle="Ticket analogues under their own names; the five DORA metrics only where deployment data exists"
      className="span-4"
      testId="dora-card"
    >
      <dl className="dora-grid">
        <Figure
          label="Request lead time p50"
          value={formatHours(data.leadTime.p50)}
          testId="dora-lead-time"
        />
        <Figure
          label="Request throughput"
          value={r.perWeek === null ? '—' : `${r.perWeek.toFixed(1)} / week`}
          testId="dora-throughput"
        />
        <Figure
          label={`Reopened within ${r.reopenWindowDays} days`}
          value={formatPercent(rate(r.reopenedWithin, data.resolved), 1)}
          testId="dora-reopen-rate"
          title={`${r.reopenedWithin} of ${data.resolved} first resolved in the window`}
        />
        <Figure
          label="Ever reopened"
          value={formatPercent(rate(r.everReopened, data.resolved), 1)}
          testId="dora-ever-reopened"
        />
        <Figure
          label="Incident time to restore (median)"
          value={formatHours(r.incidentRestore.p50)}
          testId="dora-restore"
          title={`n = ${r.incidentRestore.n}`}
        />
      </dl>
      <FigureFoot
        window={window}
        method={data.leadTime.method}
        n={data.resolved}
        testId="dora-foot"
        extra={`incidents n = ${formatCount(r.incidentRestore.n)}`}
      />
      {dep ? (
        <>
          <h3 className="section-title">Deployments (dora.dev)</h3>
          <dl className="dora-grid" data-testid="deployment-metrics">
            <Figure
              label="Deployment frequency"
              value={dep.frequency === null ? '—' : `${dep.frequency.toFixed(1)} / week`}
              testId="dora-deploy-frequency"
            />
            <Figure
              label="Change lead time p50"
              value={formatHours(dep.changeLeadTimeHours.p50)}
              testId="dora-change-lead-time"
              title={`${dep.changeLeadTimeHours.method}, n = ${dep.changeLeadTimeHours.n} commits`}
            />
            <Figure
              label="Change fail rate"
              value={formatPercent(dep.changeFailRate, 1)}
              testId="dora-fail-rate"
            />
            <Figure
              label="Failed deployment recovery p50"
              value={formatHours(dep.failedDeploymentRecoveryHours.p50)}
              testId="dora-recovery"
              title={`n = ${dep.failedDeploymentRecoveryHours.n}`}
            />
            <Figure
              label="Deployment rework rate"
              value={formatPercent(dep.reworkRate, 1)}
              testId="dora-rework"
            />
          </dl>
          <FigureFoot
            window={window}
            method={dep.changeLeadTimeHours.method}
            n={dep.deployments}
            testId="deployment-foot"
            extra={`${formatCount(dep.successful)} successful, ${formatCount(dep.failed)} failed deployments; change lead time n = ${formatCount(dep.changeLeadTimeHours.n)} commits`}
          />
        </>
      ) : (
        <p className="empty-note" data-testid="no-deployments">
          No deployments finished in this window, so the five DORA metrics are not shown.
        </p>
      )}
    </Card>
  );
}
