// SLO cycles like Jira Service Management SLAs (DESIGN.md §3): start / pause / stop conditions, the first
// matching goal, and elapsed time on a business calendar.
import type { StatusCategory, StatusInterval, TicketEvent } from '../domain/ticket';
import { type BusinessCalendar, dueAt, elapsedBusinessMs, mergeSpans } from './calendar';

/** Conditions that happen at an instant; they can start or stop a cycle but cannot pause one. */
export const SLO_EVENT_CONDITIONS = ['created', 'reopened', 'first-response', 'assigned'] as const;
/** Conditions on the status: entering one is an event; being in one is a state a cycle can pause on. */
export const SLO_STATE_CONDITIONS = ['triage', 'queue', 'active', 'waiting', 'done', 'canceled'] as const;
export type SloEventCondition = (typeof SLO_EVENT_CONDITIONS)[number];
export type SloStateCondition = (typeof SLO_STATE_CONDITIONS)[number] | `status:${string}`;
export type SloCondition = SloEventCondition | SloStateCondition;

export function isSloCondition(value: string): value is SloCondition {
  return isEventCondition(value) || isStateCondition(value);
}

export function isEventCondition(value: string): value is SloEventCondition {
  return (SLO_EVENT_CONDITIONS as readonly string[]).includes(value);
}

export function isStateCondition(value: string): value is SloStateCondition {
  if (value.startsWith('status:')) return value.slice('status:'.length).trim() !== '';
  return (SLO_STATE_CONDITIONS as readonly string[]).includes(value);
}

/** Each field lists accepted values; every listed field must match, and a null ticket value never does. */
export interface SloGoalMatch {
  type?: string | readonly string[];
  priority?: string | readonly string[];
  cluster?: string | readonly string[];
  team?: string | readonly string[];
}

export interface SloGoal {
  match?: SloGoalMatch;
  hours: number;
}

export interface SloPolicy {
  name: string;
  start: readonly SloCondition[];
  pause?: readonly SloCondition[];
  stop: readonly SloCondition[];
  /** Calendar name in the config; resolved by the caller. */
  calendar?: string;
  goals: readonly SloGoal[];
}

export interface SloTicket {
  source: string;
  key: string;
  type: string | null;
  priority: string | null;
  team: string | null;
  createdAt: Date;
  events: readonly TicketEvent[];
}

export interface SloTicketInput {
  ticket: SloTicket;
  /** The ticket's status intervals in order (see lib/metrics/intervals). */
  intervals: readonly StatusInterval[];
  firstResponseAt: Date | null;
  clusterId: string | null;
}

export interface SloCycle {
  policy: string;
  source: string;
  key: string;
  /** 1-based, in start order. */
  cycle: number;
  startedAt: Date;
  stoppedAt: Date | null;
  elapsedBusinessHours: number;
  goalHours: number;
  /** null while ongoing and not yet breached. */
  met: boolean | null;
  breached: boolean;
  breachedAt: Date | null;
  /** Ongoing only: goal − elapsed, negative once breached. */
  remainingHours: number | null;
  /** Ongoing only: the breach instant if breached, else when it will breach if the clock keeps running; null while paused. */
  dueAt: Date | null;
  ongoing: boolean;
  /** Ongoing and in a pause condition at asOf. */
  paused: boolean;
  calendarVersion: string | null;
}

const HOUR_MS = 3_600_000;
const END_OF_TIME = new Date(8.64e15);
const CLOSED: ReadonlySet<StatusCategory> = new Set(['done', 'canceled']);

function listOf(value: string | readonly string[] | undefined): readonly string[] | undefined {
  return typeof value === 'string' ? [value] : value;
}

function fieldMatches(accepted: string | readonly string[] | undefined, actual: string | null): boolean {
  const list = listOf(accepted);
  if (list === undefined) return true;
  return actual !== null && list.includes(actual);
}

/** The first goal whose match fits the ticket (a goal without `match` fits every ticket), or null. */
export function matchGoal(policy: SloPolicy, ticket: SloTicket, clusterId: string | null): SloGoal | null {
  for (const goal of policy.goals) {
    const m = goal.match ?? {};
    if (
      fieldMatches(m.type, ticket.type) &&
      fieldMatches(m.priority, ticket.priority) &&
      fieldMatches(m.team, ticket.team) &&
      fieldMatches(m.cluster, clusterId)
    ) {
      return goal;
    }
  }
  return null;
}

export function policyApplies(policy: SloPolicy, ticket: SloTicket, clusterId: string | null): boolean {
  return matchGoal(policy, ticket, clusterId) !== null;
}

