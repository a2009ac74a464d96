import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { authMode, currentPrincipal } from '@/app/_lib/authorize';
import { SignInForm } from './sign-in-form';

export const metadata: Metadata = { title: 'Sign in' };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { next } = await searchParams;
  // Open mode has no accounts; a signed-in person has nothing to do here.
  if (!authMode().signIn || (await currentPrincipal())) redirect(next?.startsWith('/') ? next : '/');
  return (
    <section className="card auth-card">
      <h1>Sign in to Toilscope</h1>
      <p className="muted">
        Accounts are local to this Toilscope. An admin adds people under Settings → Users.
      </p>
      <SignInForm next={next ?? '/'} />
    </section>
  );
}
