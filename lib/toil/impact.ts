// Impact of an automation (DESIGN §4): the replaced clusters before vs after launch, against the untouched
// clusters over the same windows (difference-in-differences), adoption of the self-service path, and the
// hours it saves. Pure: no database, no clock.
import { wallTimeToInstant } from '../domain/time-zone';
import { parseLocalDate } from '../metrics/calendar';
import { distribution } from '../metrics/percentiles';
import { MONTH_MS } from './candidates';
import type { ImpactControl, ImpactReport, ImpactWindowFigures } from './impact-types';

const DAY_MS = 86_400_000;
/** Two-sided 90 % normal quantile. */
const Z_90 = 1.6448536269514722;
/** Below this many tickets in a window the figures are called out as uncertain. */
export const SMALL_SAMPLE_TICKETS = 30;
export const DEFAULT_IMPACT_WINDOW_DAYS = 90;

export interface ImpactWindow {
  from: Date;
  /** Exclusive. */
  to: Date;
}

/**
 * after = [launch, min(asOf, launch + days)); before = the same length ending at launch. Both empty when
 * the launch is not yet in the past.
 */
export function impactWindows(
  launchedAt: Date,
  asOf: Date,
  windowDays: number = DEFAULT_IMPACT_WINDOW_DAYS,
): { before: ImpactWindow; after: ImpactWindow } {
  const launch = launchedAt.getTime();
  const end = Math.max(launch, Math.min(asOf.getTime(), launch + windowDays * DAY_MS));
  const length = end - launch;
  return {
    before: { from: new Date(launch - length), to: new Date(launch) },
    after: { from: new Date(launch), to: new Date(end) },
  };
}

/** A launch date (YYYY-MM-DD: local midnight in the report zone) or an instant with an offset. */
export function launchInstant(value: string, timeZone: string): Date {
  const localDate = parseLocalDate(value);
  return localDate === null ? new Date(value) : new Date(wallTimeToInstant(timeZone, localDate));
}

/** The before and after months as one series (the launch month sits in both windows: summed), oldest first. */
export function impactMonths(report: ImpactReport): ImpactWindowFigures['volumeByMonth'] {
  const byPeriod = new Map<string, { period: string; tickets: number; runs: number }>();
  for (const month of [...report.before.volumeByMonth, ...report.after.volumeByMonth]) {
    const seen = byPeriod.get(month.period);
    byPeriod.set(month.period, {
      period: month.period,
      tickets: (seen?.tickets ?? 0) + month.tickets,
      runs: (seen?.runs ?? 0) + month.runs,
    });
  }
  return [...byPeriod.values()].sort((a, b) => a.period.localeCompare(b.period));
}

export function windowMonths(window: ImpactWindow): number {
  return (window.to.getTime() - window.from.getTime()) / MONTH_MS;
}

/** What the analysis measured in one window for the replaced clusters. Hours are elapsed (DESIGN §3). */
export interface WindowSample {
  window: ImpactWindow;
  tickets: number;
  volumeByMonth: Array<{ period: string; tickets: number; runs: number }>;
  /** Per resolved ticket. */
  leadTimeHours: number[];
  queueHours: number[];
  /** Requester wait (queue + waiting) per resolved ticket. */
  waitHours: number[];
  activeHours: number[];
  sloAttainment: ImpactWindowFigures['sloAttainment'];
}

export interface ImpactInput {
  name: string;
  clusters: string[];
  launchedAt: Date;
  buildCostHours: number | null;
  before: WindowSample;
  after: WindowSample;
  /** Untouched clusters: tickets created in the before and after windows. */
  control: { clusters: number; beforeTickets: number; afterTickets: number };
  /** Self-service runs in the after window. */
  runs: { succeeded: number; other: number };
  residualRequesters: Array<{ requester: string; tickets: number }>;
  /** Configured handling minutes per ticket (cost model); null = measured active time. */
  handlingMinutesPerTicket: number | null;
}

