import type { Metadata } from 'next';
import { Card } from '@/app/_components/card';
import { formatDateTime } from '@/app/_components/format';
import { requireRole } from '@/app/_lib/authorize';
import { getDatabase } from '@/app/_lib/db';
import { connections } from '@/db/schema';
import { getConfigInForce } from '@/lib/analysis/config-in-force';
import { env } from '@/lib/env';
import { lastRunStarts } from '@/lib/ingest/stored-connections';
import { AddConnectionForm, ConnectionActions, EditConnectionForm } from './_widgets/connection-forms';

export const dynamic = 'force-dynamic';

export const metadata: Metadata = { title: 'Connections' };

function scopeText(scope: Record<string, unknown>): string {
  return Object.entries(scope)
    .map(([key, value]) => `${key}: ${String(value)}`)
    .join(', ');
}

export default async function ConnectionsPage() {
  await requireRole('admin');
  const database = await getDatabase();
  const [{ config }, rows, lastRuns] = await Promise.all([
    getConfigInForce({ db: database.db }),
    database.db.select().from(connections).orderBy(connections.name),
    lastRunStarts(database.db),
  ]);
  const hasKey = Boolean(env().TOILSCOPE_SECRET_KEY);
  return (
    <>
      <div className="page-heading">
        <div>
          <h1>Connections</h1>
          <p className="muted">
            Jira, Linear and GitHub sources · secrets encrypted at rest (AES-256-GCM), never shown again ·
            syncs run on their schedules inside the server
          </p>
        </div>
      </div>
      <div className="dashboard-grid">
        <Card title="Stored connections" className="span-4" testId="connections-list">
          <table className="data-table">
            <thead>
              <tr>
                <th>Name</th>
                <th>Source</th>
                <th>URL</th>
                <th>Scope</th>
                <th>Schedule</th>
                <th>Secret</th>
                <th>Last run</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => {
                const last = lastRuns.get(row.id);
                return (
                  <tr key={row.id} data-testid={`connection-${row.name}`}>
                    <td>{row.name}</td>
                    <td>{row.kind}</td>
                    <td className="mono">{row.baseUrl ?? '—'}</td>
                    <td>{scopeText(row.scope) || '—'}</td>
                    <td>{row.schedule ? `every ${row.schedule}` : 'on demand'}</td>
                    <td data-testid="secret-cell">
                      {row.secretCiphertext === null
                        ? 'none'
                        : `set${row.secretLast4 ? ` · …${row.secretLast4}` : ''}`}
                    </td>
                    <td>{last ? formatDateTime(last, config.reportTimeZone) : 'never'}</td>
                    <td>
                      {row.kind === 'file' ? null : (
                        <>
                          <ConnectionActions name={row.name} />
                          <EditConnectionForm
                            name={row.name}
                            baseUrl={row.baseUrl}
                            scope={String(Object.values(row.scope)[0] ?? '')}
                            schedule={row.schedule}
                          />
                        </>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </Card>
        <Card
          title="Add a connection"
          className="span-4"
          subtitle={
            hasKey
              ? 'the token is sealed with TOILSCOPE_SECRET_KEY before it is stored; private hosts need TOILSCOPE_ALLOWED_HOSTS'
              : 'TOILSCOPE_SECRET_KEY is not set: secrets cannot be stored until the server is started with one'
          }
        >
          <AddConnectionForm />
        </Card>
      </div>
    </>
  );
}
