import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { type Connection, connections } from '../../db/schema';

/**
 * The connection for (kind, base URL, scope): reused when one exists, so re-running the same
 * `ingest …` command continues from its cursor; created with a unique default name otherwise.
 */
export async function ensureConnection(
  db: Db,
  input: { kind: string; baseUrl: string | null; scope: Record<string, unknown>; name: string },
): Promise<Connection> {
  const scopeJson = JSON.stringify(input.scope);
  const existing = await db
    .select()
    .from(connections)
    .where(
      and(
        eq(connections.kind, input.kind),
        input.baseUrl === null ? sql`${connections.baseUrl} is null` : eq(connections.baseUrl, input.baseUrl),
        sql`${connections.scope} = ${scopeJson}::jsonb`,
      ),
    )
    .limit(1);
  if (existing[0]) return existing[0];
  for (let suffix = 1; suffix < 1000; suffix++) {
    const name = suffix === 1 ? input.name : `${input.name}-${suffix}`;
    const inserted = await db
      .insert(connections)
      .values({ kind: input.kind, name, baseUrl: input.baseUrl, scope: input.scope })
      .onConflictDoNothing({ target: connections.name })
      .returning();
    if (inserted[0]) return inserted[0];
  }
  throw new Error(`could not find a free connection name starting with ${input.name}`);
}

export async function getConnectionByName(db: Db, name: string): Promise<Connection | null> {
  const rows = await db.select().from(connections).where(eq(connections.name, name)).limit(1);
  return rows[0] ?? null;
}
