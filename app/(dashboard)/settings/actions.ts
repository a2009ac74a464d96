'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import type { Principal } from '@/app/_lib/authorize';
import { getDatabase } from '@/app/_lib/db';
import { startReanalysis } from '@/app/_lib/reanalysis';
import { validatedAction } from '@/app/_lib/validated-action';
import { type SettingsSection, saveSettingsSection } from '@/db/queries/settings';
import { getConfigInForce } from '@/lib/analysis/config-in-force';
import { STATUS_CATEGORIES } from '@/lib/domain/ticket';
import { InputError } from '@/lib/errors';

/** Saves one section as a new settings version (validated whole) and re-analyses with it. */
async function saveSection(section: SettingsSection, value: unknown, principal: Principal) {
  const { db } = await getDatabase();
  const { origin } = await getConfigInForce({ db });
  if (origin.kind === 'file') {
    throw new InputError(`${origin.path} is in force: edit it, or remove it to manage settings here`);
  }
  const version = await saveSettingsSection({
    db,
    section,
    value,
    savedBy: principal.email ?? 'open mode',
  });
  startReanalysis(version);
  revalidatePath('/', 'layout');
  return {
    ok: true,
    message: `Saved as settings version ${version}; every ticket is being re-analysed with it.`,
  };
}

const number = (field: string) =>
  z
    .string()
    .trim()
    .min(1, { error: `${field}: required` })
    .transform(Number)
    .refine(Number.isFinite, { error: `${field}: must be a number` });

export const saveStatusMap = validatedAction(
  'editor',
  z.object({
    status: z.array(z.string()),
    category: z.array(z.enum(['', ...STATUS_CATEGORIES], { error: 'unknown category' })),
  }),
  async ({ status, category }, principal) => {
    if (status.length !== category.length) throw new InputError('form: statuses and categories differ');
    const map: Record<string, string> = {};
    status.forEach((name, i) => {
      const chosen = category[i];
      if (chosen) map[name] = chosen;
    });
    return saveSection('statusMap', map, principal);
  },
  ['status', 'category'],
);

export const saveCostModel = validatedAction(
  'editor',
  z.object({
    requesterHourly: number('requesterHourly'),
    teamHourly: number('teamHourly'),
    handlingMinutesPerTicket: z
      .string()
      .trim()
      .transform((v) => (v === '' ? null : Number(v)))
      .refine((v) => v === null || Number.isFinite(v), { error: 'must be a number or empty' }),
    buildCostHours: number('buildCostHours'),
  }),
  (input, principal) => saveSection('costModel', input, principal),
);

const calendarName = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, { error: "letters, digits, '.', '_' or '-', up to 64" });

export const saveCalendar = validatedAction(
  'editor',
  z.object({
    name: calendarName,
    previousName: z.string().trim(),
    timeZone: z.string().trim(),
    days: z.array(z.string()),
    hoursFrom: z.string().trim(),
    hoursTo: z.string().trim(),
    holidays: z.string(),
    always: z.string().optional(),
  }),
  async (input, principal) => {
    const { db } = await getDatabase();
    const { config } = await getConfigInForce({ db });
    const calendars: Record<string, unknown> = { ...config.calendars };
    if (input.previousName && input.previousName !== input.name) {
      const used = config.slos.filter((s) => s.calendar === input.previousName).map((s) => s.name);
      if (used.length > 0) {
        throw new InputError(
          `name: ${input.previousName} is used by ${used.join(', ')}; rename it there first`,
        );
      }
      delete calendars[input.previousName];
    } else if (!input.previousName && calendars[input.name]) {
      throw new InputError(`name: a calendar named ${input.name} exists; edit it below`);
    }
    calendars[input.name] = {
      timeZone: input.timeZone,
      days: input.days,
      hours: [input.hoursFrom, input.hoursTo],
      holidays: input.holidays
        .split(/[\s,]+/)
        .map((d) => d.trim())
        .filter(Boolean),
      always: input.always === 'on',
    };
    return saveSection('calendars', calendars, principal);
  },
  ['days'],
);

export const deleteCalendar = validatedAction(
  'editor',
  z.object({ name: z.string().trim().min(1) }),
  async ({ name }, principal) => {
    const { db } = await getDatabase();
    const { config } = await getConfigInForce({ db });
    const used = config.slos.filter((s) => s.calendar === name).map((s) => s.name);
    if (used.length > 0) throw new InputError(`${name} is used by ${used.join(', ')}; change those first`);
    const calendars = { ...config.calendars };
    delete calendars[name];
    return saveSection('calendars', calendars, principal);
  },
);

/** A policy is edited as JSON (the config file's own shape); `index` is its position, or `new`. */
export const saveSloPolicy = validatedAction(
  'editor',
  z.object({ index: z.string(), policy: z.string() }),
  async ({ index, policy }, principal) => {
    let value: unknown;
    try {
      value = JSON.parse(policy);
    } catch (error) {
      throw new InputError(`policy: invalid JSON: ${error instanceof Error ? error.message : 'unreadable'}`);
    }
    const { db } = await getDatabase();
    const { config } = await getConfigInForce({ db });
    const slos: unknown[] = [...config.slos];
    if (index === 'new') slos.push(value);
    else {
      const i = Number(index);
      if (!Number.isInteger(i) || i < 0 || i >= slos.length) throw new InputError('index: no such policy');
      slos[i] = value;
    }
    return saveSection('slos', slos, principal);
  },
);

export const deleteSloPolicy = validatedAction(
  'editor',
  z.object({ name: z.string().trim().min(1) }),
  async ({ name }, principal) => {
    const { db } = await getDatabase();
    const { config } = await getConfigInForce({ db });
    const slos = config.slos.filter((s) => s.name !== name);
    if (slos.length === config.slos.length) throw new InputError(`no SLO policy named ${name}`);
    return saveSection('slos', slos, principal);
  },
);
