import { and, eq, gt, isNull, lte } from 'drizzle-orm';
import type { Db } from '../client';
import { sessions, type UserRole, users } from '../schema';

export interface SessionUser {
  userId: number;
  email: string;
  role: UserRole;
  expiresAt: Date;
}

export async function createSession({
  db,
  tokenHash,
  userId,
  expiresAt,
}: {
  db: Db;
  tokenHash: string;
  userId: number;
  expiresAt: Date;
}): Promise<void> {
  await db.insert(sessions).values({ tokenHash, userId, expiresAt });
}

/** The signed-in person behind a session, or null when it is unknown, expired, or its user is disabled. */
export async function getSessionUser({
  db,
  tokenHash,
  now,
}: {
  db: Db;
  tokenHash: string;
  now: Date;
}): Promise<SessionUser | null> {
  const [row] = await db
    .select({ userId: users.id, email: users.email, role: users.role, expiresAt: sessions.expiresAt })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.tokenHash, tokenHash), gt(sessions.expiresAt, now), isNull(users.disabledAt)))
    .limit(1);
  return row ?? null;
}

export async function deleteSession({ db, tokenHash }: { db: Db; tokenHash: string }): Promise<void> {
  await db.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
}

export async function deleteSessionsOfUser({ db, userId }: { db: Db; userId: number }): Promise<void> {
  await db.delete(sessions).where(eq(sessions.userId, userId));
}

export async function deleteExpiredSessions({ db, now }: { db: Db; now: Date }): Promise<void> {
  await db.delete(sessions).where(lte(sessions.expiresAt, now));
}