function mean(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  return values.reduce((a, b) => a + b, 0) / values.length;
}

function rate(count: number, months: number): number {
  return months > 0 ? count / months : 0;
}

/** Rounded to 1e-6 so float noise never reaches an export. */
function round(value: number | null): number | null {
  return value === null ? null : Math.round(value * 1e6) / 1e6;
}

/** adoption = runs ÷ (runs + residual tickets); null when neither happened. */
export function adoptionOf(runs: number, residualTickets: number): number | null {
  const total = runs + residualTickets;
  return total > 0 ? runs / total : null;
}

/**
 * Difference in differences on monthly ticket rates: had the automation not shipped, the replaced
 * clusters would have moved like the untouched ones, so the expected after-rate is the before-rate
 * × (1 + control change); what was avoided is that minus the actual after-rate.
 */
export function differenceInDifferences(input: {
  clusters: number;
  treatedBeforePerMonth: number;
  treatedAfterPerMonth: number;
  controlBeforePerMonth: number;
  controlAfterPerMonth: number;
}): ImpactControl {
  const relativeChange =
    input.controlBeforePerMonth > 0 ? input.controlAfterPerMonth / input.controlBeforePerMonth - 1 : null;
  const expected = relativeChange === null ? null : input.treatedBeforePerMonth * (1 + relativeChange);
  return {
    clusters: input.clusters,
    beforeTicketsPerMonth: input.controlBeforePerMonth,
    afterTicketsPerMonth: input.controlAfterPerMonth,
    relativeChange,
    expectedAfterTicketsPerMonth: expected,
    avoidedTicketsPerMonth: expected === null ? null : expected - input.treatedAfterPerMonth,
  };
}

/**
 * 90 % range of the avoided tickets per month, treating every count as Poisson (delta method):
 * Var = Ta/ma² + r²·Tb/mb² + (Tb/mb)²·r²·(1/Ca + 1/Cb), r = the control's after/before ratio.
 */
export function avoidedRange(input: {
  avoided: number;
  treatedBefore: number;
  treatedAfter: number;
  controlBefore: number;
  controlAfter: number;
  monthsBefore: number;
  monthsAfter: number;
}): [number, number] | null {
  const { treatedBefore: tb, treatedAfter: ta, controlBefore: cb, controlAfter: ca } = input;
  if (cb === 0 || ca === 0 || input.monthsBefore <= 0 || input.monthsAfter <= 0) return null;
  const r = ca / input.monthsAfter / (cb / input.monthsBefore);
  const variance =
    ta / input.monthsAfter ** 2 +
    (r ** 2 * tb) / input.monthsBefore ** 2 +
    (tb / input.monthsBefore) ** 2 * r ** 2 * (1 / ca + 1 / cb);
  const half = Z_90 * Math.sqrt(variance);
  return [input.avoided - half, input.avoided + half];
}

function windowFigures(sample: WindowSample, handlingMinutes: number | null): ImpactWindowFigures {
  const months = windowMonths(sample.window);
  const handling = handlingMinutes !== null ? handlingMinutes / 60 : mean(sample.activeHours);
  return {
    from: sample.window.from.toISOString(),
    to: sample.window.to.toISOString(),
    months: round(months) ?? 0,
    tickets: sample.tickets,
    ticketsPerMonth: round(rate(sample.tickets, months)) ?? 0,
    volumeByMonth: sample.volumeByMonth,
    leadTimeHours: distribution(sample.leadTimeHours),
    queueHours: distribution(sample.queueHours),
    sloAttainment: sample.sloAttainment,
    requesterWaitHoursPerTicket: round(mean(sample.waitHours)),
    handlingHoursPerTicket: round(handling),
  };
}

