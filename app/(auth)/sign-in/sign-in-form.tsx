'use client';

import { ActionForm } from '@/app/_components/action-form';
import { Field } from '@/app/_components/field';
import { signIn } from '../actions';

export function SignInForm({ next }: { next: string }) {
  return (
    <ActionForm action={signIn} submitLabel="Sign in" pendingLabel="Signing in…" testId="sign-in-form">
      <input type="hidden" name="next" value={next} />
      <div className="form-stack">
        <Field label="Email" type="email" name="email" autoComplete="username" required />
        <Field label="Password" type="password" name="password" autoComplete="current-password" required />
      </div>
    </ActionForm>
  );
}
