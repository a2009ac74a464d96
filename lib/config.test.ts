import { describe, expect, test } from 'vitest';
import {
  ConfigError,
  defaultConfig,
  loadConfig,
  parseConfig,
  sloCalendar,
  type ToilscopeConfig,
} from './config';
import { exitCodeFor, InputError } from './errors';
import { type BusinessCalendar, elapsedBusinessMs } from './metrics/calendar';
import type { SloPolicy } from './metrics/slo';

const FILE = 'toilscope.config.json';

// The example from CONTRACT.md, verbatim.
const contractExample = {
  reportTimeZone: 'UTC',
  statusMap: {
    'In Progress': 'active',
    'In Review': 'active',
    'Waiting for customer': 'waiting',
    Done: 'done',
    Resolved: 'done',
    Closed: 'done',
    "Won't Do": 'canceled',
  },
  calendars: {
    'ny-9to5': {
      timeZone: 'America/New_York',
      days: ['mon', 'tue', 'wed', 'thu', 'fri'],
      hours: ['09:00', '17:00'],
      holidays: ['2025-12-25'],
    },
    always: { timeZone: 'UTC', always: true },
  },
  slos: [
    {
      name: 'time-to-resolution',
      start: ['created', 'reopened'],
      pause: ['waiting'],
      stop: ['done'],
      calendar: 'ny-9to5',
      goals: [{ match: { priority: ['P1'] }, hours: 4 }, { hours: 16 }],
    },
    {
      name: 'first-response',
      start: ['created'],
      stop: ['first-response'],
      calendar: 'ny-9to5',
      goals: [{ hours: 4 }],
    },
  ],
  reopenWindowDays: 14,
  costModel: { requesterHourly: 100, teamHourly: 120, handlingMinutesPerTicket: null, buildCostHours: 80 },
  automations: [
    {
      name: 'repo-vending',
      clusters: ['<cluster id, label, or a ticket key in it>'],
      launchedAt: '2025-06-01',
      runsFile: 'runs.ndjson',
    },
  ],
};

describe('defaults', () => {
  test('an empty file gives every default', () => {
    expect(loadConfig('{}', FILE)).toEqual({
      reportTimeZone: 'UTC',
      statusMap: {},
      calendars: {},
      slos: [],
      reopenWindowDays: 14,
      costModel: {
        requesterHourly: 100,
        teamHourly: 120,
        handlingMinutesPerTicket: null,
        buildCostHours: 80,
      },
      automations: [],
      impactWindowDays: 90,
      botNames: [],
      firstResponseOnStatusChange: false,
      incidentTypes: ['Incident'],
    });
  });

  test('defaultConfig equals an empty file and is a fresh copy each time', () => {
    const a = defaultConfig();
    a.incidentTypes.push('Outage');
    expect(defaultConfig()).toEqual(loadConfig('{}', FILE));
  });

  test('a calendar gets Mon–Fri 09:00–17:00 UTC without holidays by default', () => {
    const config = loadConfig('{"calendars":{"c":{}},"costModel":{"teamHourly":90}}', FILE);
    expect(config.calendars.c).toEqual({
      timeZone: 'UTC',
      days: ['mon', 'tue', 'wed', 'thu', 'fri'],
      hours: ['09:00', '17:00'],
      holidays: [],
      always: false,
    });
    expect(config.costModel).toEqual({
      requesterHourly: 100,
      teamHourly: 90,
      handlingMinutesPerTicket: null,
      buildCostHours: 80,
    });
  });
});

