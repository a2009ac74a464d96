import { handleV1 } from '@/app/api/v1/_lib/handler';
import { percentileParam, reportScope } from '@/app/api/v1/_lib/params';
import { buildFlowReport } from '@/lib/reports/flow';

export const dynamic = 'force-dynamic';

/** The same object as `export flow --format json`; window over first resolution. */
export function GET(request: Request): Promise<Response> {
  return handleV1(request, async ({ database, config, params }) => {
    const scope = reportScope(params);
    const method = percentileParam(params);
    return buildFlowReport(database, {
      config,
      asOf: scope.asOf,
      from: scope.from,
      to: scope.to,
      filter: { team: scope.team, source: scope.source, clusterId: scope.cluster },
      method,
    });
  });
}
