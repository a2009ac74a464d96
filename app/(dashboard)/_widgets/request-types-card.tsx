import { Card } from '@/app/_components/card';
import { formatCount, formatHours, formatPercent } from '@/app/_components/format';
import { loadRequestTypes, type OverviewFilters } from './data';

export async function RequestTypesCard({ filters }: { filters: OverviewFilters }) {
  const rows = await loadRequestTypes(filters);
  // Tag the fallback rows only when they sit among clustered ones; when nothing is clustered, say so once.
  const clustered = rows.some((r) => r.kind === 'cluster');
  const mixed = clustered && rows.some((r) => r.kind === 'type');
  return (
    <Card
      title="Largest request types"
      subtitle={
        clustered
          ? 'Tickets created in this window, by request type (ticket type and first label where not clustered)'
          : 'Tickets created in this window, by ticket type and first label (not clustered yet)'
      }
      className="span-2"
      testId="request-types-card"
    >
      {rows.length === 0 ? (
        <p className="empty-note">No tickets were created in this window.</p>
      ) : (
        <div className="table-scroll">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Request type</th>
                <th scope="col" className="num">
                  Tickets
                </th>
                <th scope="col" className="share-col">
                  Share
                </th>
                <th scope="col" className="num">
                  Median lead time
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={`${row.kind}:${row.clusterId ?? row.label}`} data-testid="request-type-row">
                  <td>
                    <span className="type-label">{row.label}</span>
                    {mixed && row.kind === 'type' ? (
                      <span className="tag" title="Not clustered yet: grouped by ticket type and first label">
                        type + label
                      </span>
                    ) : null}
                  </td>
                  <td className="num">{formatCount(row.tickets)}</td>
                  <td className="share-col">
                    <span className="share-cell">
                      <span className="meter" aria-hidden="true">
                        <span style={{ width: formatPercent(row.share, 2) }} />
                      </span>
                      {formatPercent(row.share, 1)}
                    </span>
                  </td>
                  <td className="num">
                    {formatHours(row.medianLeadTimeHours)}
                    <span className="cell-note">n = {formatCount(row.resolved)}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="stat-foot">Median: nearest-rank over the tickets of each type resolved so far.</p>
    </Card>
  );
}
