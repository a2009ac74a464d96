import 'server-only';
import { cache } from 'react';
import { getDatabase } from '@/app/_lib/db';
import { type FlowPageFilters, loadFlowPage } from '@/db/queries/flow-page';

/** One load per request: every widget awaits the same promise (React `cache` dedupes by the filters object). */
export const loadFlow = cache(async (filters: FlowPageFilters) => {
  const { sql } = await getDatabase();
  return loadFlowPage({ sql, filters });
});
