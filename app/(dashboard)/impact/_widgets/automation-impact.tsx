import { Card } from '@/app/_components/card';
import { ImpactVolumeChart } from '@/app/_components/charts/impact-volume-chart';
import { formatCount, formatDate, formatHours, formatPercent } from '@/app/_components/format';
import { impactMonths } from '@/lib/toil/impact';
import type { ImpactReport } from '@/lib/toil/impact-types';

/** Hours a month stay in hours (a leadership figure is compared month to month, not read as days). */
function monthlyHours(hours: number | null): string {
  return hours === null ? '—' : `${formatCount(Math.round(hours))} h`;
}

function signedPercent(fraction: number | null): string {
  if (fraction === null) return '—';
  const text = formatPercent(Math.abs(fraction), 1);
  return fraction < 0 ? `−${text}` : `+${text}`;
}

/** One automation's before/after figures: the headline, the volume chart, the comparison and who still files. */
export function AutomationImpact({ report, timeZone }: { report: ImpactReport; timeZone: string }) {
  const control = report.controlChange;
  const window = (w: ImpactReport['before']) =>
    `${formatDate(w.from, timeZone)} – ${formatDate(new Date(new Date(w.to).getTime() - 1), timeZone)}`;
  const launchPeriod = report.after.volumeByMonth[0]?.period ?? report.launchedAt.slice(0, 7);
  const naive = report.before.ticketsPerMonth - report.after.ticketsPerMonth;
  const range = report.uncertainty.avoidedTicketsPerMonthRange;
  return (
    <section
      className="impact-automation"
      data-testid={`impact-${report.name}`}
      aria-label={`Impact of ${report.name}`}
    >
      <h2 className="impact-title">
        {report.name} <span className="muted">· launched {formatDate(report.launchedAt, timeZone)}</span>
      </h2>
      <p className="muted impact-windows">
        Before {window(report.before)} ({formatCount(report.before.tickets)} tickets) · after{' '}
        {window(report.after)} ({formatCount(report.after.tickets)} tickets,{' '}
        {formatCount(report.selfServiceRuns)} self-service runs) · {timeZone}
      </p>
      <div className="dashboard-grid">
        <Card
          title="Hours saved per month"
          testId="headline-hours-saved"
          subtitle="requester wait + team handling avoided"
        >
          <p className="stat-value">
            {monthlyHours(report.realisedHoursSavedPerMonth)}
            <span className="stat-unit"> realised</span>
          </p>
          <p className="stat-foot">
            Projected from the candidate figures: {monthlyHours(report.projectedHoursSavedPerMonth)} a month
            if every request moved to self-service.
          </p>
        </Card>
        <Card
          title="Requester wait per ticket"
          testId="headline-wait"
          subtitle="queue + waiting, mean of resolved tickets"
        >
          <p className="stat-value">
            {formatHours(report.before.requesterWaitHoursPerTicket)}
            <span className="stat-unit"> → {formatHours(report.after.requesterWaitHoursPerTicket)}</span>
          </p>
          <p className="stat-foot">
            Self-service removes the wait for {formatCount(report.selfServiceRuns)} requests; the{' '}
            {formatCount(report.residualTickets)} tickets still filed changed by{' '}
            {report.waitRemovedHoursPerTicket === null ? '—' : formatHours(-report.waitRemovedHoursPerTicket)}{' '}
            each.
          </p>
        </Card>
        <Card
          title="Adoption"
          testId="headline-adoption"
          subtitle="runs ÷ (runs + tickets still filed), after launch"
        >
          <p className="stat-value">{formatPercent(report.adoption)}</p>
          <p className="stat-foot">
            {formatCount(report.selfServiceRuns)} runs, {formatCount(report.residualTickets)} residual tickets
            {report.unsuccessfulRuns
              ? `, ${formatCount(report.unsuccessfulRuns)} failed or canceled runs`
              : ''}
            .
          </p>
        </Card>
        <Card
          title="SLO attainment"
          testId="headline-slo"
          subtitle="cycles started in each window, before → after"
        >
          {report.before.sloAttainment.length === 0 ? (
            <p className="empty-note">No SLO policy applies to these tickets.</p>
          ) : (
            <table className="data-table">
              <tbody>
                {report.before.sloAttainment.map((b) => {
                  const a = report.after.sloAttainment.find((x) => x.policy === b.policy);
                  return (
                    <tr key={b.policy}>
                      <td>{b.policy}</td>
                      <td className="num">
                        {formatPercent(b.attainment)} → {formatPercent(a?.attainment ?? null)}
                      </td>
                      <td className="num muted">
                        n {b.cycles} / {a?.cycles ?? 0}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
        </Card>
        <Card
          title="Tickets and self-service runs by month"
          className="span-4"
          subtitle="the replaced request type's tickets (bars) and successful runs (line); the dashed line marks the launch month"
        >
          <ImpactVolumeChart
            months={impactMonths(report)}
            launchPeriod={launchPeriod}
            label={`Monthly tickets and runs for ${report.name}`}
          />
        </Card>
        <Card
          title="Against untouched request types"
          className="span-2"
          testId="impact-control"
          subtitle="difference in differences"
        >
          <p>
            Over the same windows the {formatCount(control.clusters)} untouched request types moved{' '}
            <strong>{signedPercent(control.relativeChange)}</strong> (
            {control.beforeTicketsPerMonth.toFixed(1)} → {control.afterTicketsPerMonth.toFixed(1)} tickets a
            month). Had {report.name} not shipped, {control.expectedAfterTicketsPerMonth?.toFixed(1) ?? '—'}{' '}
            tickets a month were expected; {report.after.ticketsPerMonth.toFixed(1)} were filed:{' '}
            <strong>{control.avoidedTicketsPerMonth?.toFixed(1) ?? '—'} avoided a month</strong> (before −
            after alone would say {naive.toFixed(1)}).
          </p>
          {range ? (
            <p className="muted">
              90 % range: {range[0].toFixed(1)} – {range[1].toFixed(1)} tickets a month.
            </p>
          ) : null}
          <p
            className={report.uncertainty.smallSample ? 'tag-alert' : 'muted'}
            data-testid="impact-uncertainty"
          >
            {report.uncertainty.note}
          </p>
        </Card>
        <Card
          title="Lead and queue time"
          className="span-2"
          subtitle="hours, nearest-rank, resolved tickets in each window"
        >
          <table className="data-table">
            <thead>
              <tr>
                <th />
                <th className="num">n</th>
                <th className="num">p50</th>
                <th className="num">p85</th>
                <th className="num">p95</th>
              </tr>
            </thead>
            <tbody>
              {(
                [
                  ['Lead time before', report.before.leadTimeHours],
                  ['Lead time after', report.after.leadTimeHours],
                  ['Queue time before', report.before.queueHours],
                  ['Queue time after', report.after.queueHours],
                ] as const
              ).map(([name, d]) => (
                <tr key={name}>
                  <td>{name}</td>
                  <td className="num">{d.n}</td>
                  <td className="num">{formatHours(d.p50)}</td>
                  <td className="num">{formatHours(d.p85)}</td>
                  <td className="num">{formatHours(d.p95)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h3 className="section-title">Who still files tickets after launch</h3>
          {report.residualRequesters.length === 0 ? (
            <p className="empty-note">Nobody: every request went through self-service.</p>
          ) : (
            <p className="muted" data-testid="residual-requesters">
              {report.residualRequesters.map((r) => `${r.requester} (${r.tickets})`).join(', ')}
            </p>
          )}
        </Card>
      </div>
    </section>
  );
}
