'use client';

import { ActionForm } from '@/app/_components/action-form';
import { Field } from '@/app/_components/field';
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
        <Field label="Email" type="email" name="email" autoComplete="username" required />
        <Field label="Password" type="password" name="password" autoComplete="new-password" required />
        <Field
          label="Repeat the password"
          type="password"
          name="confirm"
          autoComplete="new-password"
          required
        />
      </div>
    </ActionForm>
  );
}
