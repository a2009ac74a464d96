import { rowsCsv } from '@/lib/reports/csv';
import { buildImpactReport, IMPACT_CSV_COLUMNS } from '@/lib/reports/impact';
import { impactDownload } from '../download';

export const dynamic = 'force-dynamic';

/** The same rows as `export impact --format csv`. */
export function GET(request: Request): Promise<Response> {
  return impactDownload(
    request,
    { extension: 'csv', contentType: 'text/csv; charset=utf-8' },
    async ({ database, config, asOf }) =>
      rowsCsv(await buildImpactReport(database, { config, asOf }), IMPACT_CSV_COLUMNS),
  );
}
