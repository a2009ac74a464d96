import { buildLeadershipReport } from '@/lib/reports/impact';
import { impactPdf } from '@/lib/reports/impact-pdf';
import { impactDownload } from '../download';

export const dynamic = 'force-dynamic';

/** The Impact page as an A4 PDF, made on the server with built-in fonts (no network). */
export function GET(request: Request): Promise<Response> {
  return impactDownload(
    request,
    { extension: 'pdf', contentType: 'application/pdf' },
    async ({ database, config, asOf }) => {
      const { reports, trends, next } = await buildLeadershipReport(database, { config, asOf });
      return new Uint8Array(
        await impactPdf({ reports, trends, candidates: next, asOf, timeZone: config.reportTimeZone }),
      );
    },
  );
}