// Status names compare case-insensitively: the same workflow is often spelled differently across projects.
function statusKey(name: string): string {
  return `status:${name.trim().toLowerCase()}`;
}

function conditionKey(condition: SloCondition): string {
  return condition.startsWith('status:') ? statusKey(condition.slice('status:'.length)) : condition;
}

/** Instant (ms) → the condition keys that fire then. */
function triggers(input: SloTicketInput): Map<number, Set<string>> {
  const fired = new Map<number, Set<string>>();
  const fire = (at: Date, key: string) => {
    const t = at.getTime();
    let set = fired.get(t);
    if (!set) {
      set = new Set();
      fired.set(t, set);
    }
    set.add(key);
  };
  fire(input.ticket.createdAt, 'created');
  if (input.firstResponseAt) fire(input.firstResponseAt, 'first-response');
  for (const e of input.ticket.events) {
    if (e.kind === 'assignee' && e.to !== null) fire(e.at, 'assigned');
    if (e.kind === 'resolution' && e.from !== null && e.to === null) fire(e.at, 'reopened');
  }
  let prev: StatusInterval | undefined;
  for (const iv of input.intervals) {
    if (!prev || prev.category !== iv.category) fire(iv.enteredAt, iv.category);
    if (!prev || prev.status !== iv.status) fire(iv.enteredAt, statusKey(iv.status));
    if (prev && CLOSED.has(prev.category) && !CLOSED.has(iv.category)) fire(iv.enteredAt, 'reopened');
    prev = iv;
  }
  return fired;
}

function pauseSpans(policy: SloPolicy, intervals: readonly StatusInterval[]): Array<[Date, Date]> {
  const pause = new Set((policy.pause ?? []).filter(isStateCondition).map(conditionKey));
  if (pause.size === 0) return [];
  return intervals
    .filter((iv) => pause.has(iv.category) || pause.has(statusKey(iv.status)))
    .map((iv): [Date, Date] => [iv.enteredAt, iv.leftAt ?? END_OF_TIME]);
}

/**
 * The policy's cycles for one ticket as of `asOf` (later events are ignored); [] when no goal matches.
 * At one instant a running cycle stops before a new one starts, and an idle policy starts before it stops.
 */
export function computeSloCycles(
  policy: SloPolicy,
  input: SloTicketInput,
  calendar: BusinessCalendar,
  asOf: Date,
): SloCycle[] {
  const goal = matchGoal(policy, input.ticket, input.clusterId);
  if (!goal) return [];
  const start = new Set(policy.start.map(conditionKey));
  const stop = new Set(policy.stop.map(conditionKey));
  const now = asOf.getTime();
  const fired = triggers(input);
  const instants = [...fired.keys()].filter((t) => t <= now).sort((a, b) => a - b);

  const spans: Array<{ startedAt: Date; stoppedAt: Date | null }> = [];
  let running: { startedAt: Date; stoppedAt: Date | null } | null = null;
  const hits = (keys: Set<string>, wanted: Set<string>) => [...keys].some((k) => wanted.has(k));
  for (const t of instants) {
    const keys = fired.get(t) ?? new Set<string>();
    const stopping = hits(keys, stop);
    const wasRunning: boolean = running !== null;
    if (running && stopping) {
      running.stoppedAt = new Date(t);
      running = null;
    }
    if (!running && hits(keys, start)) {
      // A stop that just ended the previous cycle is spent; otherwise it ends this one at once.
      const stoppedAt: Date | null = stopping && !wasRunning ? new Date(t) : null;
      running = { startedAt: new Date(t), stoppedAt };
      spans.push(running);
      if (stoppedAt) running = null;
    }
  }

  const pauses = pauseSpans(policy, input.intervals);
  const goalMs = Math.round(goal.hours * HOUR_MS);
  return spans.map((span, i) =>
    measureCycle(policy.name, input, calendar, pauses, goal.hours, goalMs, span, i + 1, asOf),
  );
}

