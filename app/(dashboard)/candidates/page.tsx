import type { Metadata } from 'next';
import { EmptyState } from '@/app/_components/empty-state';
import { formatDate } from '@/app/_components/format';
import { requireViewer } from '@/app/_lib/authorize';
import { getDatabase } from '@/app/_lib/db';
import { listFilterOptions } from '@/db/queries/overview';
import { countTickets } from '@/db/queries/tickets';
import { getConfigInForce } from '@/lib/analysis/config-in-force';
import { loadCandidateFacts } from '@/lib/reports/candidates';
import { CandidatesExplorer } from './_widgets/candidates-explorer';
import { ToilFilters } from './_widgets/toil-filters';
import { parseToilSearchParams, type RawSearchParams, scopeOf, toilQuery } from './search-params';
import { whatIfFromSearchParams, whatIfParams } from './what-if';

// Every figure is read per request; `next build` must never touch the database.
export const dynamic = 'force-dynamic';

export const metadata: Metadata = { title: 'Candidates' };

function originText(origin: Awaited<ReturnType<typeof getConfigInForce>>['origin']): string {
  if (origin.kind === 'file') return `cost model from ${origin.path}`;
  if (origin.kind === 'saved') return `cost model of saved settings v${origin.version}`;
  return 'default cost model';
}

export default async function CandidatesPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  await requireViewer();
  const asOf = new Date();
  const raw = await searchParams;
  const state = parseToilSearchParams(raw, asOf);
  const database = await getDatabase();
  const [ticketCount, options, { config, origin }] = await Promise.all([
    countTickets({ db: database.db }),
    listFilterOptions({ db: database.db }),
    getConfigInForce({ db: database.db }),
  ]);
  const loaded = ticketCount > 0 ? await loadCandidateFacts(database, scopeOf(state, asOf), config) : null;
  const timeZone = config.reportTimeZone;
  const whatIf = whatIfFromSearchParams(raw, config.costModel);
  const window = loaded?.window
    ? `${formatDate(loaded.window.from, timeZone)} – ${formatDate(new Date(loaded.window.to.getTime() - 1), timeZone)}`
    : null;

  return (
    <>
      <div className="page-heading">
        <div>
          <h1>Candidates</h1>
          {ticketCount > 0 ? (
            <p className="muted" data-testid="window-caption">
              Request types to automate next · created {window ?? 'in this window'} ({timeZone}) ·{' '}
              {originText(origin)}
              {state.team ? ` · team ${state.team}` : ''}
              {state.source ? ` · source ${state.source}` : ''}
            </p>
          ) : null}
        </div>
        {ticketCount > 0 ? (
          <ToilFilters
            path="/candidates"
            state={state}
            options={options}
            keep={whatIfParams(whatIf, config.costModel)}
          />
        ) : null}
      </div>
      {ticketCount === 0 || !loaded ? (
        <EmptyState />
      ) : (
        <div className="dashboard-grid">
          <CandidatesExplorer
            facts={loaded.facts}
            costModel={config.costModel}
            initialInputs={whatIf}
            detailQuery={toilQuery(state)}
          />
        </div>
      )}
    </>
  );
}
