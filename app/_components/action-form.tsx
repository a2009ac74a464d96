'use client';

import { type ReactNode, useActionState } from 'react';
import { type ActionState, IDLE } from '@/app/_lib/action-state';

/** A server-action form that shows the action's message and disables itself while the change runs. */
export function ActionForm({
  action,
  children,
  submitLabel,
  pendingLabel = 'Saving and re-applying…',
  id,
  testId,
  danger = false,
}: {
  action: (previous: ActionState, form: FormData) => Promise<ActionState>;
  children?: ReactNode;
  submitLabel: string;
  pendingLabel?: string;
  id?: string;
  testId?: string;
  danger?: boolean;
}) {
  const [state, formAction, pending] = useActionState(action, IDLE);
  return (
    <form action={formAction} id={id} data-testid={testId} aria-busy={pending ? 'true' : undefined}>
      {children}
      <div className="filters">
        <button type="submit" className={danger ? 'button button-danger' : 'button'} disabled={pending}>
          {pending ? pendingLabel : submitLabel}
        </button>
      </div>
      {state.message ? (
        <p
          className={state.ok ? 'form-message' : 'form-message form-message-error'}
          role={state.ok ? 'status' : 'alert'}
          data-testid="form-message"
        >
          {state.message}
        </p>
      ) : null}
    </form>
  );
}
