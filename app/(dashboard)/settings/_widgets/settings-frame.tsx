import Link from 'next/link';
import type { ReactNode } from 'react';
import { formatDateTime } from '@/app/_components/format';
import { reanalysisState } from '@/app/_lib/reanalysis';
import type { ConfigInForce } from '@/lib/analysis/config-in-force';

const TABS = [
  { href: '/settings', label: 'Status map' },
  { href: '/settings/calendars', label: 'Calendars' },
  { href: '/settings/slos', label: 'SLO policies' },
  { href: '/settings/cost-model', label: 'Cost model' },
  { href: '/settings/users', label: 'Users' },
] as const;

export type SettingsTab = (typeof TABS)[number]['href'];

/** Where the settings in force come from: the pages edit saved versions, which a config file overrides. */
export function originText(origin: ConfigInForce['origin']): string {
  if (origin.kind === 'file') return `the config file ${origin.path}`;
  if (origin.kind === 'saved') return `saved settings version ${origin.version}`;
  return 'the built-in defaults (nothing saved yet)';
}

export function SettingsFrame({
  active,
  inForce,
  timeZone,
  children,
}: {
  active: SettingsTab;
  inForce: ConfigInForce | null;
  timeZone: string;
  children: ReactNode;
}) {
  const job = reanalysisState();
  return (
    <>
      <div className="page-heading">
        <div>
          <h1>Settings</h1>
          {inForce ? (
            <p className="muted" data-testid="settings-origin">
              In force: {originText(inForce.origin)}. Every save is a new version, and reports name the
              version that produced them.
            </p>
          ) : null}
        </div>
      </div>
      <nav className="tabs" aria-label="Settings">
        {TABS.map((tab) => (
          <Link
            key={tab.href}
            href={tab.href}
            className={tab.href === active ? 'tab tab-active' : 'tab'}
            aria-current={tab.href === active ? 'page' : undefined}
          >
            {tab.label}
          </Link>
        ))}
      </nav>
      {inForce?.origin.kind === 'file' ? (
        <p className="notice" role="note">
          {inForce.origin.path} is in force, so changes saved here would not apply: edit that file, or remove
          it to manage settings from these pages.
        </p>
      ) : null}
      {job ? (
        <p className="notice" role="status" data-testid="reanalysis-status">
          {job.state === 'running'
            ? `Re-analysing every ticket with settings version ${job.version} (started ${formatDateTime(job.startedAt, timeZone)})…`
            : job.state === 'done'
              ? `Settings version ${job.version} applied: ${job.tickets ?? 0} tickets re-analysed at ${formatDateTime(job.finishedAt ?? job.startedAt, timeZone)}.`
              : `Re-analysis with settings version ${job.version} failed: ${job.error}. Run \`toilscope analyze\` to retry.`}
        </p>
      ) : null}
      {children}
    </>
  );
}
