import type { ReactNode } from 'react';
import { SiteHeader } from '@/app/_components/site-header';
import { DataFreshness } from './_widgets/freshness';

export const dynamic = 'force-dynamic';

export default function DashboardLayout({ children }: { children: ReactNode }) {
  return (
    <>
      <SiteHeader freshness={<DataFreshness />} />
      <main className="page">{children}</main>
    </>
  );
}
