import { formatDateTime } from '@/app/_components/format';
import { getDatabase } from '@/app/_lib/db';
import { type DataFreshness as Freshness, getDataFreshness } from '@/db/queries/overview';
import { REPORT_TIME_ZONE } from './report';

// The header is a status line: a database failure shows here as a status, while the page's own
// error boundary explains it, instead of the whole layout falling through to the root boundary.
async function readFreshness(): Promise<Freshness | null> {
  try {
    const { db } = await getDatabase();
    return await getDataFreshness({ db });
  } catch (error) {
    console.error('data freshness: database unreachable', error);
    return null;
  }
}

export async function DataFreshness() {
  const freshness = await readFreshness();
  if (!freshness) {
    return (
      <span className="freshness">
        <span className="freshness-dot freshness-dot-error" aria-hidden="true" />
        Database unreachable
      </span>
    );
  }
  if (!freshness.lastSyncFinishedAt) return <span className="muted">No data loaded yet</span>;
  return (
    <span className="freshness" title="When the latest sync, import or demo load finished">
      <span className="freshness-dot" aria-hidden="true" />
      Data as of{' '}
      <time dateTime={freshness.lastSyncFinishedAt}>
        {formatDateTime(freshness.lastSyncFinishedAt, REPORT_TIME_ZONE)}
      </time>
      {freshness.lastSyncKind ? <span className="muted"> · {freshness.lastSyncKind}</span> : null}
      {freshness.analysis ? (
        <span
          className="muted"
          data-testid="settings-version"
          title="The settings the latest analysis used: a saved version, or a config file / the defaults"
        >
          {' '}
          ·{' '}
          {freshness.analysis.settingsVersion === null
            ? 'file/default settings'
            : `settings v${freshness.analysis.settingsVersion}`}
        </span>
      ) : null}
    </span>
  );
}
