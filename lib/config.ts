// toilscope.config.json: schema, defaults and loader (CONTRACT.md, config file). The caller reads the file.
import { z } from 'zod';
import { STATUS_CATEGORIES } from './domain/ticket';
import { InputError } from './errors';
import {
  ALWAYS_CALENDAR,
  type BusinessCalendar,
  DEFAULT_DAYS,
  DEFAULT_HOURS,
  isValidTimeZone,
  parseClock,
  parseLocalDate,
  WEEKDAYS,
} from './metrics/calendar';
import { DEFAULT_SLO_TARGET, isEventCondition, isSloCondition, type SloCondition } from './metrics/slo';

/** An invalid config: the message names the file and the JSON path of the first bad field. */
export class ConfigError extends InputError {
  override name = 'ConfigError';
  constructor(
    readonly file: string,
    /** Every problem found, each as `path: reason`. */
    readonly problems: string[],
  ) {
    super(`${file}: ${problems[0] ?? 'invalid config'}`);
  }
}

const timeZoneSchema = z
  .string()
  .refine(isValidTimeZone, { error: 'must be an IANA time zone, e.g. Europe/Paris' });

const clockSchema = z
  .string()
  .refine((v) => parseClock(v) !== null, { error: 'must be a local time "HH:MM" (00:00–24:00)' });

const localDateSchema = z
  .string()
  .refine((v) => parseLocalDate(v) !== null, { error: 'must be a date YYYY-MM-DD' });

const instantOrDateSchema = z
  .string()
  .refine((v) => parseLocalDate(v) !== null || z.iso.datetime({ offset: true }).safeParse(v).success, {
    error: 'must be a date YYYY-MM-DD or an ISO-8601 instant with an offset',
  });

const hoursSchema = z.tuple([clockSchema, clockSchema]).refine(
  ([start, end]) => {
    const s = parseClock(start);
    const e = parseClock(end);
    return s === null || e === null || s < e;
  },
  { error: 'the start must be before the end' },
);

export const calendarSchema = z.strictObject({
  timeZone: timeZoneSchema.default('UTC'),
  days: z
    .array(z.enum(WEEKDAYS))
    .min(1, { error: 'must list at least one day' })
    .default(() => [...DEFAULT_DAYS]),
  hours: hoursSchema.default((): [string, string] => [DEFAULT_HOURS[0], DEFAULT_HOURS[1]]),
  holidays: z.array(localDateSchema).default(() => []),
  /** 24×7: days and hours are ignored, holidays still apply. */
  always: z.boolean().default(false),
});
export type CalendarConfig = z.infer<typeof calendarSchema>;

const conditionHint =
  'created, reopened, first-response, assigned, done, canceled, triage, queue, active, waiting or status:<name>';

const conditionSchema = z.custom<SloCondition>((v) => typeof v === 'string' && isSloCondition(v), {
  error: (issue) => `unknown condition ${JSON.stringify(issue.input)}; expected ${conditionHint}`,
});

// A cycle pauses while a state holds; an instant-like condition (created, assigned…) has no duration.
const pauseConditionSchema = conditionSchema.refine((v) => !isEventCondition(v), {
  error: (issue) =>
    `${JSON.stringify(issue.input)} cannot pause a clock; use done, canceled, triage, queue, active, waiting or status:<name>`,
});

const matchValuesSchema = z
  .union([z.string(), z.array(z.string()).min(1, { error: 'must list at least one value' })])
  .transform((v) => (typeof v === 'string' ? [v] : v));

export const sloGoalSchema = z.strictObject({
  match: z
    .strictObject({
      type: matchValuesSchema.optional(),
      priority: matchValuesSchema.optional(),
      cluster: matchValuesSchema.optional(),
      team: matchValuesSchema.optional(),
    })
    .optional(),
  hours: z.number().gt(0, { error: 'must be > 0' }),
});

export const sloPolicySchema = z.strictObject({
  name: z.string().min(1, { error: 'must not be empty' }),
  start: z.array(conditionSchema).min(1, { error: 'must list at least one condition' }),
  pause: z.array(pauseConditionSchema).default(() => []),
  stop: z.array(conditionSchema).min(1, { error: 'must list at least one condition' }),
  /** A name in `calendars`; without one the clock runs 24×7. */
  calendar: z.string().optional(),
  goals: z.array(sloGoalSchema).min(1, { error: 'must list at least one goal' }),
  /** The share of assessed cycles to meet; its complement is the error budget (allowed breaches). */
  target: z
    .number()
    .gt(0, { error: 'must be a fraction in (0, 1], e.g. 0.95' })
    .max(1, { error: 'must be a fraction in (0, 1], e.g. 0.95' })
    .default(DEFAULT_SLO_TARGET),
});
export type SloPolicyConfig = z.infer<typeof sloPolicySchema>;

const nonNegative = z.number().min(0, { error: 'must be ≥ 0' });

