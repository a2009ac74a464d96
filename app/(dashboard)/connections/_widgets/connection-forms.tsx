'use client';

import { ActionForm } from '@/app/_components/action-form';
import { addConnection, editConnection, removeConnection, testConnection } from '../actions';

export function AddConnectionForm() {
  return (
    <ActionForm
      action={addConnection}
      submitLabel="Store connection"
      pendingLabel="Storing…"
      testId="add-connection-form"
    >
      <div className="filters">
        <label>
          <span>Source</span>
          <select name="kind" defaultValue="jira">
            <option value="jira">Jira</option>
            <option value="linear">Linear</option>
            <option value="github">GitHub</option>
          </select>
        </label>
        <label>
          <span>Name</span>
          <input type="text" name="name" required maxLength={64} placeholder="ops-jira" />
        </label>
        <label>
          <span>Base URL</span>
          <input type="url" name="baseUrl" placeholder="https://acme.atlassian.net" />
        </label>
        <label>
          <span>Scope (JQL, team key or OWNER/REPO)</span>
          <input type="text" name="scope" placeholder="project = OPS" />
        </label>
        <label>
          <span>Schedule</span>
          <input type="text" name="schedule" placeholder="1h" />
        </label>
        <label>
          <span>Email (Jira Cloud)</span>
          <input type="email" name="email" autoComplete="off" />
        </label>
        <label>
          <span>Token or key</span>
          <input type="password" name="secret" autoComplete="new-password" />
        </label>
      </div>
    </ActionForm>
  );
}

export function ConnectionActions({ name }: { name: string }) {
  return (
    <div className="connection-actions">
      <ActionForm action={testConnection} submitLabel="Test" pendingLabel="Testing…" testId={`test-${name}`}>
        <input type="hidden" name="name" value={name} />
      </ActionForm>
      <ActionForm
        action={removeConnection}
        submitLabel="Remove"
        pendingLabel="Removing…"
        danger
        testId={`remove-${name}`}
      >
        <input type="hidden" name="name" value={name} />
      </ActionForm>
    </div>
  );
}

/** Change URL, scope, schedule or secret; the secret field starts empty and empty keeps the stored one. */
export function EditConnectionForm({
  name,
  baseUrl,
  scope,
  schedule,
}: {
  name: string;
  baseUrl: string | null;
  scope: string;
  schedule: string | null;
}) {
  return (
    <details className="connection-edit">
      <summary>Edit</summary>
      <ActionForm action={editConnection} submitLabel="Save" pendingLabel="Saving…" testId={`edit-${name}`}>
        <input type="hidden" name="name" value={name} />
        <div className="form-stack">
          <label>
            <span>Base URL</span>
            <input type="url" name="baseUrl" defaultValue={baseUrl ?? ''} />
          </label>
          <label>
            <span>Scope</span>
            <input type="text" name="scope" defaultValue={scope} />
          </label>
          <label>
            <span>Schedule</span>
            <input type="text" name="schedule" defaultValue={schedule ?? ''} placeholder="on demand" />
          </label>
          <label>
            <span>Email (Jira Cloud, with a new token)</span>
            <input type="email" name="email" autoComplete="off" />
          </label>
          <label>
            <span>New token or key (empty: keep)</span>
            <input type="password" name="secret" autoComplete="new-password" />
          </label>
        </div>
      </ActionForm>
    </details>
  );
}
