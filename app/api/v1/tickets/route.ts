import { handleV1 } from '@/app/api/v1/_lib/handler';
import { intParam, reportScope, textParam } from '@/app/api/v1/_lib/params';
import { decodeCursor, getTicketExportPage } from '@/lib/analysis/export-tickets';
import { InputError } from '@/lib/errors';

export const dynamic = 'force-dynamic';

export function GET(request: Request): Promise<Response> {
  return handleV1(request, async ({ database, config, params }) => {
    const scope = reportScope(params);
    const limit = intParam(params, 'limit', 1, 1000, 100);
    const cursor = textParam(params, 'cursor');
    const afterId = cursor === undefined ? undefined : decodeCursor(cursor);
    if (afterId === null) throw new InputError(`cursor: not a cursor this API issued ('${cursor}')`);
    return getTicketExportPage(database, {
      config,
      asOf: scope.asOf,
      from: scope.from,
      to: scope.to,
      filter: { team: scope.team, source: scope.source, clusterId: scope.cluster },
      limit,
      afterId,
    });
  });
}
