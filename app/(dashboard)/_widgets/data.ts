import 'server-only';
import { cache } from 'react';
import { getDatabase } from '@/app/_lib/db';
import {
  getOpenTickets,
  getResolvedFlow,
  listTopRequestTypes,
  listWeeklyVolume,
} from '@/db/queries/overview';

/** What every overview widget is scoped by; one instance per request, so `cache` dedupes shared queries. */
export interface OverviewFilters {
  from: Date | null;
  to: Date;
  team: string | null;
  source: string | null;
  asOf: Date;
  timeZone: string;
}

const scope = async (f: OverviewFilters) => ({
  db: (await getDatabase()).db,
  from: f.from,
  to: f.to,
  team: f.team,
  source: f.source,
});

export const loadResolvedFlow = cache(async (f: OverviewFilters) => getResolvedFlow(await scope(f)));

export const loadOpenTickets = cache(async (f: OverviewFilters) => {
  const { db } = await getDatabase();
  return getOpenTickets({ db, asOf: f.asOf, team: f.team, source: f.source, limit: 10 });
});

export const loadWeeklyVolume = cache(async (f: OverviewFilters) => {
  const weeks = await listWeeklyVolume({ ...(await scope(f)), timeZone: f.timeZone });
  return { weeks, total: weeks.reduce((sum, w) => sum + w.tickets, 0) };
});

export const loadRequestTypes = cache(async (f: OverviewFilters) =>
  listTopRequestTypes({ ...(await scope(f)), limit: 8 }),
);