describe('the CONTRACT.md example', () => {
  const config: ToilscopeConfig = parseConfig(contractExample, FILE);

  test('loads, with match values as lists and pause defaulting to none', () => {
    expect(config.slos[1]?.pause).toEqual([]);
    expect(config.slos[0]?.goals[0]?.match).toEqual({ priority: ['P1'] });
    expect(config.statusMap["Won't Do"]).toBe('canceled');
  });

  test('policies and calendars feed the metrics types directly', () => {
    const policy: SloPolicy | undefined = config.slos[0];
    expect(policy?.name).toBe('time-to-resolution');
    if (!policy) return;
    const calendar: BusinessCalendar = sloCalendar(config, policy);
    // Fri 16:00 EST → Mon 10:00 EST on the ny-9to5 calendar: 1 h + 1 h = 2 h
    expect(
      elapsedBusinessMs(calendar, new Date('2025-01-10T21:00:00Z'), new Date('2025-01-13T15:00:00Z')),
    ).toBe(2 * 3_600_000);
  });

  test('a policy without a calendar runs 24×7', () => {
    const c = parseConfig(
      { slos: [{ name: 'x', start: ['created'], stop: ['done'], goals: [{ hours: 1 }] }] },
      FILE,
    );
    const [policy] = c.slos;
    expect(policy && sloCalendar(c, policy)).toEqual({ timeZone: 'UTC', always: true });
  });

  test('a policy without a target aims at 0.95; an explicit one is kept', () => {
    const c = parseConfig(
      {
        slos: [
          { name: 'x', start: ['created'], stop: ['done'], goals: [{ hours: 1 }] },
          { name: 'y', start: ['created'], stop: ['done'], goals: [{ hours: 1 }], target: 0.9 },
        ],
      },
      FILE,
    );
    expect(c.slos.map((p) => p.target)).toEqual([0.95, 0.9]);
  });

  test('match accepts a single string', () => {
    const c = parseConfig(
      {
        slos: [
          { name: 'x', start: ['created'], stop: ['done'], goals: [{ match: { team: 'ops' }, hours: 1 }] },
        ],
      },
      FILE,
    );
    expect(c.slos[0]?.goals[0]?.match).toEqual({ team: ['ops'] });
  });
});

const slo = (over: Record<string, unknown>) => ({
  slos: [{ name: 'ttr', start: ['created'], stop: ['done'], goals: [{ hours: 4 }], ...over }],
});

