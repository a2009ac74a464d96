import type { Metadata } from 'next';
import { ActionForm } from '@/app/_components/action-form';
import { Card } from '@/app/_components/card';
import { requireRole } from '@/app/_lib/authorize';
import { getDatabase } from '@/app/_lib/db';
import { getConfigInForce } from '@/lib/analysis/config-in-force';
import type { CalendarConfig } from '@/lib/config';
import { WEEKDAYS } from '@/lib/metrics/calendar';
import { SettingsFrame } from '../_widgets/settings-frame';
import { deleteCalendar, saveCalendar } from '../actions';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Settings · Calendars' };

function CalendarFields({ name, calendar }: { name: string; calendar: CalendarConfig | null }) {
  return (
    <div className="form-stack settings-form">
      <input type="hidden" name="previousName" value={calendar ? name : ''} />
      <label>
        <span>Name</span>
        <input type="text" name="name" defaultValue={name} required maxLength={64} placeholder="ny-9to5" />
      </label>
      <label>
        <span>Time zone (IANA)</span>
        <input type="text" name="timeZone" defaultValue={calendar?.timeZone ?? 'UTC'} required />
      </label>
      <fieldset className="day-picker">
        <legend>Working days</legend>
        {WEEKDAYS.map((day) => (
          <label key={day}>
            <input
              type="checkbox"
              name="days"
              value={day}
              defaultChecked={calendar ? calendar.days.includes(day) : !['sat', 'sun'].includes(day)}
            />{' '}
            {day}
          </label>
        ))}
      </fieldset>
      <div className="filters">
        <label>
          <span>From</span>
          <input type="time" name="hoursFrom" defaultValue={calendar?.hours[0] ?? '09:00'} required />
        </label>
        <label>
          <span>To</span>
          <input type="time" name="hoursTo" defaultValue={calendar?.hours[1] ?? '17:00'} required />
        </label>
        <label className="inline-check">
          <input type="checkbox" name="always" defaultChecked={calendar?.always ?? false} /> 24×7 (holidays
          still apply)
        </label>
      </div>
      <label>
        <span>Holidays (local dates YYYY-MM-DD, one per line)</span>
        <textarea name="holidays" rows={4} defaultValue={calendar?.holidays.join('\n') ?? ''} />
      </label>
    </div>
  );
}

export default async function CalendarsPage() {
  await requireRole('editor');
  const { db } = await getDatabase();
  const inForce = await getConfigInForce({ db });
  const { calendars, slos } = inForce.config;
  return (
    <SettingsFrame active="/settings/calendars" inForce={inForce} timeZone={inForce.config.reportTimeZone}>
      <div className="dashboard-grid">
        {Object.entries(calendars).map(([name, calendar]) => {
          const usedBy = slos.filter((s) => s.calendar === name).map((s) => s.name);
          return (
            <Card
              key={name}
              title={name}
              subtitle={`${calendar.timeZone} · ${usedBy.length ? `used by ${usedBy.join(', ')}` : 'not used by an SLO'}`}
              className="span-2"
              testId={`calendar-${name}`}
            >
              <ActionForm action={saveCalendar} submitLabel="Save calendar">
                <CalendarFields name={name} calendar={calendar} />
              </ActionForm>
              <ActionForm action={deleteCalendar} submitLabel="Delete" pendingLabel="Deleting…" danger>
                <input type="hidden" name="name" value={name} />
              </ActionForm>
            </Card>
          );
        })}
        <Card
          title="Add a calendar"
          subtitle="business hours for SLO clocks"
          className="span-2"
          testId="add-calendar"
        >
          <ActionForm action={saveCalendar} submitLabel="Add calendar" testId="add-calendar-form">
            <CalendarFields name="" calendar={null} />
          </ActionForm>
        </Card>
      </div>
    </SettingsFrame>
  );
}
