import { Card } from '@/app/_components/card';
import { MonthlyTrendChart } from '@/app/_components/charts/monthly-trend-chart';
import { formatMoney, formatPercent } from '@/app/_components/format';
import type { CandidateReportRow } from '@/lib/reports/candidates';
import type { LeadershipTrends } from '@/lib/reports/impact';

/** DORA-style request trends over the year, by month of first resolution. */
export function DoraTrends({ trends }: { trends: LeadershipTrends }) {
  const r = trends.requests;
  const charts = [
    {
      title: 'Request lead time, median',
      unit: 'h',
      points: r.map((m) => ({ period: m.period, value: m.leadTimeP50Hours })),
    },
    {
      title: 'Throughput',
      unit: 'resolved',
      points: r.map((m) => ({ period: m.period, value: m.resolved })),
    },
    {
      title: 'Ever reopened',
      unit: '%',
      points: r.map((m) => ({
        period: m.period,
        value: m.resolved ? (100 * m.everReopened) / m.resolved : null,
      })),
    },
    {
      title: 'Incident time to restore, median',
      unit: 'h',
      points: r.map((m) => ({ period: m.period, value: m.incidentRestoreP50Hours })),
    },
  ];
  const deployments = trends.deployments;
  return (
    <Card
      title="DORA-style trends over the year"
      className="span-4"
      testId="dora-trends"
      subtitle={`by month of first resolution (${trends.timeZone}); medians nearest-rank; months without a value left blank`}
    >
      <div className="trend-grid">
        {charts.map((c) => (
          <div key={c.title}>
            <h3 className="section-title">{c.title}</h3>
            <MonthlyTrendChart points={c.points} label={c.title} unit={c.unit} />
          </div>
        ))}
        {deployments ? (
          <>
            <div>
              <h3 className="section-title">Deployments (successful)</h3>
              <MonthlyTrendChart
                points={deployments.map((d) => ({ period: d.period, value: d.successful }))}
                label="Successful deployments per month"
                unit="deployments"
              />
            </div>
            <div>
              <h3 className="section-title">Change failure rate</h3>
              <MonthlyTrendChart
                points={deployments.map((d) => ({
                  period: d.period,
                  value: d.successful + d.failed ? (100 * d.failed) / (d.successful + d.failed) : null,
                }))}
                label="Change failure rate per month"
                unit="%"
              />
            </div>
          </>
        ) : null}
      </div>
    </Card>
  );
}

export function ToilShare({ trends }: { trends: LeadershipTrends }) {
  const last = [...trends.toilShare].reverse().find((m) => m.share !== null);
  return (
    <Card
      title="Toil share"
      className="span-2"
      testId="toil-share"
      subtitle="requests that still took a person (tickets in a repeated request type: 5+ tickets, not excluded) ÷ all requests (tickets + self-service runs), by month"
    >
      <p className="stat-value">{formatPercent(last?.share ?? null)}</p>
      <MonthlyTrendChart
        points={trends.toilShare.map((m) => ({
          period: m.period,
          value: m.share === null ? null : 100 * m.share,
        }))}
        label="Toil share per month"
        unit="%"
      />
    </Card>
  );
}

export function NextCandidates({ candidates }: { candidates: CandidateReportRow[] }) {
  return (
    <Card
      title="Next to automate"
      className="span-2"
      testId="next-candidates"
      subtitle="top of the Candidates ranking, automated request types left out"
    >
      {candidates.length === 0 ? (
        <p className="empty-note">No candidates in this window.</p>
      ) : (
        <table className="data-table">
          <thead>
            <tr>
              <th>#</th>
              <th>Request type</th>
              <th className="num">tickets / month</th>
              <th className="num">monthly cost</th>
              <th className="num">payback</th>
            </tr>
          </thead>
          <tbody>
            {candidates.map((c, i) => (
              <tr key={c.clusterId}>
                <td>{i + 1}</td>
                <td>
                  <a href={`/clusters/${encodeURIComponent(c.clusterId)}`}>{c.label}</a>
                </td>
                <td className="num">{c.ticketsPerMonth.toFixed(1)}</td>
                <td className="num">{formatMoney(c.monthlyCost)}</td>
                <td className="num">{c.paybackMonths === null ? '—' : `${c.paybackMonths.toFixed(1)} mo`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Card>
  );
}
