import { handleV1 } from '@/app/api/v1/_lib/handler';
import { percentileParam, reportScope } from '@/app/api/v1/_lib/params';
import { clustersReport } from '@/lib/reports/clusters';

export const dynamic = 'force-dynamic';

/** The same array as `export clusters --format json`; window over ticket creation. */
export function GET(request: Request): Promise<Response> {
  return handleV1(request, async ({ database, params }) =>
    clustersReport(database, { ...reportScope(params), percentile: percentileParam(params) }),
  );
}