/** One automation's impact report from what was measured. */
export function computeImpact(input: ImpactInput): ImpactReport {
  const before = windowFigures(input.before, input.handlingMinutesPerTicket);
  const after = windowFigures(input.after, input.handlingMinutesPerTicket);
  const monthsBefore = windowMonths(input.before.window);
  const monthsAfter = windowMonths(input.after.window);
  const control = differenceInDifferences({
    clusters: input.control.clusters,
    treatedBeforePerMonth: rate(input.before.tickets, monthsBefore),
    treatedAfterPerMonth: rate(input.after.tickets, monthsAfter),
    controlBeforePerMonth: rate(input.control.beforeTickets, monthsBefore),
    controlAfterPerMonth: rate(input.control.afterTickets, monthsAfter),
  });
  // Hours one ticket costs, measured before launch: the requester's wait plus the team's handling.
  const perTicket =
    before.requesterWaitHoursPerTicket === null || before.handlingHoursPerTicket === null
      ? null
      : before.requesterWaitHoursPerTicket + before.handlingHoursPerTicket;
  const launched = monthsAfter > 0;
  const projected = perTicket === null ? null : rate(input.before.tickets, monthsBefore) * perTicket;
  const realised =
    perTicket === null || control.avoidedTicketsPerMonth === null || !launched
      ? null
      : control.avoidedTicketsPerMonth * perTicket;
  const range =
    control.avoidedTicketsPerMonth === null
      ? null
      : avoidedRange({
          avoided: control.avoidedTicketsPerMonth,
          treatedBefore: input.before.tickets,
          treatedAfter: input.after.tickets,
          controlBefore: input.control.beforeTickets,
          controlAfter: input.control.afterTickets,
          monthsBefore,
          monthsAfter,
        });
  const smallSample =
    !launched ||
    input.before.tickets < SMALL_SAMPLE_TICKETS ||
    input.after.tickets + input.runs.succeeded < SMALL_SAMPLE_TICKETS;
  const note = !launched
    ? 'Not launched yet as of this report: there is no after window to compare.'
    : smallSample
      ? `Small samples (${input.before.tickets} tickets before, ${input.after.tickets} after, ${input.runs.succeeded} runs): treat the figures as indicative; the 90 % range of tickets avoided per month is wide.`
      : `${input.before.tickets} tickets before and ${input.after.tickets} after launch, ${input.runs.succeeded} self-service runs; the range is a 90 % interval treating the counts as Poisson.`;
  const waitRemoved =
    before.requesterWaitHoursPerTicket === null || after.requesterWaitHoursPerTicket === null
      ? null
      : before.requesterWaitHoursPerTicket - after.requesterWaitHoursPerTicket;
  return {
    name: input.name,
    clusters: input.clusters,
    launchedAt: input.launchedAt.toISOString(),
    before,
    after,
    residualTickets: input.after.tickets,
    selfServiceRuns: input.runs.succeeded,
    adoption: round(adoptionOf(input.runs.succeeded, input.after.tickets)),
    projectedHoursSavedPerMonth: round(projected),
    realisedHoursSavedPerMonth: round(realised),
    controlChange: {
      clusters: control.clusters,
      beforeTicketsPerMonth: round(control.beforeTicketsPerMonth) ?? 0,
      afterTicketsPerMonth: round(control.afterTicketsPerMonth) ?? 0,
      relativeChange: round(control.relativeChange),
      expectedAfterTicketsPerMonth: round(control.expectedAfterTicketsPerMonth),
      avoidedTicketsPerMonth: round(control.avoidedTicketsPerMonth),
    },
    residualRequesters: input.residualRequesters,
    unsuccessfulRuns: input.runs.other,
    buildCostHours: input.buildCostHours,
    waitRemovedHoursPerTicket: round(waitRemoved),
    uncertainty: {
      smallSample,
      note,
      avoidedTicketsPerMonthRange: range ? [round(range[0]) ?? 0, round(range[1]) ?? 0] : null,
    },
  };
}
