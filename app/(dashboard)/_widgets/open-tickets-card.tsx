import { Card } from '@/app/_components/card';
import { formatCount, formatDateTime, formatHours } from '@/app/_components/format';
import { loadOpenTickets, type OverviewFilters } from './data';

const CATEGORY_LABELS: Record<string, string> = {
  triage: 'Triage',
  queue: 'In queue',
  active: 'In progress',
  waiting: 'On requester',
};

const categoryLabel = (category: string) => CATEGORY_LABELS[category] ?? category;

export async function OpenTicketsCard({ filters }: { filters: OverviewFilters }) {
  const open = await loadOpenTickets(filters);
  return (
    <Card
      title="Open tickets"
      subtitle={`Everything open as of ${formatDateTime(filters.asOf, filters.timeZone)}, whatever the window`}
      testId="open-tickets-card"
    >
      <p className="stat-value" data-testid="open-total">
        {formatCount(open.total)}
        <span className="stat-unit"> open</span>
      </p>
      {open.byCategory.length > 0 ? (
        <ul className="category-list">
          {open.byCategory.map((c) => (
            <li key={c.category}>
              <span className={`dot cat-${c.category}`} aria-hidden="true" />
              <span>{categoryLabel(c.category)}</span>
              <span className="category-count">{formatCount(c.tickets)}</span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="empty-note">Nothing is open.</p>
      )}
    </Card>
  );
}

export async function OldestOpenCard({ filters }: { filters: OverviewFilters }) {
  const open = await loadOpenTickets(filters);
  return (
    <Card
      title="Oldest open tickets"
      subtitle="Age since creation, as of now"
      className="span-2"
      testId="oldest-open-card"
    >
      {open.oldest.length === 0 ? (
        <p className="empty-note">No open tickets.</p>
      ) : (
        <div className="table-scroll">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Key</th>
                <th scope="col">Title</th>
                <th scope="col">Status</th>
                <th scope="col" className="num">
                  Age
                </th>
              </tr>
            </thead>
            <tbody>
              {open.oldest.map((t) => (
                <tr key={t.key} data-testid="oldest-open-row">
                  <td className="nowrap mono">
                    {t.url ? (
                      <a href={t.url} target="_blank" rel="noreferrer noopener">
                        {t.key}
                      </a>
                    ) : (
                      t.key
                    )}
                  </td>
                  <td className="title-cell" title={t.title}>
                    {t.title}
                  </td>
                  <td className="nowrap">
                    <span className={`status status-${t.statusCategory}`}>{t.status}</span>
                  </td>
                  <td className="num nowrap">{formatHours(t.ageHours)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}
