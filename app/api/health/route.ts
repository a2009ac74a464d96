import { principalOfRequest } from '@/app/_lib/authorize';
import { describeDatabaseError, getDatabase } from '@/app/_lib/db';
import { countTickets } from '@/db/queries/tickets';

export const dynamic = 'force-dynamic';

const noStore = { 'cache-control': 'no-store' };

// Public so monitors and `npm start` can probe it; the database's location and size are for viewers only.
export async function GET(request: Request): Promise<Response> {
  try {
    const database = await getDatabase();
    const tickets = await countTickets({ db: database.db });
    const principal = await principalOfRequest(request);
    // openDatabase migrates (or waits for the owner that did) before it resolves.
    const detail = principal
      ? { kind: database.kind, location: database.location, tickets, migrated: true }
      : { migrated: true };
    return Response.json({ status: 'ok', database: detail }, { headers: noStore });
  } catch (error) {
    console.error('health check: database unreachable', error);
    const principal = await principalOfRequest(request).catch(() => null);
    return Response.json(
      {
        status: 'error',
        error: principal ? `database unreachable: ${describeDatabaseError(error)}` : 'database unreachable',
      },
      { status: 503, headers: noStore },
    );
  }
}
