import { handleV1 } from '@/app/api/v1/_lib/handler';
import { reportScope } from '@/app/api/v1/_lib/params';
import { candidatesReport } from '@/lib/reports/candidates';

export const dynamic = 'force-dynamic';

/** The same array as `export candidates --format json`, under the cost model of the config in force. */
export function GET(request: Request): Promise<Response> {
  return handleV1(request, async ({ database, config, params }) =>
    candidatesReport(database, { ...reportScope(params), config }),
  );
}
