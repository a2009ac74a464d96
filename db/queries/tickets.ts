import { isNull, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { tickets } from '../schema';

export async function countTickets({ db }: { db: Db }): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(tickets)
    .where(isNull(tickets.deletedAt));
  return row?.n ?? 0;
}
