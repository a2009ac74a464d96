import { handleV1 } from '@/app/api/v1/_lib/handler';
import { percentileParam, reportScope } from '@/app/api/v1/_lib/params';
import { buildDoraReport } from '@/lib/reports/dora';

export const dynamic = 'force-dynamic';

/** The same object as `export dora --format json`; window over first resolution. */
export function GET(request: Request): Promise<Response> {
  return handleV1(request, async ({ database, config, params }) => {
    const scope = reportScope(params);
    const method = percentileParam(params);
    return buildDoraReport(database, {
      config,
      asOf: scope.asOf,
      from: scope.from,
      to: scope.to,
      filter: { team: scope.team, source: scope.source, clusterId: scope.cluster },
      method,
    });
  });
}
