import { handleV1 } from '@/app/api/v1/_lib/handler';
import { reportScope } from '@/app/api/v1/_lib/params';
import { buildImpactReport } from '@/lib/reports/impact';

export const dynamic = 'force-dynamic';

/** The same array as `export impact --format json`: windows end at `to`, else `asOf`, else now. */
export function GET(request: Request): Promise<Response> {
  return handleV1(request, async ({ database, config, params }) => {
    const scope = reportScope(params);
    return buildImpactReport(database, { config, asOf: scope.to ?? scope.asOf });
  });
}
