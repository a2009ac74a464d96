'use server';

import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { assertSameOrigin } from '@/app/_lib/authorize';
import { getDatabase } from '@/app/_lib/db';
import { endSession, startSession } from '@/app/_lib/session';
import { publicAction } from '@/app/_lib/validated-action';
import { createFirstAdmin } from '@/db/queries/setup-tokens';
import { getUserByEmail, normaliseEmail } from '@/db/queries/users';
import { AuthorizationError, InputError } from '@/lib/errors';
import {
  checkPasswordStrength,
  hashPassword,
  UNUSABLE_PASSWORD_HASH,
  verifyPassword,
} from '@/lib/security/password';
import { SignInThrottle } from '@/lib/security/sign-in-throttle';
import { hashToken } from '@/lib/security/tokens';

const holder = globalThis as typeof globalThis & { toilscopeSignInThrottle?: SignInThrottle };
holder.toilscopeSignInThrottle ??= new SignInThrottle();
const throttle = holder.toilscopeSignInThrottle;

const email = z.string().trim().min(3, { error: 'enter your email address' }).max(320);

/** Only local paths: a crafted `next` must not send a person to another site after sign-in. */
function safeNext(next: string): string {
  return next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
}

async function clientAddress(): Promise<string> {
  const h = await headers();
  return h.get('x-forwarded-for')?.split(',')[0]?.trim() || h.get('x-real-ip') || 'direct';
}

export const signIn = publicAction(
  z.object({ email, password: z.string().min(1, { error: 'enter your password' }), next: z.string() }),
  async (input) => {
    const account = normaliseEmail(input.email);
    const client = await clientAddress();
    const verdict = throttle.check(account, client, Date.now());
    if (!verdict.allowed) {
      throw new AuthorizationError(
        403,
        `Too many failed sign-ins: try again in ${Math.ceil(verdict.retryAfterSeconds / 60)} min.`,
      );
    }
    const { db } = await getDatabase();
    const user = await getUserByEmail({ db, email: account });
    // Compare against a dummy hash for unknown emails so the answer time does not reveal who has an account.
    const matches = await verifyPassword(input.password, user?.passwordHash ?? UNUSABLE_PASSWORD_HASH);
    if (!user || !matches || user.disabledAt) {
      throttle.recordFailure(account, client, Date.now());
      throw new AuthorizationError(401, 'That email and password do not match an active account.');
    }
    throttle.recordSuccess(account);
    await startSession(user.id);
    return { redirectTo: safeNext(input.next) };
  },
);

/** A plain form action (the header's Sign out button); Origin-checked like every other write. */
export async function signOut(): Promise<void> {
  assertSameOrigin(await headers());
  await endSession();
  redirect('/sign-in');
}

export const setUpFirstAdmin = publicAction(
  z.object({
    token: z.string().min(1, { error: 'the setup link is incomplete' }),
    email,
    password: z.string(),
    confirm: z.string(),
  }),
  async (input) => {
    checkPasswordStrength(input.password);
    if (input.password !== input.confirm) throw new InputError('confirm: the two passwords differ');
    const { db } = await getDatabase();
    const result = await createFirstAdmin({
      db,
      tokenHash: hashToken(input.token),
      now: new Date(),
      email: input.email,
      passwordHash: await hashPassword(input.password),
    });
    if (!result.ok) {
      throw new InputError(
        result.reason === 'users-exist'
          ? 'An admin already exists: sign in instead.'
          : 'This setup link is used or expired: restart the server to print a new one.',
      );
    }
    await startSession(result.userId);
    return { redirectTo: '/settings/users' };
  },
);
