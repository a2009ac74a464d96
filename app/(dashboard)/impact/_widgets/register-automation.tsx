'use client';

import { ActionForm } from '@/app/_components/action-form';
import { Card } from '@/app/_components/card';
import { registerAutomation } from '../actions';

/** Editors: register a self-service workflow against the request types it replaces. */
export function RegisterAutomation({
  clusters,
}: {
  clusters: Array<{ id: string; label: string; tickets: number }>;
}) {
  return (
    <Card
      title="Register an automation"
      className="span-4"
      testId="register-automation"
      subtitle="the request types it replaces and its launch date; its runs then arrive with import-runs or POST /api/v1/automations/{name}/runs"
    >
      <ActionForm
        action={registerAutomation}
        submitLabel="Register"
        pendingLabel="Registering…"
        testId="register-form"
      >
        <div className="filters">
          <label>
            <span>Name</span>
            <input type="text" name="name" required maxLength={64} placeholder="db-self-serve" />
          </label>
          <label>
            <span>Launched</span>
            <input type="date" name="launchedAt" required />
          </label>
          <label>
            <span>Build cost (hours)</span>
            <input type="number" name="buildCostHours" min={0} step="any" />
          </label>
          <label>
            <span>Replaces</span>
            <select name="clusters" multiple required size={6}>
              {clusters.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.label} ({c.tickets})
                </option>
              ))}
            </select>
          </label>
        </div>
      </ActionForm>
    </Card>
  );
}
