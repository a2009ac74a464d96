'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { getDatabase } from '@/app/_lib/db';
import { validatedAction } from '@/app/_lib/validated-action';
import type { Db } from '@/db/client';
import { deleteSessionsOfUser } from '@/db/queries/sessions';
import {
  countOtherActiveAdmins,
  createUser,
  getUserById,
  setUserDisabled,
  updateUserRole,
} from '@/db/queries/users';
import { USER_ROLES } from '@/db/schema';
import { InputError, NotFoundError } from '@/lib/errors';
import { checkPasswordStrength, hashPassword } from '@/lib/security/password';

const role = z.enum(USER_ROLES, { error: 'choose viewer, editor or admin' });
const userId = z.coerce.number().int().positive();

export const addUser = validatedAction(
  'admin',
  z.object({
    email: z.email({ error: 'enter an email address' }),
    role,
    password: z.string(),
  }),
  async (input) => {
    checkPasswordStrength(input.password);
    const { db } = await getDatabase();
    const created = await createUser({
      db,
      email: input.email,
      role: input.role,
      passwordHash: await hashPassword(input.password),
    });
    if (!created) throw new InputError(`email: ${input.email} already has an account`);
    revalidatePath('/settings/users');
    return {
      ok: true,
      message: `Added ${created.email} as ${created.role}. Hand them the password in person.`,
    };
  },
);

/** The last active admin cannot be demoted or disabled: nobody could manage connections or people. */
async function keepAnAdmin(db: Db, id: number): Promise<void> {
  const user = await getUserById({ db, id });
  if (!user) throw new NotFoundError('no such user');
  if (
    user.role === 'admin' &&
    !user.disabledAt &&
    (await countOtherActiveAdmins({ db, exceptId: id })) === 0
  ) {
    throw new InputError(`${user.email} is the last active admin: make someone else admin first`);
  }
}

export const changeRole = validatedAction('admin', z.object({ id: userId, role }), async (input) => {
  const { db } = await getDatabase();
  if (input.role !== 'admin') await keepAnAdmin(db, input.id);
  await updateUserRole({ db, id: input.id, role: input.role });
  revalidatePath('/settings/users');
  return { ok: true, message: `Role changed to ${input.role}.` };
});

export const setDisabled = validatedAction(
  'admin',
  z.object({ id: userId, disabled: z.enum(['yes', 'no']) }),
  async (input) => {
    const { db } = await getDatabase();
    if (input.disabled === 'yes') {
      await keepAnAdmin(db, input.id);
      await setUserDisabled({ db, id: input.id, disabledAt: new Date() });
      // Disabling signs them out everywhere at once.
      await deleteSessionsOfUser({ db, userId: input.id });
    } else {
      await setUserDisabled({ db, id: input.id, disabledAt: null });
    }
    revalidatePath('/settings/users');
    return { ok: true, message: input.disabled === 'yes' ? 'Disabled and signed out.' : 'Enabled again.' };
  },
);
