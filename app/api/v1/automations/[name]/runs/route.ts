import { getDatabase } from '@/app/_lib/db';
import { errorResponse } from '@/app/api/v1/_lib/handler';
import { acceptPostedRuns } from '@/lib/ingest/automation-runs';

export const dynamic = 'force-dynamic';

/**
 * Self-service runs posted by the automation itself. Authenticated only by its bearer token (issued
 * with `toilscope automations token <name>`), not by a session: a pipeline has neither cookie nor Origin.
 */
export async function POST(
  request: Request,
  context: { params: Promise<{ name: string }> },
): Promise<Response> {
  const { name } = await context.params;
  try {
    const { db } = await getDatabase();
    const stored = await acceptPostedRuns(db, {
      name,
      authorization: request.headers.get('authorization'),
      body: await request.text(),
    });
    return Response.json(stored, { status: 201, headers: { 'cache-control': 'no-store' } });
  } catch (error) {
    return errorResponse(error);
  }
}
