import type { Metadata } from 'next';
import { ActionForm } from '@/app/_components/action-form';
import { Card } from '@/app/_components/card';
import { formatDateTime } from '@/app/_components/format';
import { requireRole } from '@/app/_lib/authorize';
import { getDatabase } from '@/app/_lib/db';
import { listSettingsVersions } from '@/db/queries/settings';
import { listSeenStatuses } from '@/db/queries/sync';
import { getConfigInForce } from '@/lib/analysis/config-in-force';
import { resolveStatus } from '@/lib/domain/status-map';
import { STATUS_CATEGORIES } from '@/lib/domain/ticket';
import { SettingsFrame } from './_widgets/settings-frame';
import { saveStatusMap } from './actions';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Settings · Status map' };

export default async function StatusMapPage() {
  await requireRole('editor');
  const { db } = await getDatabase();
  const [inForce, seen, versions] = await Promise.all([
    getConfigInForce({ db }),
    listSeenStatuses({ db }),
    listSettingsVersions({ db }),
  ]);
  const map = inForce.config.statusMap;
  const rows = [
    ...seen,
    // Mapped statuses no stored ticket has reached yet stay editable.
    ...Object.keys(map)
      .filter((name) => !seen.some((s) => s.status === name))
      .map((status) => ({ status, sources: [], tickets: 0, hasSourceCategory: false })),
  ]
    .map((row) => ({
      ...row,
      unmapped: !row.hasSourceCategory && resolveStatus(row.status, map).unmapped,
      fallback: row.hasSourceCategory ? 'the source’s category' : resolveStatus(row.status, {}).category,
    }))
    // Unmapped first: they are the ones silently counted as queue time.
    .sort((a, b) => Number(b.unmapped) - Number(a.unmapped) || b.tickets - a.tickets);
  const unmapped = rows.filter((r) => r.unmapped).length;
  const zone = inForce.config.reportTimeZone;
  return (
    <SettingsFrame active="/settings" inForce={inForce} timeZone={zone}>
      <div className="dashboard-grid">
        <Card
          title="Status map"
          subtitle={`${rows.length} statuses seen · ${unmapped} unmapped (counted as queue until mapped)`}
          className="span-4"
          testId="status-map"
        >
          <ActionForm action={saveStatusMap} submitLabel="Save status map" testId="status-map-form">
            <table className="data-table">
              <thead>
                <tr>
                  <th>Status</th>
                  <th>Sources</th>
                  <th className="num">Tickets</th>
                  <th>Category</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr key={row.status} data-testid={`status-${row.status}`}>
                    <td>
                      {row.status}
                      {row.unmapped ? (
                        <span className="type-label" data-testid="unmapped">
                          {' '}
                          unmapped
                        </span>
                      ) : null}
                    </td>
                    <td>{row.sources.join(', ') || '—'}</td>
                    <td className="num">{row.tickets.toLocaleString('en')}</td>
                    <td>
                      <input type="hidden" name="status" value={row.status} />
                      <select
                        name="category"
                        defaultValue={map[row.status] ?? ''}
                        aria-label={`Category of ${row.status}`}
                      >
                        <option value="">default ({row.unmapped ? 'queue, unmapped' : row.fallback})</option>
                        {STATUS_CATEGORIES.map((c) => (
                          <option key={c} value={c}>
                            {c}
                          </option>
                        ))}
                      </select>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ActionForm>
        </Card>
        <Card title="Versions" subtitle="newest first" className="span-4" testId="settings-versions">
          {versions.length === 0 ? (
            <p className="muted">Nothing saved yet: the defaults are in force.</p>
          ) : (
            <table className="data-table">
              <thead>
                <tr>
                  <th className="num">Version</th>
                  <th>Saved</th>
                  <th>By</th>
                </tr>
              </thead>
              <tbody>
                {versions.map((v) => (
                  <tr key={v.version}>
                    <td className="num">{v.version}</td>
                    <td>{formatDateTime(v.savedAt, zone)}</td>
                    <td>{v.savedBy ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Card>
      </div>
    </SettingsFrame>
  );
}
