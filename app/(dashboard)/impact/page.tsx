import type { Metadata } from 'next';
import { EmptyState } from '@/app/_components/empty-state';
import { formatDateTime } from '@/app/_components/format';
import { hasRole, requireViewer } from '@/app/_lib/authorize';
import { getDatabase } from '@/app/_lib/db';
import { listClusters } from '@/db/queries/cluster-tickets';
import { countTickets } from '@/db/queries/tickets';
import { getConfigInForce } from '@/lib/analysis/config-in-force';
import { buildLeadershipReport } from '@/lib/reports/impact';
import { AutomationImpact } from './_widgets/automation-impact';
import { RegisterAutomation } from './_widgets/register-automation';
import { DoraTrends, NextCandidates, ToilShare } from './_widgets/trends';

// Every figure is read per request; `next build` must never touch the database.
export const dynamic = 'force-dynamic';

export const metadata: Metadata = { title: 'Impact' };

export default async function ImpactPage() {
  const principal = await requireViewer();
  const asOf = new Date();
  const database = await getDatabase();
  const [ticketCount, { config }] = await Promise.all([
    countTickets({ db: database.db }),
    getConfigInForce({ db: database.db }),
  ]);
  const timeZone = config.reportTimeZone;
  if (ticketCount === 0) {
    return (
      <>
        <div className="page-heading">
          <h1>Impact</h1>
        </div>
        <EmptyState />
      </>
    );
  }
  const { reports, trends, next } = await buildLeadershipReport(database, { config, asOf });
  const clusters = hasRole(principal, 'editor')
    ? (await listClusters({ sql: database.sql }))
        .filter((c) => !c.excluded)
        .sort((a, b) => b.tickets - a.tickets)
        .map((c) => ({ id: c.id, label: c.label, tickets: c.tickets }))
    : null;
  return (
    <>
      <div className="page-heading">
        <div>
          <h1>Impact</h1>
          <p className="muted" data-testid="window-caption">
            What the platform work changed · as of {formatDateTime(asOf, timeZone)} ({timeZone}) · before and
            after windows of {config.impactWindowDays} days around each launch
          </p>
        </div>
        <div className="impact-actions">
          <a className="button" href="/impact/report.pdf" data-testid="download-pdf">
            Download PDF
          </a>
          <a className="button" href="/impact/report.csv" data-testid="download-csv">
            CSV
          </a>
        </div>
      </div>
      {reports.length === 0 ? (
        <section className="card empty-state" data-testid="no-automations">
          <h2>No automations registered</h2>
          <p>
            Register one in <code>toilscope.config.json</code> under <code>automations</code> (a name, the
            request types it replaces, a launch date), then load its runs with{' '}
            <code>npm run toilscope -- import-runs runs.csv</code>.
          </p>
        </section>
      ) : (
        reports.map((report) => <AutomationImpact key={report.name} report={report} timeZone={timeZone} />)
      )}
      <div className="dashboard-grid impact-trends">
        <DoraTrends trends={trends} />
        <ToilShare trends={trends} />
        <NextCandidates candidates={next} />
        {clusters ? <RegisterAutomation clusters={clusters} /> : null}
      </div>
    </>
  );
}
