import type { ReactNode } from 'react';

export const dynamic = 'force-dynamic';

/** Sign-in and first-admin setup: no navigation, since nothing behind it is open yet. */
export default function AuthLayout({ children }: { children: ReactNode }) {
  return <main className="page auth-page">{children}</main>;
}
