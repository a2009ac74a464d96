'use client';

import { ActionForm } from '@/app/_components/action-form';
import { setUpFirstAdmin } from '../actions';

export function SetupForm({ token }: { token: string }) {
  return (
    <ActionForm
      action={setUpFirstAdmin}
      submitLabel="Create admin and sign in"
      pendingLabel="Creating…"
      testId="setup-form"
    >
      <input type="hidden" name="token" value={token} />
      <div className="form-stack">
        <label>
          <span>Email</span>
          <input type="email" name="email" autoComplete="username" required />
        </label>
        <label>
          <span>Password</span>
          <input type="password" name="password" autoComplete="new-password" required />
        </label>
        <label>
          <span>Repeat the password</span>
          <input type="password" name="confirm" autoComplete="new-password" required />
        </label>
      </div>
    </ActionForm>
  );
}
