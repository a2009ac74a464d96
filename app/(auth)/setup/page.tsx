import type { Metadata } from 'next';
import Link from 'next/link';
import { getDatabase } from '@/app/_lib/db';
import { isSetupTokenUsable } from '@/db/queries/setup-tokens';
import { countUsers } from '@/db/queries/users';
import { MIN_PASSWORD_LENGTH } from '@/lib/security/password';
import { hashToken } from '@/lib/security/tokens';
import { SetupForm } from './setup-form';

export const metadata: Metadata = { title: 'Set up the first admin' };

export default async function SetupPage({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  const { token } = await searchParams;
  const { db } = await getDatabase();
  const usable =
    token !== undefined &&
    (await countUsers({ db })) === 0 &&
    (await isSetupTokenUsable({ db, tokenHash: hashToken(token), now: new Date() }));
  if (!usable) {
    return (
      <section className="card auth-card" role="alert">
        <h1>This setup link does not work</h1>
        <p>
          It has been used, has expired, or an admin already exists. <Link href="/sign-in">Sign in</Link>, or
          restart the server while no account exists to print a new link.
        </p>
      </section>
    );
  }
  return (
    <section className="card auth-card">
      <h1>Set up the first admin</h1>
      <p className="muted">
        This one-time link creates the account that adds everyone else. Passwords need at least{' '}
        {MIN_PASSWORD_LENGTH} characters.
      </p>
      <SetupForm token={token} />
    </section>
  );
}
