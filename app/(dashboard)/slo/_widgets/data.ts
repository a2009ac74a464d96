import 'server-only';
import { cache } from 'react';
import { getDatabase } from '@/app/_lib/db';
import { loadSloPage, type SloPageFilters, type SloPagePolicy } from '@/db/queries/slo-page';
import type { BusinessCalendar } from '@/lib/metrics';

export interface SloQuery {
  filters: SloPageFilters;
  policies: readonly SloPagePolicy[];
  calendars: Readonly<Record<string, BusinessCalendar>>;
}

/** One load per request: every widget awaits the same promise (React `cache` dedupes by the query object). */
export const loadSlo = cache(async (query: SloQuery) => {
  const { sql } = await getDatabase();
  return loadSloPage({ sql, ...query });
});
