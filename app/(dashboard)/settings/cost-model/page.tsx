import type { Metadata } from 'next';
import { ActionForm } from '@/app/_components/action-form';
import { Card } from '@/app/_components/card';
import { Field } from '@/app/_components/field';
import { requireRole } from '@/app/_lib/authorize';
import { getDatabase } from '@/app/_lib/db';
import { getConfigInForce } from '@/lib/analysis/config-in-force';
import type { CostModel } from '@/lib/config';
import { SettingsFrame } from '../_widgets/settings-frame';
import { saveCostModel } from '../actions';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Settings · Cost model' };

const FIELDS: { name: keyof CostModel; label: string }[] = [
  { name: 'requesterHourly', label: 'Requester cost per hour (waiting)' },
  { name: 'teamHourly', label: 'Team cost per hour (handling)' },
  {
    name: 'handlingMinutesPerTicket',
    label: 'Handling minutes per ticket (empty: use measured active time)',
  },
  { name: 'buildCostHours', label: 'Build cost of an automation (hours)' },
];

export default async function CostModelPage() {
  await requireRole('editor');
  const { db } = await getDatabase();
  const inForce = await getConfigInForce({ db });
  const cost = inForce.config.costModel;
  return (
    <SettingsFrame active="/settings/cost-model" inForce={inForce} timeZone={inForce.config.reportTimeZone}>
      <Card
        title="Cost model"
        subtitle="prices the candidates' monthly cost and payback; the Candidates page can try other values without saving"
        testId="cost-model"
      >
        <ActionForm action={saveCostModel} submitLabel="Save cost model" testId="cost-model-form">
          <div className="form-stack settings-form">
            {FIELDS.map((field) => (
              <Field
                key={field.name}
                label={field.label}
                type="number"
                name={field.name}
                min={0}
                step="any"
                defaultValue={cost[field.name] ?? ''}
                required={field.name !== 'handlingMinutesPerTicket'}
              />
            ))}
          </div>
        </ActionForm>
      </Card>
    </SettingsFrame>
  );
}
