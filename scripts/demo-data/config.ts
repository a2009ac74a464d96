// The settings the demo world runs under and the automation it launches, as the config file
// (CONTRACT.md) spells them, so `toilscope demo` can save them next to the data.
import { BusinessCalendar, DAY, localDayOf, usHolidays } from './ny-time';
import { BOT } from './people';

export interface DemoAutomation {
  name: string;
  /** The catalog id of the request type it replaces. */
  requestType: string;
  /** Config `clusters` entries: OPS-1 is always a create-repo ticket, so it names that cluster. */
  clusters: readonly string[];
  buildCostHours: number;
  /** Monday 09:00 New York, about 26 weeks into the demo year. */
  launchedAt(endAt: Date): Date;
}

export const DEMO_AUTOMATION: DemoAutomation = {
  name: 'repo-vending',
  requestType: 'create-repo',
  clusters: ['OPS-1'],
  buildCostHours: 80,
  launchedAt(endAt) {
    const day = localDayOf(endAt.getTime() - 172 * DAY);
    const weekday = new Date(day * DAY).getUTCDay();
    const monday = day - ((weekday + 6) % 7);
    return new Date(new BusinessCalendar().instantOf(monday, 9 * 60));
  },
};

interface CalendarConfig {
  timeZone: string;
  days?: string[];
  hours?: [string, string];
  holidays?: string[];
  always?: boolean;
}

interface SloGoal {
  match?: { priority?: string[]; type?: string[] };
  hours: number;
}

interface SloConfig {
  name: string;
  start: string[];
  pause?: string[];
  stop: string[];
  calendar: string;
  goals: SloGoal[];
}

export interface DemoConfigFile {
  reportTimeZone: string;
  statusMap: Record<string, string>;
  calendars: Record<string, CalendarConfig>;
  slos: SloConfig[];
  reopenWindowDays: number;
  costModel: {
    requesterHourly: number;
    teamHourly: number;
    handlingMinutesPerTicket: number | null;
    buildCostHours: number;
  };
  botNames: string[];
  incidentTypes: string[];
  automations?: Array<{ name: string; clusters: string[]; launchedAt: string; buildCostHours: number }>;
}

// The config is a constant (it cannot know endAt), so it carries the holidays of a span of years.
const HOLIDAY_YEARS: readonly [number, number] = [2020, 2040];

function holidays(fromYear: number, toYear: number): string[] {
  const out: string[] = [];
  for (let y = fromYear; y <= toYear; y++) out.push(...usHolidays(y));
  return out;
}

/** toilscope.config.json for the demo world, without the endAt-dependent automation entry. */
export const DEMO_CONFIG: DemoConfigFile = {
  reportTimeZone: 'America/New_York',
  statusMap: {
    Triage: 'triage',
    'To Do': 'queue',
    'In Progress': 'active',
    'In Review': 'active',
    'Waiting for customer': 'waiting',
    Done: 'done',
    "Won't Do": 'canceled',
  },
  calendars: {
    business: {
      timeZone: 'America/New_York',
      days: ['mon', 'tue', 'wed', 'thu', 'fri'],
      hours: ['09:00', '17:00'],
      holidays: holidays(HOLIDAY_YEARS[0], HOLIDAY_YEARS[1]),
    },
    always: { timeZone: 'UTC', always: true },
  },
  slos: [
    {
      name: 'first-response',
      start: ['created'],
      stop: ['first-response'],
      calendar: 'business',
      goals: [{ match: { priority: ['P1'] }, hours: 1 }, { hours: 4 }],
    },
    {
      name: 'time-to-resolution',
      start: ['created', 'reopened'],
      pause: ['waiting'],
      stop: ['done'],
      calendar: 'business',
      goals: [
        { match: { priority: ['P1'] }, hours: 8 },
        { match: { priority: ['P2'] }, hours: 16 },
        { hours: 40 },
      ],
    },
    {
      name: 'triage',
      start: ['status:Triage'],
      stop: ['queue', 'active', 'waiting', 'done', 'canceled'],
      calendar: 'business',
      goals: [{ hours: 2 }],
    },
  ],
  reopenWindowDays: 14,
  costModel: { requesterHourly: 100, teamHourly: 120, handlingMinutesPerTicket: null, buildCostHours: 80 },
  botNames: [BOT],
  incidentTypes: ['Incident'],
};

/** DEMO_CONFIG for one demo year: only that span's holidays, plus the automation with its launch date. */
export function demoConfig(endAt: Date): DemoConfigFile {
  const from = new Date(endAt.getTime() - 366 * DAY).getUTCFullYear();
  const to = endAt.getUTCFullYear() + 1;
  const business = DEMO_CONFIG.calendars.business;
  return {
    ...DEMO_CONFIG,
    calendars: {
      ...DEMO_CONFIG.calendars,
      business: { timeZone: 'America/New_York', ...business, holidays: holidays(from, to) },
    },
    automations: [
      {
        name: DEMO_AUTOMATION.name,
        clusters: [...DEMO_AUTOMATION.clusters],
        launchedAt: DEMO_AUTOMATION.launchedAt(endAt).toISOString(),
        buildCostHours: DEMO_AUTOMATION.buildCostHours,
      },
    ],
  };
}
