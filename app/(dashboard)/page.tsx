import type { Metadata } from 'next';
import { Suspense } from 'react';
import { CardSkeleton } from '@/app/_components/card';
import { EmptyState } from '@/app/_components/empty-state';
import { formatDate } from '@/app/_components/format';
import { requireViewer } from '@/app/_lib/authorize';
import { getDatabase } from '@/app/_lib/db';
import { listFilterOptions } from '@/db/queries/overview';
import { countTickets } from '@/db/queries/tickets';
import type { OverviewFilters } from './_widgets/data';
import { DurationCard, WaitingShareCard } from './_widgets/flow-cards';
import { OldestOpenCard, OpenTicketsCard } from './_widgets/open-tickets-card';
import { REPORT_TIME_ZONE } from './_widgets/report';
import { RequestTypesCard } from './_widgets/request-types-card';
import { VolumeCard } from './_widgets/volume-card';
import { WindowPicker } from './_widgets/window-picker';
import { type OverviewState, parseOverviewSearchParams, type RawSearchParams } from './search-params';

// Every figure is read per request; `next build` must never touch the database.
export const dynamic = 'force-dynamic';

export const metadata: Metadata = { title: 'Overview' };

function windowCaption(state: OverviewState): string {
  const to = formatDate(new Date(state.to.getTime() - 1), REPORT_TIME_ZONE);
  if (!state.from) return `All time, up to ${to}`;
  return `${formatDate(state.from, REPORT_TIME_ZONE)} – ${to}`;
}

export default async function OverviewPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  await requireViewer();
  const asOf = new Date();
  const state = parseOverviewSearchParams(await searchParams, asOf);
  const { db } = await getDatabase();
  const [ticketCount, options] = await Promise.all([countTickets({ db }), listFilterOptions({ db })]);

  const filters: OverviewFilters = {
    from: state.from,
    to: state.to,
    team: state.team,
    source: state.source,
    asOf,
    timeZone: REPORT_TIME_ZONE,
  };

  return (
    <>
      <div className="page-heading">
        <div>
          <h1>Overview</h1>
          {ticketCount > 0 ? (
            <p className="muted" data-testid="window-caption">
              {windowCaption(state)}
              {state.team ? ` · team ${state.team}` : ''}
              {state.source ? ` · source ${state.source}` : ''}
            </p>
          ) : null}
        </div>
        {ticketCount > 0 ? <WindowPicker state={state} options={options} /> : null}
      </div>
      {ticketCount === 0 ? (
        <EmptyState />
      ) : (
        <div className="dashboard-grid">
          <Suspense fallback={<CardSkeleton title="Lead time" />}>
            <DurationCard filters={filters} metric="lead" />
          </Suspense>
          <Suspense fallback={<CardSkeleton title="Queue time" />}>
            <DurationCard filters={filters} metric="queue" />
          </Suspense>
          <Suspense fallback={<CardSkeleton title="Time spent waiting" />}>
            <WaitingShareCard filters={filters} />
          </Suspense>
          <Suspense fallback={<CardSkeleton title="Open tickets" />}>
            <OpenTicketsCard filters={filters} />
          </Suspense>
          <Suspense fallback={<CardSkeleton title="Ticket volume" className="span-4" lines={6} />}>
            <VolumeCard filters={filters} />
          </Suspense>
          <Suspense fallback={<CardSkeleton title="Largest request types" className="span-2" lines={6} />}>
            <RequestTypesCard filters={filters} />
          </Suspense>
          <Suspense fallback={<CardSkeleton title="Oldest open tickets" className="span-2" lines={6} />}>
            <OldestOpenCard filters={filters} />
          </Suspense>
        </div>
      )}
    </>
  );
}