describe('errors name the file and the field', () => {
  test.each<[string, unknown, string]>([
    [
      'goal hours must be positive',
      slo({ goals: [{ hours: 4 }, { hours: 0 }] }),
      'toilscope.config.json: slos[0].goals[1].hours: must be > 0',
    ],
    [
      'target as a percentage',
      slo({ target: 95 }),
      'toilscope.config.json: slos[0].target: must be a fraction in (0, 1], e.g. 0.95',
    ],
    [
      'unknown zone',
      { calendars: { ny: { timeZone: 'America/New_Yrok' } } },
      'toilscope.config.json: calendars.ny.timeZone: must be an IANA time zone, e.g. Europe/Paris',
    ],
    [
      'report zone',
      { reportTimeZone: 'CEST+2' },
      'toilscope.config.json: reportTimeZone: must be an IANA time zone, e.g. Europe/Paris',
    ],
    [
      'malformed hour',
      { calendars: { ny: { hours: ['9:00', '17:00'] } } },
      'toilscope.config.json: calendars.ny.hours[0]: must be a local time "HH:MM" (00:00–24:00)',
    ],
    [
      'start after end',
      { calendars: { ny: { hours: ['17:00', '09:00'] } } },
      'toilscope.config.json: calendars.ny.hours: the start must be before the end',
    ],
    [
      'impossible holiday',
      { calendars: { ny: { holidays: ['2025-02-30'] } } },
      'toilscope.config.json: calendars.ny.holidays[0]: must be a date YYYY-MM-DD',
    ],
    [
      'unknown day',
      { calendars: { ny: { days: ['mon', 'monday'] } } },
      'toilscope.config.json: calendars.ny.days[1]: Invalid option: expected one of "mon"|"tue"|"wed"|"thu"|"fri"|"sat"|"sun"',
    ],
    [
      'no days',
      { calendars: { ny: { days: [] } } },
      'toilscope.config.json: calendars.ny.days: must list at least one day',
    ],
    [
      'unknown condition',
      slo({ stop: ['done', 'resolved'] }),
      'toilscope.config.json: slos[0].stop[1]: unknown condition "resolved"; expected created, reopened, first-response, assigned, done, canceled, triage, queue, active, waiting or status:<name>',
    ],
    [
      'an event cannot pause',
      slo({ pause: ['status:Pending', 'assigned'] }),
      'toilscope.config.json: slos[0].pause[1]: "assigned" cannot pause a clock; use done, canceled, triage, queue, active, waiting or status:<name>',
    ],
    [
      'unknown calendar',
      { calendars: { 'ny-9to5': {} }, ...slo({ calendar: 'ny' }) },
      'toilscope.config.json: slos[0].calendar: unknown calendar "ny" (defined: ny-9to5)',
    ],
    [
      'duplicate policy',
      {
        slos: [
          { name: 'a', start: ['created'], stop: ['done'], goals: [{ hours: 1 }] },
          { name: 'a', start: ['created'], stop: ['done'], goals: [{ hours: 2 }] },
        ],
      },
      'toilscope.config.json: slos[1].name: duplicate SLO name "a"',
    ],
    ['no goals', slo({ goals: [] }), 'toilscope.config.json: slos[0].goals: must list at least one goal'],
    ['unknown key', { slo: [] }, 'toilscope.config.json: slo: unknown key'],
    [
      'unknown nested key',
      slo({ goals: [{ hours: 1, match: { prio: 'P1' } }] }),
      'toilscope.config.json: slos[0].goals[0].match.prio: unknown key',
    ],
    [
      'status category',
      { statusMap: { 'In Progress': 'doing' } },
      'toilscope.config.json: statusMap["In Progress"]: Invalid option: expected one of "triage"|"queue"|"active"|"waiting"|"done"|"canceled"',
    ],
    ['reopen window', { reopenWindowDays: 0 }, 'toilscope.config.json: reopenWindowDays: must be > 0'],
    [
      'negative cost',
      { costModel: { teamHourly: -1 } },
      'toilscope.config.json: costModel.teamHourly: must be ≥ 0',
    ],
    [
      'launch date',
      { automations: [{ name: 'a', clusters: ['c'], launchedAt: 'June' }] },
      'toilscope.config.json: automations[0].launchedAt: must be a date YYYY-MM-DD or an ISO-8601 instant with an offset',
    ],
    [
      'github label status',
      { github: { labelStatus: { 'in-progress': 'doing' } } },
      'toilscope.config.json: github.labelStatus.in-progress: Invalid option: expected one of "triage"|"queue"|"active"|"waiting"|"done"|"canceled"',
    ],
    [
      'github incident window',
      { github: { incidentWindowHours: 0 } },
      'toilscope.config.json: github.incidentWindowHours: must be > 0',
    ],
    ['not an object', [], 'toilscope.config.json: Invalid input: expected object, received array'],
  ])('%s', (_name, value, message) => {
    expect(() => loadConfig(JSON.stringify(value), FILE)).toThrow(message);
    try {
      loadConfig(JSON.stringify(value), FILE);
    } catch (error) {
      expect((error as Error).message).toBe(message);
    }
  });

  test('invalid JSON', () => {
    expect(() => loadConfig('{"slos": [', FILE)).toThrow(/^toilscope\.config\.json: invalid JSON: /);
  });

  test('ConfigError is an input error (exit 2) and keeps every problem', () => {
    let caught: unknown;
    try {
      loadConfig(JSON.stringify({ reopenWindowDays: -1, reportTimeZone: 'Nowhere' }), FILE);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect(caught).toBeInstanceOf(InputError);
    expect(exitCodeFor(caught)).toBe(2);
    expect((caught as ConfigError).problems).toHaveLength(2);
    expect((caught as ConfigError).file).toBe(FILE);
  });

  test.each([
    ['24:00 is a valid end', { calendars: { c: { hours: ['00:00', '24:00'] } } }],
    [
      'an instant launch',
      { automations: [{ name: 'a', clusters: ['c'], launchedAt: '2025-06-01T09:00:00+02:00' }] },
    ],
    ['a $schema key', { $schema: './toilscope.schema.json' }],
    [
      'all the extra keys',
      { botNames: ['jira-bot'], firstResponseOnStatusChange: true, incidentTypes: ['Outage'] },
    ],
  ])('accepts %s', (_name, value) => {
    expect(() => loadConfig(JSON.stringify(value), FILE)).not.toThrow();
  });
});
