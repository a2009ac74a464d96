import { Card } from '@/app/_components/card';
import { formatCount } from '@/app/_components/format';
import { VolumeChart } from '@/app/_components/volume-chart';
import { loadWeeklyVolume, type OverviewFilters } from './data';

export async function VolumeCard({ filters }: { filters: OverviewFilters }) {
  const { weeks, total } = await loadWeeklyVolume(filters);
  return (
    <Card
      title="Ticket volume"
      subtitle={`Created per ISO week (Mon–Sun, ${filters.timeZone}) · paler bars cover part of a week`}
      className="span-4"
      testId="volume-card"
    >
      <p className="card-kpi">
        <span className="stat-value" data-testid="volume-total">
          {formatCount(total)}
        </span>{' '}
        <span className="muted">tickets created in {formatCount(weeks.length)} weeks</span>
      </p>
      {weeks.length === 0 ? (
        <p className="empty-note">No weeks in this window.</p>
      ) : (
        <VolumeChart weeks={weeks} />
      )}
    </Card>
  );
}
