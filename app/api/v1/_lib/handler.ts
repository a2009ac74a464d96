import 'server-only';
import { authorizeRequest, type Principal, type Role } from '@/app/_lib/authorize';
import { describeDatabaseError, getDatabase } from '@/app/_lib/db';
import type { Database } from '@/db/client';
import { getConfigInForce } from '@/lib/analysis/config-in-force';
import type { ToilscopeConfig } from '@/lib/config';
import { AuthorizationError, InputError, NotFoundError } from '@/lib/errors';

export interface V1Context {
  database: Database;
  config: ToilscopeConfig;
  params: URLSearchParams;
  principal: Principal;
}

const noStore = { 'cache-control': 'no-store' };

/**
 * The one recipe for every /api/v1 route: authorize the caller (viewer unless `role` says more), open
 * the database and the config in force, run the handler, and map errors to a status with a one-line
 * message (never a stack or a credential).
 */
export async function handleV1(
  request: Request,
  handler: (ctx: V1Context) => Promise<unknown>,
  { role = 'viewer' }: { role?: Role } = {},
): Promise<Response> {
  try {
    const principal = await authorizeRequest(request, role);
    const database = await getDatabase();
    const { config } = await getConfigInForce({ db: database.db });
    const body = await handler({ database, config, params: new URL(request.url).searchParams, principal });
    return Response.json(body, { headers: noStore });
  } catch (error) {
    return errorResponse(error);
  }
}

/** An error as the API answers it: a status and a one-line message (never a stack or a credential). */
export function errorResponse(error: unknown): Response {
  if (error instanceof AuthorizationError) {
    return Response.json({ error: error.message }, { status: error.status, headers: noStore });
  }
  if (error instanceof InputError || (error instanceof Error && error.name === 'ConfigError')) {
    return Response.json({ error: error.message }, { status: 400, headers: noStore });
  }
  if (error instanceof NotFoundError)
    return Response.json({ error: error.message }, { status: 404, headers: noStore });
  console.error('api/v1 request failed', error);
  return Response.json(
    { error: `internal error: ${describeDatabaseError(error).split('\n')[0]}` },
    { status: 500, headers: noStore },
  );
}
