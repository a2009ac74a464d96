import { and, count, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { setupTokens, type UserRole, users } from '../schema';

/** A new first-admin link replaces any earlier unused one, so only the latest printed link works. */
export async function replaceSetupToken({
  db,
  tokenHash,
  expiresAt,
}: {
  db: Db;
  tokenHash: string;
  expiresAt: Date;
}): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.delete(setupTokens).where(isNull(setupTokens.usedAt));
    await tx.insert(setupTokens).values({ tokenHash, expiresAt });
  });
}

export async function isSetupTokenUsable({
  db,
  tokenHash,
  now,
}: {
  db: Db;
  tokenHash: string;
  now: Date;
}): Promise<boolean> {
  const [row] = await db
    .select({ n: count() })
    .from(setupTokens)
    .where(
      and(eq(setupTokens.tokenHash, tokenHash), isNull(setupTokens.usedAt), gt(setupTokens.expiresAt, now)),
    );
  return (row?.n ?? 0) > 0;
}

export type FirstAdminResult = { ok: true; userId: number } | { ok: false; reason: 'token' | 'users-exist' };

/**
 * Spends the setup token and creates the first admin in one transaction: the link works once, and only
 * while nobody has an account yet.
 */
export async function createFirstAdmin({
  db,
  tokenHash,
  now,
  email,
  passwordHash,
}: {
  db: Db;
  tokenHash: string;
  now: Date;
  email: string;
  passwordHash: string;
}): Promise<FirstAdminResult> {
  return db.transaction(async (tx) => {
    const spent = await tx
      .update(setupTokens)
      .set({ usedAt: now })
      .where(
        and(eq(setupTokens.tokenHash, tokenHash), isNull(setupTokens.usedAt), gt(setupTokens.expiresAt, now)),
      )
      .returning({ tokenHash: setupTokens.tokenHash });
    if (spent.length === 0) return { ok: false, reason: 'token' } as const;
    // Lock the table so two setup submissions cannot both see "no users".
    await tx.execute(sql`lock table users in exclusive mode`);
    const [existing] = await tx.select({ n: count() }).from(users);
    if ((existing?.n ?? 0) > 0) return { ok: false, reason: 'users-exist' } as const;
    const role: UserRole = 'admin';
    const [row] = await tx
      .insert(users)
      .values({ email: email.trim().toLowerCase(), passwordHash, role })
      .returning({ id: users.id });
    if (!row) throw new Error('could not create the first admin');
    return { ok: true, userId: row.id } as const;
  });
}
