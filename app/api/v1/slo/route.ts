import { handleV1 } from '@/app/api/v1/_lib/handler';
import { reportScope } from '@/app/api/v1/_lib/params';
import { buildSloReport } from '@/lib/reports/slo';

export const dynamic = 'force-dynamic';

/** The `slo` report, exactly as `export slo --format json` prints it. */
export function GET(request: Request): Promise<Response> {
  return handleV1(request, async ({ database, config, params }) => {
    const scope = reportScope(params);
    return buildSloReport(database, {
      config,
      asOf: scope.asOf,
      from: scope.from,
      to: scope.to,
      team: scope.team,
      source: scope.source,
      cluster: scope.cluster,
    });
  });
}
