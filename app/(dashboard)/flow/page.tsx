import type { Metadata } from 'next';
import { Suspense } from 'react';
import { CardSkeleton } from '@/app/_components/card';
import { EmptyState } from '@/app/_components/empty-state';
import { formatDate } from '@/app/_components/format';
import { requireViewer } from '@/app/_lib/authorize';
import { getDatabase } from '@/app/_lib/db';
import type { FlowPageFilters } from '@/db/queries/flow-page';
import { listClusterOptions } from '@/db/queries/flow-page';
import { listFilterOptions } from '@/db/queries/overview';
import { countTickets } from '@/db/queries/tickets';
import { getConfigInForce } from '@/lib/analysis/config-in-force';
import {
  AgingWipCard,
  BreakdownCard,
  DoraCard,
  type FlowWidgetProps,
  LeadTimeCard,
  SurvivalCard,
  ThroughputCard,
} from './_widgets/cards';
import { FlowFilters } from './_widgets/flow-filters';
import { type FlowState, parseFlowSearchParams, type RawSearchParams } from './search-params';

// Every figure is read per request; `next build` must never touch the database.
export const dynamic = 'force-dynamic';

export const metadata: Metadata = { title: 'Flow' };

function windowCaption(state: FlowState, timeZone: string): string {
  const to = formatDate(new Date(state.to.getTime() - 1), timeZone);
  if (!state.from) return `all time up to ${to}`;
  return `${formatDate(state.from, timeZone)} – ${to}`;
}

export default async function FlowPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  await requireViewer();
  const asOf = new Date();
  const state = parseFlowSearchParams(await searchParams, asOf);
  const database = await getDatabase();
  const [ticketCount, options, clusters, { config }] = await Promise.all([
    countTickets({ db: database.db }),
    listFilterOptions({ db: database.db }),
    listClusterOptions({ sql: database.sql }),
    getConfigInForce({ db: database.db }),
  ]);
  const timeZone = config.reportTimeZone;
  const filters: FlowPageFilters = {
    from: state.from,
    to: state.to,
    asOf,
    team: state.team,
    source: state.source,
    cluster: state.cluster,
    method: state.method,
    timeZone,
    reopenWindowDays: config.reopenWindowDays,
    incidentTypes: config.incidentTypes,
  };
  const window = windowCaption(state, timeZone);
  const props: FlowWidgetProps = { filters, window, scale: state.scale };
  const clusterLabel = clusters.find((c) => c.id === state.cluster)?.label ?? state.cluster;

  return (
    <>
      <div className="page-heading">
        <div>
          <h1>Flow</h1>
          {ticketCount > 0 ? (
            <p className="muted" data-testid="window-caption">
              First resolved {window} ({timeZone}) · {state.method} percentiles
              {state.team ? ` · team ${state.team}` : ''}
              {state.source ? ` · source ${state.source}` : ''}
              {state.cluster ? ` · request type ${clusterLabel}` : ''}
            </p>
          ) : null}
        </div>
        {ticketCount > 0 ? <FlowFilters state={state} options={options} clusters={clusters} /> : null}
      </div>
      {ticketCount === 0 ? (
        <EmptyState />
      ) : (
        <div className="dashboard-grid">
          <Suspense fallback={<CardSkeleton title="Lead time" className="span-4" lines={8} />}>
            <LeadTimeCard {...props} />
          </Suspense>
          <Suspense fallback={<CardSkeleton title="Aging work in progress" className="span-2" lines={8} />}>
            <AgingWipCard {...props} />
          </Suspense>
          <Suspense
            fallback={
              <CardSkeleton title="Lead time with open tickets counted" className="span-2" lines={4} />
            }
          >
            <SurvivalCard {...props} />
          </Suspense>
          <Suspense fallback={<CardSkeleton title="Throughput" className="span-2" lines={6} />}>
            <ThroughputCard {...props} />
          </Suspense>
          <Suspense
            fallback={<CardSkeleton title="Queue vs waiting vs active" className="span-2" lines={6} />}
          >
            <BreakdownCard {...props} />
          </Suspense>
          <Suspense
            fallback={<CardSkeleton title="DORA-style request metrics" className="span-4" lines={4} />}
          >
            <DoraCard {...props} />
          </Suspense>
        </div>
      )}
    </>
  );
}
