import type { Metadata } from 'next';
import { ActionForm } from '@/app/_components/action-form';
import { Card } from '@/app/_components/card';
import { Field } from '@/app/_components/field';
import { formatDateTime } from '@/app/_components/format';
import { authMode, requireRole } from '@/app/_lib/authorize';
import { getDatabase } from '@/app/_lib/db';
import { listUsers } from '@/db/queries/users';
import { USER_ROLES } from '@/db/schema';
import { getConfigInForce } from '@/lib/analysis/config-in-force';
import { MIN_PASSWORD_LENGTH } from '@/lib/security/password';
import { SettingsFrame } from '../_widgets/settings-frame';
import { addUser, changeRole, setDisabled } from './actions';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Settings · Users' };

const ROLE_TEXT = {
  viewer: 'dashboards and exports',
  editor: 'also overrides, automations, SLO and cost settings',
  admin: 'also connections and people',
} as const;

export default async function UsersPage() {
  const me = await requireRole('admin');
  const { db } = await getDatabase();
  const [inForce, people] = await Promise.all([getConfigInForce({ db }), listUsers({ db })]);
  const zone = inForce.config.reportTimeZone;
  return (
    <SettingsFrame active="/settings/users" inForce={inForce} timeZone={zone}>
      {!authMode().signIn ? (
        <p className="notice" role="note">
          Sign-in is off ({authMode().reason}), so these accounts take effect once TOILSCOPE_AUTH=on.
        </p>
      ) : null}
      <div className="dashboard-grid">
        <Card title="People" subtitle={`${people.length} accounts`} className="span-4" testId="users-list">
          <table className="data-table">
            <thead>
              <tr>
                <th>Email</th>
                <th>Role</th>
                <th>Added</th>
                <th>State</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {people.map((person) => (
                <tr key={person.id} data-testid={`user-${person.email}`}>
                  <td>
                    {person.email}
                    {person.id === me.userId ? <span className="muted"> (you)</span> : null}
                  </td>
                  <td>
                    <ActionForm action={changeRole} submitLabel="Set role" pendingLabel="Saving…">
                      <input type="hidden" name="id" value={person.id} />
                      <select name="role" defaultValue={person.role} aria-label={`Role of ${person.email}`}>
                        {USER_ROLES.map((r) => (
                          <option key={r} value={r}>
                            {r}
                          </option>
                        ))}
                      </select>
                    </ActionForm>
                  </td>
                  <td>{formatDateTime(person.createdAt, zone)}</td>
                  <td>
                    {person.disabledAt ? `disabled ${formatDateTime(person.disabledAt, zone)}` : 'active'}
                  </td>
                  <td>
                    <ActionForm
                      action={setDisabled}
                      submitLabel={person.disabledAt ? 'Enable' : 'Disable'}
                      pendingLabel="Saving…"
                      danger={!person.disabledAt}
                    >
                      <input type="hidden" name="id" value={person.id} />
                      <input type="hidden" name="disabled" value={person.disabledAt ? 'no' : 'yes'} />
                    </ActionForm>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </Card>
        <Card
          title="Add a person"
          subtitle={`passwords need ${MIN_PASSWORD_LENGTH}+ characters`}
          className="span-2"
          testId="add-user"
        >
          <ActionForm action={addUser} submitLabel="Add person" testId="add-user-form">
            <div className="form-stack">
              <Field label="Email" type="email" name="email" autoComplete="off" required />
              <label>
                <span>Role</span>
                <select name="role" defaultValue="viewer">
                  {USER_ROLES.map((r) => (
                    <option key={r} value={r}>
                      {r}: {ROLE_TEXT[r]}
                    </option>
                  ))}
                </select>
              </label>
              <Field
                label="Initial password"
                type="password"
                name="password"
                autoComplete="new-password"
                required
              />
            </div>
          </ActionForm>
        </Card>
      </div>
    </SettingsFrame>
  );
}