export const costModelSchema = z.strictObject({
  requesterHourly: nonNegative.default(100),
  teamHourly: nonNegative.default(120),
  /** null: use measured active time as handling time. */
  handlingMinutesPerTicket: nonNegative.nullable().default(null),
  buildCostHours: nonNegative.default(80),
});
export type CostModel = z.infer<typeof costModelSchema>;

export const automationSchema = z.strictObject({
  name: z.string().min(1, { error: 'must not be empty' }),
  /** Cluster ids, labels, or a ticket key in the cluster. */
  clusters: z.array(z.string().min(1)).min(1, { error: 'must list at least one cluster' }),
  launchedAt: instantOrDateSchema,
  runsFile: z.string().min(1).optional(),
  buildCostHours: nonNegative.optional(),
});
export type AutomationConfig = z.infer<typeof automationSchema>;

export const githubConfigSchema = z.strictObject({
  /** Label name → category for open issues (replaces the defaults triage, in-progress, waiting-for-reporter). */
  labelStatus: z.record(z.string(), z.enum(STATUS_CATEGORIES)).optional(),
  /** An incident issue is linked to the service's latest deployment finished this many hours before it. */
  incidentWindowHours: z.number().gt(0, { error: 'must be > 0' }).default(24),
});
export type GithubConfig = z.infer<typeof githubConfigSchema>;

export const configSchema = z
  .strictObject({
    $schema: z.string().optional(),
    reportTimeZone: timeZoneSchema.default('UTC'),
    statusMap: z.record(z.string(), z.enum(STATUS_CATEGORIES)).default(() => ({})),
    calendars: z.record(z.string(), calendarSchema).default(() => ({})),
    slos: z.array(sloPolicySchema).default(() => []),
    reopenWindowDays: z.number().int().positive({ error: 'must be > 0' }).default(14),
    costModel: costModelSchema.prefault({}),
    automations: z.array(automationSchema).default(() => []),
    /** Length of the before and after windows of the Impact report. */
    impactWindowDays: z.number().int().positive({ error: 'must be > 0' }).default(90),
    /** Actors whose comments never count as a first response. */
    botNames: z.array(z.string()).default(() => []),
    /** Count the first status change out of the first queue status as a first response. */
    firstResponseOnStatusChange: z.boolean().default(false),
    incidentTypes: z.array(z.string()).default(() => ['Incident']),
    /** GitHub Issues: labels that set an open issue's status category; hours an incident looks back. */
    github: githubConfigSchema.optional(),
  })
  .superRefine((config, ctx) => {
    const seen = new Set<string>();
    config.slos.forEach((slo, i) => {
      if (seen.has(slo.name)) {
        ctx.addIssue({
          code: 'custom',
          path: ['slos', i, 'name'],
          message: `duplicate SLO name "${slo.name}"`,
        });
      }
      seen.add(slo.name);
      if (slo.calendar !== undefined && !Object.hasOwn(config.calendars, slo.calendar)) {
        const known = Object.keys(config.calendars);
        ctx.addIssue({
          code: 'custom',
          path: ['slos', i, 'calendar'],
          message: `unknown calendar "${slo.calendar}"${known.length ? ` (defined: ${known.join(', ')})` : ''}`,
        });
      }
    });
  });

export type ToilscopeConfig = z.infer<typeof configSchema>;
export type ToilscopeConfigInput = z.input<typeof configSchema>;

function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (typeof part === 'string' && /^[A-Za-z_$][\w$-]*$/.test(part)) out += out ? `.${part}` : part;
    else out += `[${JSON.stringify(String(part))}]`;
  }
  return out;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => `${formatPath([...issue.path, key])}: unknown key`).join('; ');
  }
  const path = formatPath(issue.path);
  return path ? `${path}: ${issue.message}` : issue.message;
}

/** Parse and validate a config file's text; throws ConfigError naming `fileName` and the bad field. */
export function loadConfig(text: string, fileName: string): ToilscopeConfig {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(fileName, [
      `invalid JSON: ${error instanceof Error ? error.message : String(error)}`,
    ]);
  }
  return parseConfig(json, fileName);
}

/** Validate an already-parsed config value (e.g. saved settings). */
export function parseConfig(value: unknown, fileName: string): ToilscopeConfig {
  const result = configSchema.safeParse(value);
  if (!result.success) throw new ConfigError(fileName, result.error.issues.map(describeIssue));
  return result.data;
}

export function defaultConfig(): ToilscopeConfig {
  return configSchema.parse({});
}

/** The calendar an SLO policy runs on; a policy without one runs 24×7. */
export function sloCalendar(config: ToilscopeConfig, policy: { calendar?: string }): BusinessCalendar {
  if (policy.calendar === undefined) return ALWAYS_CALENDAR;
  const calendar = config.calendars[policy.calendar];
  if (!calendar) throw new ConfigError('config', [`slos: unknown calendar "${policy.calendar}"`]);
  return calendar;
}
