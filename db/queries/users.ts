import { and, asc, count, eq, isNull, ne } from 'drizzle-orm';
import type { Db } from '../client';
import { type UserRole, type UserRow, users } from '../schema';

/** A person as the app shows them: never the password hash. */
export interface UserSummary {
  id: number;
  email: string;
  role: UserRole;
  createdAt: Date;
  disabledAt: Date | null;
}

const summaryColumns = {
  id: users.id,
  email: users.email,
  role: users.role,
  createdAt: users.createdAt,
  disabledAt: users.disabledAt,
};

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function countUsers({ db }: { db: Db }): Promise<number> {
  const [row] = await db.select({ n: count() }).from(users);
  return row?.n ?? 0;
}

export async function listUsers({ db }: { db: Db }): Promise<UserSummary[]> {
  return db.select(summaryColumns).from(users).orderBy(asc(users.email));
}

export async function getUserByEmail({ db, email }: { db: Db; email: string }): Promise<UserRow | null> {
  const [row] = await db
    .select()
    .from(users)
    .where(eq(users.email, normaliseEmail(email)))
    .limit(1);
  return row ?? null;
}

export async function getUserById({ db, id }: { db: Db; id: number }): Promise<UserSummary | null> {
  const [row] = await db.select(summaryColumns).from(users).where(eq(users.id, id)).limit(1);
  return row ?? null;
}

/** Returns null when the email is taken (the unique index decides, so two requests cannot race). */
export async function createUser({
  db,
  email,
  passwordHash,
  role,
}: {
  db: Db;
  email: string;
  passwordHash: string;
  role: UserRole;
}): Promise<UserSummary | null> {
  const [row] = await db
    .insert(users)
    .values({ email: normaliseEmail(email), passwordHash, role })
    .onConflictDoNothing({ target: users.email })
    .returning(summaryColumns);
  return row ?? null;
}

/** Active admins other than `exceptId`: the last admin must not lock everyone out. */
export async function countOtherActiveAdmins({
  db,
  exceptId,
}: {
  db: Db;
  exceptId: number;
}): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(users)
    .where(and(eq(users.role, 'admin'), isNull(users.disabledAt), ne(users.id, exceptId)));
  return row?.n ?? 0;
}

export async function updateUserRole({
  db,
  id,
  role,
}: {
  db: Db;
  id: number;
  role: UserRole;
}): Promise<void> {
  await db.update(users).set({ role }).where(eq(users.id, id));
}

export async function setUserDisabled({
  db,
  id,
  disabledAt,
}: {
  db: Db;
  id: number;
  disabledAt: Date | null;
}): Promise<void> {
  await db.update(users).set({ disabledAt }).where(eq(users.id, id));
}
