import 'server-only';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import type { z } from 'zod';
import type { ActionState } from '@/app/_lib/action-state';
import { assertSameOrigin, authorizeAction, type Principal, type Role } from '@/app/_lib/authorize';
import { AuthorizationError, InputError, NotFoundError } from '@/lib/errors';

/** A handler either answers the form or sends the browser to the page that shows the result. */
export type ActionResult = ActionState | { redirectTo: string };

/** FormData → a plain object; fields listed in `arrays` keep every value (checkbox groups). */
export function formObject(form: FormData, arrays: readonly string[] = []): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of new Set(form.keys())) {
    if (key.startsWith('$ACTION')) continue;
    out[key] = arrays.includes(key) ? form.getAll(key).map(String) : String(form.get(key) ?? '');
  }
  for (const key of arrays) out[key] ??= [];
  return out;
}

/**
 * A server action for `useActionState`: authorises `role` first (CSRF-checked Origin, session), then
 * validates the form with `schema`; the handler's InputError/NotFoundError become the form's message.
 * Any other failure is logged in full and shown as one sentence.
 */
export function validatedAction<S extends z.ZodType>(
  role: Role,
  schema: S,
  handler: (input: z.infer<S>, principal: Principal) => Promise<ActionResult>,
  arrays: readonly string[] = [],
): (previous: ActionState, form: FormData) => Promise<ActionState> {
  return formAction(() => authorizeAction(role), schema, handler, arrays);
}

/**
 * A server action anyone may submit (sign-in, first-admin setup): still refuses a missing, `null` or
 * foreign Origin, so another site cannot post it from a visitor's browser.
 */
export function publicAction<S extends z.ZodType>(
  schema: S,
  handler: (input: z.infer<S>) => Promise<ActionResult>,
): (previous: ActionState, form: FormData) => Promise<ActionState> {
  return formAction(
    async () => {
      assertSameOrigin(await headers());
      return null;
    },
    schema,
    handler,
    [],
  );
}

function formAction<S extends z.ZodType, P>(
  authorize: () => Promise<P>,
  schema: S,
  handler: (input: z.infer<S>, principal: P) => Promise<ActionResult>,
  arrays: readonly string[],
): (previous: ActionState, form: FormData) => Promise<ActionState> {
  return async (_previous, form) => {
    let result: ActionResult;
    try {
      const principal = await authorize();
      const parsed = schema.safeParse(formObject(form, arrays));
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const field = issue?.path.join('.') || undefined;
        return { ok: false, field, message: `${field ?? 'form'}: ${issue?.message ?? 'invalid'}` };
      }
      result = await handler(parsed.data, principal);
    } catch (error) {
      if (
        error instanceof AuthorizationError ||
        error instanceof InputError ||
        error instanceof NotFoundError
      ) {
        return { ok: false, message: error.message };
      }
      console.error(error);
      return { ok: false, message: 'The change could not be saved: the server log has the details.' };
    }
    // Outside the try: redirect() works by throwing.
    if ('redirectTo' in result) redirect(result.redirectTo);
    return result;
  };
}
