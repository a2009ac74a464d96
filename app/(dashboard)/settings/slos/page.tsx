import type { Metadata } from 'next';
import { ActionForm } from '@/app/_components/action-form';
import { Card } from '@/app/_components/card';
import { requireRole } from '@/app/_lib/authorize';
import { getDatabase } from '@/app/_lib/db';
import { getConfigInForce } from '@/lib/analysis/config-in-force';
import { SettingsFrame } from '../_widgets/settings-frame';
import { deleteSloPolicy, saveSloPolicy } from '../actions';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Settings · SLO policies' };

const EXAMPLE = {
  name: 'new-policy',
  start: ['created', 'reopened'],
  pause: ['waiting'],
  stop: ['done'],
  goals: [{ match: { priority: ['P1'] }, hours: 4 }, { hours: 16 }],
  target: 0.95,
};

/** One policy's JSON editor; `index` is its position in `slos`, or `new` to append. */
function PolicyForm({ index, policy, submitLabel }: { index: string; policy: unknown; submitLabel: string }) {
  return (
    <ActionForm
      action={saveSloPolicy}
      submitLabel={submitLabel}
      testId={index === 'new' ? 'add-slo-form' : undefined}
    >
      <input type="hidden" name="index" value={index} />
      <div className="form-stack">
        <label>
          <span>Policy (JSON)</span>
          <textarea
            name="policy"
            rows={12}
            defaultValue={JSON.stringify(policy, null, 2)}
            spellCheck={false}
          />
        </label>
      </div>
    </ActionForm>
  );
}

export default async function SloPoliciesPage() {
  await requireRole('editor');
  const { db } = await getDatabase();
  const inForce = await getConfigInForce({ db });
  const { slos, calendars } = inForce.config;
  const calendarNames = Object.keys(calendars);
  return (
    <SettingsFrame active="/settings/slos" inForce={inForce} timeZone={inForce.config.reportTimeZone}>
      <p className="muted">
        Each policy is edited in the config file’s own shape. Conditions: created, reopened, first-response,
        assigned, done, canceled, triage, queue, active, waiting or status:&lt;name&gt;; the first goal whose{' '}
        <code>match</code> (type, priority, cluster, team) fits a ticket sets its hours. Calendars:{' '}
        {calendarNames.length ? calendarNames.join(', ') : 'none yet (the clock runs 24×7)'}.
      </p>
      <div className="dashboard-grid">
        {slos.map((policy, index) => (
          <Card
            key={policy.name}
            title={policy.name}
            subtitle={`${policy.calendar ?? '24×7'} · ${policy.goals.length} goal${policy.goals.length === 1 ? '' : 's'} · target ${Math.round(policy.target * 1000) / 10} %`}
            className="span-2"
            testId={`slo-${policy.name}`}
          >
            <PolicyForm index={String(index)} policy={policy} submitLabel="Save policy" />
            <ActionForm action={deleteSloPolicy} submitLabel="Delete" pendingLabel="Deleting…" danger>
              <input type="hidden" name="name" value={policy.name} />
            </ActionForm>
          </Card>
        ))}
        <Card title="Add a policy" className="span-2" testId="add-slo">
          <PolicyForm index="new" policy={EXAMPLE} submitLabel="Add policy" />
        </Card>
      </div>
    </SettingsFrame>
  );
}
