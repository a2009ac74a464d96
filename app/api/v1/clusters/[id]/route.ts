import { handleV1 } from '@/app/api/v1/_lib/handler';
import { intParam, percentileParam, reportScope, textParam } from '@/app/api/v1/_lib/params';
import { decodeCursor } from '@/lib/analysis/export-tickets';
import { InputError } from '@/lib/errors';
import { clusterDetail } from '@/lib/reports/clusters';

export const dynamic = 'force-dynamic';

/** One cluster's figures over the window and a page of its tickets (`limit`, `cursor` as /tickets). */
export async function GET(request: Request, context: { params: Promise<{ id: string }> }): Promise<Response> {
  const { id } = await context.params;
  return handleV1(request, async ({ database, config, params }) => {
    const scope = reportScope(params);
    const cursor = textParam(params, 'cursor');
    const afterId = cursor === undefined ? undefined : decodeCursor(cursor);
    if (afterId === null) throw new InputError(`cursor: not a cursor this API issued ('${cursor}')`);
    return clusterDetail(database, {
      ...scope,
      id,
      config,
      percentile: percentileParam(params),
      limit: intParam(params, 'limit', 1, 1000, 100),
      afterId,
    });
  });
}
