import 'server-only';
import { cookies, headers } from 'next/headers';
import { getDatabase } from '@/app/_lib/db';
import { createSession, deleteExpiredSessions, deleteSession } from '@/db/queries/sessions';
import { hashToken, newToken } from '@/lib/security/tokens';
import { SESSION_COOKIE } from './authorize';

export const SESSION_DAYS = 7;

// Secure whenever the person reached us over https (directly or through a TLS-terminating proxy);
// plain-http loopback use must still work, so it cannot be unconditional.
async function servedOverHttps(): Promise<boolean> {
  const h = await headers();
  const forwarded = h.get('x-forwarded-proto')?.split(',')[0]?.trim();
  if (forwarded) return forwarded === 'https';
  return h.get('origin')?.startsWith('https:') ?? false;
}

/** Starts a session for `userId` in a server action: stores only the token's hash, sets the cookie. */
export async function startSession(userId: number): Promise<void> {
  const { db } = await getDatabase();
  const token = newToken();
  const now = new Date();
  const expiresAt = new Date(now.getTime() + SESSION_DAYS * 86_400_000);
  await deleteExpiredSessions({ db, now });
  await createSession({ db, tokenHash: hashToken(token), userId, expiresAt });
  (await cookies()).set(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: await servedOverHttps(),
    path: '/',
    expires: expiresAt,
  });
}

export async function endSession(): Promise<void> {
  const jar = await cookies();
  const token = jar.get(SESSION_COOKIE)?.value;
  if (token) {
    const { db } = await getDatabase();
    await deleteSession({ db, tokenHash: hashToken(token) });
  }
  jar.delete(SESSION_COOKIE);
}
