import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { decryptSecret, encryptSecret, parseSecretKeys } from '../../lib/security/secrets';
import { hashToken, newToken } from '../../lib/security/tokens';
import { testDatabases, useTestDatabase } from '../../test/support/databases';
import { connections } from '../schema';
import { createSession, deleteSessionsOfUser, getSessionUser } from './sessions';
import { createFirstAdmin, isSetupTokenUsable, replaceSetupToken } from './setup-tokens';
import {
  countOtherActiveAdmins,
  countUsers,
  createUser,
  getUserByEmail,
  listUsers,
  setUserDisabled,
  updateUserRole,
} from './users';

const now = new Date('2026-03-01T12:00:00Z');
const later = (hours: number) => new Date(now.getTime() + hours * 3_600_000);

describe.each(testDatabases())('users, sessions and setup tokens on $name', (target) => {
  const database = useTestDatabase(target);

  it('spends a setup link once, only while nobody has an account', async () => {
    const { db } = database();
    const stale = newToken();
    await replaceSetupToken({ db, tokenHash: hashToken(stale), expiresAt: later(1) });
    const token = newToken();
    await replaceSetupToken({ db, tokenHash: hashToken(token), expiresAt: later(1) });
    // Only the newest printed link works.
    expect(await isSetupTokenUsable({ db, tokenHash: hashToken(stale), now })).toBe(false);
    expect(await isSetupTokenUsable({ db, tokenHash: hashToken(token), now })).toBe(true);
    expect(await isSetupTokenUsable({ db, tokenHash: hashToken(token), now: later(2) })).toBe(false);

    const first = await createFirstAdmin({
      db,
      tokenHash: hashToken(token),
      now,
      email: ' Admin@Example.com ',
      passwordHash: 'scrypt$x',
    });
    expect(first.ok).toBe(true);
    const again = await createFirstAdmin({
      db,
      tokenHash: hashToken(token),
      now,
      email: 'other@example.com',
      passwordHash: 'scrypt$x',
    });
    expect(again).toEqual({ ok: false, reason: 'token' });

    const another = newToken();
    await replaceSetupToken({ db, tokenHash: hashToken(another), expiresAt: later(1) });
    expect(
      await createFirstAdmin({
        db,
        tokenHash: hashToken(another),
        now,
        email: 'x@example.com',
        passwordHash: 'h',
      }),
    ).toEqual({ ok: false, reason: 'users-exist' });
    expect(await countUsers({ db })).toBe(1);
    expect((await getUserByEmail({ db, email: 'ADMIN@example.com' }))?.role).toBe('admin');
  });

  it('keeps emails unique regardless of case', async () => {
    const { db } = database();
    const viewer = await createUser({ db, email: 'viewer@example.com', passwordHash: 'h', role: 'viewer' });
    expect(viewer?.role).toBe('viewer');
    expect(
      await createUser({ db, email: 'VIEWER@example.com', passwordHash: 'h', role: 'admin' }),
    ).toBeNull();
    const listed = await listUsers({ db });
    expect(listed.map((u) => u.email)).toEqual(['admin@example.com', 'viewer@example.com']);
    expect(Object.keys(listed[0] ?? {})).not.toContain('passwordHash');
  });

  it('finds a session by its token hash until it expires or its user is disabled', async () => {
    const { db } = database();
    const editor = await createUser({ db, email: 'editor@example.com', passwordHash: 'h', role: 'viewer' });
    if (!editor) throw new Error('editor not created');
    await updateUserRole({ db, id: editor.id, role: 'editor' });
    const token = newToken();
    await createSession({ db, tokenHash: hashToken(token), userId: editor.id, expiresAt: later(24) });
    expect(await getSessionUser({ db, tokenHash: hashToken(token), now })).toMatchObject({
      email: 'editor@example.com',
      role: 'editor',
    });
    expect(await getSessionUser({ db, tokenHash: token, now })).toBeNull();
    expect(await getSessionUser({ db, tokenHash: hashToken(token), now: later(25) })).toBeNull();

    await setUserDisabled({ db, id: editor.id, disabledAt: now });
    expect(await getSessionUser({ db, tokenHash: hashToken(token), now })).toBeNull();
    await setUserDisabled({ db, id: editor.id, disabledAt: null });
    await deleteSessionsOfUser({ db, userId: editor.id });
    expect(await getSessionUser({ db, tokenHash: hashToken(token), now })).toBeNull();
  });

  it('counts the other active admins (the last admin cannot be demoted)', async () => {
    const { db } = database();
    const admin = await getUserByEmail({ db, email: 'admin@example.com' });
    if (!admin) throw new Error('admin missing');
    expect(await countOtherActiveAdmins({ db, exceptId: admin.id })).toBe(0);
    const second = await createUser({ db, email: 'second@example.com', passwordHash: 'h', role: 'admin' });
    expect(await countOtherActiveAdmins({ db, exceptId: admin.id })).toBe(1);
    if (second) await setUserDisabled({ db, id: second.id, disabledAt: now });
    expect(await countOtherActiveAdmins({ db, exceptId: admin.id })).toBe(0);
  });

  it('stores a connection secret with no trace of its plaintext anywhere in the table', async () => {
    const { db, sql } = database();
    const keys = parseSecretKeys(randomBytes(32).toString('base64'));
    const secret = `ghp_${randomBytes(18).toString('hex')}`;
    const sealed = encryptSecret(secret, { keys, context: 'connection:gh' });
    await db.insert(connections).values({
      kind: 'github',
      name: 'gh',
      secretCiphertext: sealed.ciphertext,
      secretKeyId: sealed.keyId,
      secretLast4: sealed.last4,
    });
    const dump = JSON.stringify(await sql`select * from connections`);
    expect(dump).not.toContain(secret);
    expect(dump).not.toContain(secret.slice(4, 20));
    expect(dump).toContain(sealed.last4);
    const [row] = await db.select().from(connections).where(eq(connections.name, 'gh'));
    expect(decryptSecret(row?.secretCiphertext ?? '', { keys, context: 'connection:gh' })).toBe(secret);
  });
});
