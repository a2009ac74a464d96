import { describeDatabaseError, getDatabase } from '@/app/_lib/db';
import { countTickets } from '@/db/queries/tickets';

export const dynamic = 'force-dynamic';

const noStore = { 'cache-control': 'no-store' };

export async function GET(): Promise<Response> {
  try {
    const database = await getDatabase();
    const tickets = await countTickets({ db: database.db });
    return Response.json(
      // openDatabase migrates (or waits for the owner that did) before it resolves.
      {
        status: 'ok',
        database: { kind: database.kind, location: database.location, tickets, migrated: true },
      },
      { headers: noStore },
    );
  } catch (error) {
    console.error('health check: database unreachable', error);
    return Response.json(
      { status: 'error', error: `database unreachable: ${describeDatabaseError(error)}` },
      { status: 503, headers: noStore },
    );
  }
}
