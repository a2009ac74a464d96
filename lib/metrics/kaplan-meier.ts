import type { TicketFlow } from './flow';

/** One subject: `event` true = finished after durationHours; false = still open (right-censored). */
export interface SurvivalObservation {
  durationHours: number;
  event: boolean;
}

export interface SurvivalStep {
  timeHours: number;
  /** Share still not finished just after timeHours. */
  survival: number;
  atRisk: number;
  events: number;
}

/** `value` null means the curve never drops that far: render "> greaterThan" (null only when n = 0). */
export type SurvivalPercentile =
  | { value: number; greaterThan: null }
  | { value: null; greaterThan: number | null };

export interface KaplanMeierResult {
  n: number;
  events: number;
  censored: number;
  /** Longest duration observed, finished or not. */
  maxObserved: number | null;
  /** One step per distinct finishing time, ascending; survival is 1 before the first step. */
  curve: SurvivalStep[];
  p50: SurvivalPercentile;
  p85: SurvivalPercentile;
}

// Survival products accumulate rounding; a drop to exactly 1 − p must still count as reached.
const EPSILON = 1e-12;

/** Subjects grouped by duration: how many finished then and how many were still open (censored). */
export interface SurvivalGroup {
  durationHours: number;
  events: number;
  censored: number;
}

/**
 * Kaplan–Meier estimate. Censored subjects tied with events at the same time count as still at risk
 * then (the usual convention). Non-finite or negative durations are ignored.
 */
export function kaplanMeier(observations: readonly SurvivalObservation[]): KaplanMeierResult {
  return kaplanMeierFromGroups(
    observations.map((o) => ({
      durationHours: o.durationHours,
      events: o.event ? 1 : 0,
      censored: o.event ? 0 : 1,
    })),
  );
}

/**
 * The same estimate from counts per duration (e.g. aggregated in SQL), so a million subjects need only
 * as many rows as distinct durations. Groups may repeat a duration; they are merged.
 */
export function kaplanMeierFromGroups(groups: readonly SurvivalGroup[]): KaplanMeierResult {
  const valid = groups.filter(
    (g) => Number.isFinite(g.durationHours) && g.durationHours >= 0 && g.events + g.censored > 0,
  );
  const sorted = [...valid].sort((a, b) => a.durationHours - b.durationHours);
  const total = (key: 'events' | 'censored') => valid.reduce((sum, g) => sum + g[key], 0);
  const curve: SurvivalStep[] = [];
  let atRisk = total('events') + total('censored');
  let survival = 1;
  let i = 0;
  while (i < sorted.length) {
    const time = sorted[i]?.durationHours ?? 0;
    let events = 0;
    let leaving = 0;
    while (i < sorted.length && sorted[i]?.durationHours === time) {
      events += sorted[i]?.events ?? 0;
      leaving += (sorted[i]?.events ?? 0) + (sorted[i]?.censored ?? 0);
      i++;
    }
    if (events > 0) {
      survival *= 1 - events / atRisk;
      curve.push({ timeHours: time, survival, atRisk, events });
    }
    atRisk -= leaving;
  }
  const events = total('events');
  const censored = total('censored');
  const maxObserved = sorted.at(-1)?.durationHours ?? null;
  const partial = { n: events + censored, events, censored, maxObserved, curve };
  return { ...partial, p50: survivalPercentile(partial, 0.5), p85: survivalPercentile(partial, 0.85) };
}

/** Smallest time by which a share p has finished (survival ≤ 1 − p), or "> maxObserved". */
export function survivalPercentile(
  km: Pick<KaplanMeierResult, 'curve' | 'maxObserved'>,
  p: number,
): SurvivalPercentile {
  const step = km.curve.find((s) => s.survival <= 1 - p + EPSILON);
  if (step) return { value: step.timeHours, greaterThan: null };
  return { value: null, greaterThan: km.maxObserved };
}

/**
 * Lead-time observation for one ticket: first resolution is the event; an open ticket is censored at its
 * age. A canceled ticket never resolved is left out (it will not finish), so this returns null.
 */
export function leadTimeObservation(
  flow: Pick<TicketFlow, 'leadTimeFirstHours' | 'open'>,
  createdAt: Date,
  asOf: Date,
): SurvivalObservation | null {
  if (flow.leadTimeFirstHours !== null) return { durationHours: flow.leadTimeFirstHours, event: true };
  if (!flow.open) return null;
  return { durationHours: Math.max(0, asOf.getTime() - createdAt.getTime()) / 3_600_000, event: false };
}
