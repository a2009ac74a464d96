import { formatDateTime } from '@/app/_components/format';
import { getDatabase } from '@/app/_lib/db';
import { getDataFreshness } from '@/db/queries/overview';
import { REPORT_TIME_ZONE } from './report';

export async function DataFreshness() {
  const { db } = await getDatabase();
  const freshness = await getDataFreshness({ db });
  if (!freshness.lastSyncFinishedAt) return <span className="muted">No data loaded yet</span>;
  return (
    <span className="freshness" title="When the latest sync, import or demo load finished">
      <span className="freshness-dot" aria-hidden="true" />
      Data as of{' '}
      <time dateTime={freshness.lastSyncFinishedAt}>
        {formatDateTime(freshness.lastSyncFinishedAt, REPORT_TIME_ZONE)}
      </time>
      {freshness.lastSyncKind ? <span className="muted"> · {freshness.lastSyncKind}</span> : null}
    </span>
  );
}
