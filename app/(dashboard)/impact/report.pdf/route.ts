import { authorizeRequest } from '@/app/_lib/authorize';
import { getDatabase } from '@/app/_lib/db';
import { errorResponse } from '@/app/api/v1/_lib/handler';
import { getConfigInForce } from '@/lib/analysis/config-in-force';
import { buildLeadershipReport } from '@/lib/reports/impact';
import { impactPdf } from '@/lib/reports/impact-pdf';

export const dynamic = 'force-dynamic';

/** The Impact page as an A4 PDF, made on the server with built-in fonts (no network). */
export async function GET(request: Request): Promise<Response> {
  try {
    await authorizeRequest(request, 'viewer');
    const database = await getDatabase();
    const { config } = await getConfigInForce({ db: database.db });
    const asOf = new Date();
    const { reports, trends, next } = await buildLeadershipReport(database, { config, asOf });
    const pdf = await impactPdf({ reports, trends, candidates: next, asOf, timeZone: config.reportTimeZone });
    return new Response(new Uint8Array(pdf), {
      headers: {
        'content-type': 'application/pdf',
        'content-disposition': `attachment; filename="toilscope-impact-${asOf.toISOString().slice(0, 10)}.pdf"`,
        'cache-control': 'no-store',
      },
    });
  } catch (error) {
    return errorResponse(error);
  }
}
