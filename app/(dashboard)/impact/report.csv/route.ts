import { authorizeRequest } from '@/app/_lib/authorize';
import { getDatabase } from '@/app/_lib/db';
import { errorResponse } from '@/app/api/v1/_lib/handler';
import { getConfigInForce } from '@/lib/analysis/config-in-force';
import { rowsCsv } from '@/lib/reports/csv';
import { buildImpactReport, IMPACT_CSV_COLUMNS } from '@/lib/reports/impact';

export const dynamic = 'force-dynamic';

/** The same rows as `export impact --format csv`. */
export async function GET(request: Request): Promise<Response> {
  try {
    await authorizeRequest(request, 'viewer');
    const database = await getDatabase();
    const { config } = await getConfigInForce({ db: database.db });
    const asOf = new Date();
    const rows = await buildImpactReport(database, { config, asOf });
    const body = rowsCsv(rows, IMPACT_CSV_COLUMNS);
    return new Response(body, {
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="toilscope-impact-${asOf.toISOString().slice(0, 10)}.csv"`,
        'cache-control': 'no-store',
      },
    });
  } catch (error) {
    return errorResponse(error);
  }
}