function measureCycle(
  policy: string,
  input: SloTicketInput,
  calendar: BusinessCalendar,
  pauses: Array<[Date, Date]>,
  goalHours: number,
  goalMs: number,
  span: { startedAt: Date; stoppedAt: Date | null },
  cycle: number,
  asOf: Date,
): SloCycle {
  const end = span.stoppedAt ?? asOf;
  const ongoing = span.stoppedAt === null;
  let elapsedMs = 0;
  let breachedAt: Date | null = null;
  let segmentStart = span.startedAt;
  const runningSegments: Array<[Date, Date]> = [];
  for (const [s, e] of mergeSpans(pauses, span.startedAt, end)) {
    runningSegments.push([segmentStart, s]);
    segmentStart = e;
  }
  runningSegments.push([segmentStart, end]);
  for (const [s, e] of runningSegments) {
    const ms = elapsedBusinessMs(calendar, s, e);
    // The breach instant is the first at which elapsed reaches the goal; it only counts once exceeded.
    if (breachedAt === null && elapsedMs < goalMs && elapsedMs + ms >= goalMs) {
      breachedAt = dueAt(calendar, s, goalMs - elapsedMs);
    }
    elapsedMs += ms;
  }
  const breached = elapsedMs > goalMs;
  if (!breached) breachedAt = null;
  const now = asOf.getTime();
  const paused = ongoing && pauses.some(([s, e]) => s.getTime() <= now && now < e.getTime());
  let due: Date | null = null;
  if (ongoing) due = breached ? breachedAt : paused ? null : dueAt(calendar, asOf, goalMs - elapsedMs);
  return {
    policy,
    source: input.ticket.source,
    key: input.ticket.key,
    cycle,
    startedAt: span.startedAt,
    stoppedAt: span.stoppedAt,
    elapsedBusinessHours: elapsedMs / HOUR_MS,
    goalHours,
    met: ongoing ? (breached ? false : null) : !breached,
    breached,
    breachedAt,
    remainingHours: ongoing ? (goalMs - elapsedMs) / HOUR_MS : null,
    dueAt: due,
    ongoing,
    paused,
    calendarVersion: calendar.version ?? null,
  };
}

export interface TicketRef {
  source: string;
  key: string;
}

export interface AtRiskCycle {
  source: string;
  key: string;
  dueAt: Date | null;
  remainingHours: number;
}

export interface SloSummary {
  cycles: number;
  /** Completed cycles within the goal. */
  met: number;
  /** Completed cycles over the goal (met + breached + ongoing = cycles). */
  breached: number;
  ongoing: number;
  ongoingBreached: number;
  /** met / (completed + ongoing breached); null when that is 0. */
  attainment: number | null;
  ticketsEverBreached: number;
  /** Tickets in scope with at least one cycle. */
  ticketsTotal: number;
  atRisk: AtRiskCycle[];
}

function refKey(r: TicketRef): string {
  return `${r.source}\u0000${r.key}`;
}

/** Soonest due first; a paused cycle (no due instant) last; then least time left, then key. */
export function compareAtRisk(a: AtRiskCycle, b: AtRiskCycle): number {
  return (
    (a.dueAt?.getTime() ?? Number.POSITIVE_INFINITY) - (b.dueAt?.getTime() ?? Number.POSITIVE_INFINITY) ||
    a.remainingHours - b.remainingHours ||
    a.key.localeCompare(b.key) ||
    a.source.localeCompare(b.source)
  );
}

/** Summary of one policy's cycles over the tickets in scope (cycles of other tickets are ignored). */
export function summariseSlo(cycles: readonly SloCycle[], tickets: readonly TicketRef[]): SloSummary {
  const scope = new Set(tickets.map(refKey));
  const inScope = cycles.filter((c) => scope.has(refKey(c)));
  const completed = inScope.filter((c) => !c.ongoing);
  const ongoing = inScope.filter((c) => c.ongoing);
  const met = completed.filter((c) => !c.breached).length;
  const breached = completed.length - met;
  const ongoingBreached = ongoing.filter((c) => c.breached).length;
  const denominator = completed.length + ongoingBreached;
  const atRisk = ongoing
    .filter((c) => !c.breached)
    .map((c) => ({ source: c.source, key: c.key, dueAt: c.dueAt, remainingHours: c.remainingHours ?? 0 }))
    .sort(compareAtRisk);
  return {
    cycles: inScope.length,
    met,
    breached,
    ongoing: ongoing.length,
    ongoingBreached,
    attainment: denominator === 0 ? null : met / denominator,
    ticketsEverBreached: new Set(inScope.filter((c) => c.breached).map(refKey)).size,
    ticketsTotal: new Set(inScope.map(refKey)).size,
    atRisk,
  };
}

/** The empty summary: the identity of `mergeSloSummaries`. */
export function emptySloSummary(): SloSummary {
  return {
    cycles: 0,
    met: 0,
    breached: 0,
    ongoing: 0,
    ongoingBreached: 0,
    attainment: null,
    ticketsEverBreached: 0,
    ticketsTotal: 0,
    atRisk: [],
  };
}

/**
 * Combine summaries of DISJOINT sets of tickets (e.g. pages of a stream), so a report never holds every
 * cycle at once. Ticket counts add because no ticket is in both.
 */
