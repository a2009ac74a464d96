import type { Metadata } from 'next';
import { ActionForm } from '@/app/_components/action-form';
import { Card } from '@/app/_components/card';
import { requireRole } from '@/app/_lib/authorize';
import { getDatabase } from '@/app/_lib/db';
import { getConfigInForce } from '@/lib/analysis/config-in-force';
import { SettingsFrame } from '../_widgets/settings-frame';
import { saveCostModel } from '../actions';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Settings · Cost model' };

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
            <label>
              <span>Requester cost per hour (waiting)</span>
              <input
                type="number"
                name="requesterHourly"
                min={0}
                step="any"
                defaultValue={cost.requesterHourly}
                required
              />
            </label>
            <label>
              <span>Team cost per hour (handling)</span>
              <input
                type="number"
                name="teamHourly"
                min={0}
                step="any"
                defaultValue={cost.teamHourly}
                required
              />
            </label>
            <label>
              <span>Handling minutes per ticket (empty: use measured active time)</span>
              <input
                type="number"
                name="handlingMinutesPerTicket"
                min={0}
                step="any"
                defaultValue={cost.handlingMinutesPerTicket ?? ''}
              />
            </label>
            <label>
              <span>Build cost of an automation (hours)</span>
              <input
                type="number"
                name="buildCostHours"
                min={0}
                step="any"
                defaultValue={cost.buildCostHours}
                required
              />
            </label>
          </div>
        </ActionForm>
      </Card>
    </SettingsFrame>
  );
}
