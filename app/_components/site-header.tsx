import Link from 'next/link';
import { type ReactNode, Suspense } from 'react';
import { NavLink } from './nav-link';

const NAV_ITEMS = [
  { href: '/', label: 'Overview' },
  { href: '/slo', label: 'SLOs' },
  { href: '/flow', label: 'Flow' },
  { href: '/candidates', label: 'Candidates' },
  { href: '/clusters', label: 'Clusters' },
  { href: '/impact', label: 'Impact' },
  { href: '/sync', label: 'Sync' },
  { href: '/connections', label: 'Connections' },
  { href: '/settings', label: 'Settings' },
] as const;

export function SiteHeader({ freshness, session }: { freshness: ReactNode; session: ReactNode }) {
  return (
    <header className="site-header">
      <div className="site-header-inner">
        <Link href="/" className="brand" aria-label="Toilscope overview">
          <svg className="brand-mark" viewBox="0 0 24 24" aria-hidden="true">
            <circle cx="10.5" cy="10.5" r="6.5" fill="none" stroke="currentColor" strokeWidth="2.2" />
            <path d="M15.5 15.5 21 21" stroke="currentColor" strokeWidth="2.4" strokeLinecap="round" />
            <path
              d="M7.5 12.5v-2M10.5 12.5v-5M13.5 12.5v-3"
              stroke="currentColor"
              strokeWidth="1.8"
              strokeLinecap="round"
            />
          </svg>
          <span>Toilscope</span>
        </Link>
        <nav className="site-nav" aria-label="Main">
          {NAV_ITEMS.map((item) => (
            <NavLink key={item.href} href={item.href} label={item.label} />
          ))}
        </nav>
        <div className="site-freshness">
          <Suspense fallback={<span className="muted">Checking data…</span>}>{freshness}</Suspense>
        </div>
        <div className="site-session">
          <Suspense fallback={null}>{session}</Suspense>
        </div>
      </div>
    </header>
  );
}