export function mergeSloSummaries(a: SloSummary, b: SloSummary): SloSummary {
  const met = a.met + b.met;
  const breached = a.breached + b.breached;
  const ongoingBreached = a.ongoingBreached + b.ongoingBreached;
  const denominator = met + breached + ongoingBreached;
  return {
    cycles: a.cycles + b.cycles,
    met,
    breached,
    ongoing: a.ongoing + b.ongoing,
    ongoingBreached,
    attainment: denominator === 0 ? null : met / denominator,
    ticketsEverBreached: a.ticketsEverBreached + b.ticketsEverBreached,
    ticketsTotal: a.ticketsTotal + b.ticketsTotal,
    atRisk: [...a.atRisk, ...b.atRisk].sort(compareAtRisk),
  };
}

/** The share of assessed cycles a policy aims to meet when its config names no `target`. */
export const DEFAULT_SLO_TARGET = 0.95;

export interface ErrorBudget {
  target: number;
  /** Cycles with an outcome: completed + ongoing already breached (the attainment denominator). */
  assessed: number;
  /** Completed breached + ongoing breached. */
  breaches: number;
  /** (1 − target) × assessed: how many breaches the target tolerates; fractional on purpose. */
  allowedBreaches: number;
  /** breaches / allowedBreaches (1 = budget spent, > 1 = overspent); null when nothing is allowed. */
  consumed: number | null;
  /** allowedBreaches − breaches; negative once overspent. */
  remainingBreaches: number;
}

/** Error-budget view of attainment: the target's tolerated breaches and how much of them are used. */
export function errorBudget(target: number, assessed: number, breaches: number): ErrorBudget {
  // Rounded so 0.05 × 100 is 5, not 5.000000000000004.
  const allowedBreaches = Math.round((1 - target) * assessed * 1e9) / 1e9;
  return {
    target,
    assessed,
    breaches,
    allowedBreaches,
    consumed: allowedBreaches > 0 ? breaches / allowedBreaches : null,
    remainingBreaches: Math.round((allowedBreaches - breaches) * 1e9) / 1e9,
  };
}

export interface SloPeriodOutcome {
  period: string;
  /** Completed + ongoing breached cycles started in the period. */
  assessed: number;
  met: number;
  /** Completed breached + ongoing breached. */
  breaches: number;
}

export interface SloPeriodBurn extends SloPeriodOutcome {
  /** met / assessed; null when nothing was assessed. */
  attainment: number | null;
  /** Breaches so far ÷ the whole window's allowed breaches; null when the window allows none. */
  budgetConsumedToDate: number | null;
}

/** Per-period attainment and the cumulative share of the window's error budget spent by each period's end. */
export function budgetBurn(periods: readonly SloPeriodOutcome[], target: number): SloPeriodBurn[] {
  const assessed = periods.reduce((n, p) => n + p.assessed, 0);
  const { allowedBreaches } = errorBudget(target, assessed, 0);
  let breachesToDate = 0;
  return periods.map((p) => {
    breachesToDate += p.breaches;
    return {
      ...p,
      attainment: p.assessed === 0 ? null : p.met / p.assessed,
      budgetConsumedToDate: allowedBreaches > 0 ? breachesToDate / allowedBreaches : null,
    };
  });
}

export interface StoredOngoingCycle {
  /** null while the clock was paused at the analysis. */
  dueAt: Date | null;
  /** Business hours left at the analysis instant. */
  remainingHours: number;
}

export interface OngoingCycleNow {
  remainingHours: number;
  /** The due instant passed after the analysis: breached now, though the stored figures do not count it yet. */
  overdue: boolean;
}

/**
 * An ongoing cycle stored by the last analysis, carried forward to `asOf` the way the Flow page ages open
 * tickets: the cycle's state is the analysis's, its running clock is read at `asOf`. A paused clock keeps
 * its remaining time; an `asOf` before the analysis keeps the stored figure.
 */
export function ongoingCycleAsOf(
  calendar: BusinessCalendar,
  cycle: StoredOngoingCycle,
  analysedAt: Date,
  asOf: Date,
): OngoingCycleNow {
  if (cycle.dueAt === null || asOf.getTime() <= analysedAt.getTime())
    return { remainingHours: cycle.remainingHours, overdue: false };
  if (cycle.dueAt.getTime() <= asOf.getTime()) return { remainingHours: 0, overdue: true };
  return { remainingHours: elapsedBusinessMs(calendar, asOf, cycle.dueAt) / 3_600_000, overdue: false };
}
