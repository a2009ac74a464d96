'use client';

import { ActionForm } from '@/app/_components/action-form';
import { signIn } from '../actions';

export function SignInForm({ next }: { next: string }) {
  return (
    <ActionForm action={signIn} submitLabel="Sign in" pendingLabel="Signing in…" testId="sign-in-form">
      <input type="hidden" name="next" value={next} />
      <div className="form-stack">
        <label>
          <span>Email</span>
          <input type="email" name="email" autoComplete="username" required />
        </label>
        <label>
          <span>Password</span>
          <input type="password" name="password" autoComplete="current-password" required />
        </label>
      </div>
    </ActionForm>
  );
}
