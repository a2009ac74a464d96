import type { ReactNode } from 'react';
import { SiteHeader } from '@/app/_components/site-header';
import { DataFreshness } from './_widgets/freshness';
import { OpenModeBanner, SessionStatus } from './_widgets/session-status';

export const dynamic = 'force-dynamic';

export default function DashboardLayout({ children }: { children: ReactNode }) {
  return (
    <>
      <OpenModeBanner />
      <SiteHeader freshness={<DataFreshness />} session={<SessionStatus />} />
      <main className="page">{children}</main>
    </>
  );
}
