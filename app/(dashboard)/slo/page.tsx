import type { Metadata } from 'next';
import { Suspense } from 'react';
import { CardSkeleton } from '@/app/_components/card';
import { EmptyState } from '@/app/_components/empty-state';
import { formatDate } from '@/app/_components/format';
import { requireViewer } from '@/app/_lib/authorize';
import { getDatabase } from '@/app/_lib/db';
import { listSloFilterOptions } from '@/db/queries/slo-page';
import { countTickets } from '@/db/queries/tickets';
import { getConfigInForce } from '@/lib/analysis/config-in-force';
import {
  AtRiskCard,
  AttainmentCard,
  BreachesByTeamCard,
  BreachesByTypeCard,
  PolicyWeeksCards,
  type SloWidgetProps,
} from './_widgets/cards';
import type { SloQuery } from './_widgets/data';
import { NoSloPolicies } from './_widgets/no-policies';
import { SloFilters } from './_widgets/slo-filters';
import { parseSloSearchParams, type RawSearchParams, type SloState } from './search-params';

// Every figure is read per request; `next build` must never touch the database.
export const dynamic = 'force-dynamic';

export const metadata: Metadata = { title: 'SLOs' };

function windowCaption(state: SloState, timeZone: string): string {
  const to = formatDate(new Date(state.to.getTime() - 1), timeZone);
  if (!state.from) return `all time up to ${to}`;
  return `${formatDate(state.from, timeZone)} – ${to}`;
}

export default async function SloPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  await requireViewer();
  const asOf = new Date();
  const state = parseSloSearchParams(await searchParams, asOf);
  const database = await getDatabase();
  const [ticketCount, options, { config }] = await Promise.all([
    countTickets({ db: database.db }),
    listSloFilterOptions({ sql: database.sql }),
    getConfigInForce({ db: database.db }),
  ]);
  const timeZone = config.reportTimeZone;
  const query: SloQuery = {
    filters: {
      from: state.from,
      to: state.to,
      asOf,
      team: state.team,
      source: state.source,
      cluster: state.cluster,
      policy: state.policy,
      timeZone,
    },
    policies: config.slos.map((p) => ({ name: p.name, target: p.target })),
    calendars: config.calendars,
  };
  const window = windowCaption(state, timeZone);
  const props: SloWidgetProps = { query, state, window, timeZone };
  const clusterLabel = options.clusters.find((c) => c.id === state.cluster)?.label ?? state.cluster;
  const hasPolicies = config.slos.length > 0;

  return (
    <>
      <div className="page-heading">
        <div>
          <h1>SLOs</h1>
          {ticketCount > 0 && hasPolicies ? (
            <p className="muted" data-testid="window-caption">
              Cycles started {window} ({timeZone}) · business time per policy calendar
              {state.policy ? ` · policy ${state.policy}` : ''}
              {state.team ? ` · team ${state.team}` : ''}
              {state.source ? ` · source ${state.source}` : ''}
              {state.cluster ? ` · request type ${clusterLabel}` : ''}
            </p>
          ) : null}
        </div>
        {ticketCount > 0 && hasPolicies ? (
          <SloFilters state={state} options={options} policies={config.slos.map((p) => p.name)} />
        ) : null}
      </div>
      {ticketCount === 0 ? (
        <EmptyState />
      ) : !hasPolicies ? (
        <NoSloPolicies />
      ) : (
        <div className="dashboard-grid">
          <Suspense fallback={<CardSkeleton title="Attainment per policy" className="span-4" lines={5} />}>
            <AttainmentCard {...props} />
          </Suspense>
          <Suspense fallback={<CardSkeleton title="About to breach" className="span-4" lines={8} />}>
            <AtRiskCard {...props} />
          </Suspense>
          <Suspense fallback={<CardSkeleton title="Attainment per week" className="span-4" lines={8} />}>
            <PolicyWeeksCards {...props} />
          </Suspense>
          <Suspense fallback={<CardSkeleton title="Breaches by request type" className="span-2" lines={6} />}>
            <BreachesByTypeCard {...props} />
          </Suspense>
          <Suspense fallback={<CardSkeleton title="Breaches by team" className="span-2" lines={6} />}>
            <BreachesByTeamCard {...props} />
          </Suspense>
        </div>
      )}
    </>
  );
}
