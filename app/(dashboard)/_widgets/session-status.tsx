import Link from 'next/link';
import { authMode, currentPrincipal } from '@/app/_lib/authorize';
import { signOut } from '@/app/(auth)/actions';

/** Header corner: who is signed in and as what, with Sign out; in open mode, that it is open. */
export async function SessionStatus() {
  const principal = await currentPrincipal();
  if (!principal) return <Link href="/sign-in">Sign in</Link>;
  if (principal.mode === 'open') return <span className="muted">Open mode · admin</span>;
  return (
    <span className="site-user" data-testid="session-user">
      <span>
        {principal.email} · <span className="muted">{principal.role}</span>
      </span>
      <form action={signOut}>
        <button type="submit" className="link-button">
          Sign out
        </button>
      </form>
    </span>
  );
}

/** Every page says so while anyone who can reach the port may do everything (DESIGN: open mode). */
export function OpenModeBanner() {
  const mode = authMode();
  if (mode.signIn) return null;
  return (
    <div className="open-mode-banner" role="note" data-testid="open-mode-banner">
      Open mode ({mode.reason}): no sign-in, and whoever reaches this address may change everything. Set
      TOILSCOPE_AUTH=on to require accounts.
    </div>
  );
}
