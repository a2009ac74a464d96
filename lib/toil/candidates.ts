// Automation candidates (DESIGN §4): per request type over a window, what it costs in waiting and
// handling, how repetitive it is, and what automating it would pay back. Pure: no database, no clock.
// `summariseClusters` folds ticket rows into plain per-cluster facts; `rankCandidates` turns facts and
// a cost model into the ranked list, cheaply enough to re-run in the browser for what-if inputs.

const HOUR_MS = 3_600_000;
/** An average Gregorian month (365.2425 / 12 days), so rates do not depend on which months a window spans. */
export const MONTH_MS = (365.2425 / 12) * 24 * HOUR_MS;
/** The trend series splits the window into this many equal slices. */
export const TREND_SLICES = 12;
/** Two-sided 90 % normal quantile. */
const Z_90 = 1.6448536269514722;
/** Relative trend slopes below this (per month) read as "steady". */
const STEADY_TREND = 0.03;
/** The "why" mentions the routine share only when it takes a visible bite out of the score. */
const ROUTINE_NOTE_BELOW = 0.9;

/** One ticket of a cluster, as the analysis stored it. Durations are elapsed hours (DESIGN §3). */
export interface CandidateTicket {
  clusterId: string;
  key: string;
  createdAt: Date;
  /** Reached done at least once: its durations are final enough to average. */
  resolved: boolean;
  leadTimeHours: number | null;
  /** Includes triage time. */
  queueHours: number;
  /** Waiting on the requester. */
  waitingHours: number;
  activeHours: number;
  templateId: string | null;
  /** The statuses the ticket went through, consecutive repeats collapsed; null when unknown. */
  path: readonly string[] | null;
  assignee: string | null;
  /** Some SLO cycle of the ticket breached its goal. */
  sloMissed: boolean;
}

export interface CandidateWindow {
  from: Date;
  /** Exclusive. */
  to: Date;
}

/** Mean and sample variance (n − 1) of a per-ticket quantity; null statistics when too few values. */
export interface Moments {
  n: number;
  mean: number | null;
  variance: number | null;
}

/**
 * What the ranking needs about one cluster, as plain numbers (serialisable to the browser). Per-ticket
 * durations come from resolved tickets only; volume counts every ticket created in the window.
 */
export interface ClusterFacts {
  clusterId: string;
  label: string;
  template: string | null;
  tickets: number;
  resolved: number;
  windowMonths: number;
  /** Requester wait per resolved ticket: queue (with triage) + waiting-on-requester hours. */
  wait: Moments;
  /** Measured handling per resolved ticket: active hours. */
  active: Moments;
  /** Sample covariance of wait and active hours over resolved tickets; null when n < 2. */
  waitActiveCovariance: number | null;
  /** Share of tickets on the most common template; null when no ticket has one. */
  topTemplateShare: number | null;
  /** Share of resolved tickets that took the most common status path. */
  topPathShare: number | null;
  /** Shannon entropy (bits) of the status paths of resolved tickets; 0 = every ticket took one path. */
  pathEntropyBits: number | null;
  distinctPaths: number;
  distinctAssignees: number;
  /** Tickets with at least one breached SLO cycle. */
  sloMisses: number;
  /** Tickets created in each of TREND_SLICES equal slices of the window, oldest first. */
  series: number[];
}

/** The per-cluster facts plus the raw samples a report needs for distributions. */
export interface ClusterSummary {
  facts: ClusterFacts;
  firstSeen: Date | null;
  lastSeen: Date | null;
  /** Values over resolved tickets, in arrival order. */
  leadTimeHours: Array<number | null>;
  queueHours: number[];
  waitingHours: number[];
  activeHours: number[];
  /** Keys of the cluster's tickets in the window, newest first. */
  recentKeys: string[];
  /** Templates seen with their ticket counts, most common first. */
  templates: Array<{ templateId: string; tickets: number }>;
}

// ── Folding ticket rows into facts ───────────────────────────────────────────

const RECENT_KEYS = 10;

class ClusterAccumulator {
  tickets = 0;
  resolved = 0;
  firstSeen: Date | null = null;
  lastSeen: Date | null = null;
  readonly leadTimeHours: Array<number | null> = [];
  readonly queueHours: number[] = [];
  readonly waitingHours: number[] = [];
  readonly activeHours: number[] = [];
  readonly templateCounts = new Map<string, number>();
  readonly pathCounts = new Map<string, number>();
  readonly assignees = new Set<string>();
  readonly series: number[];
  recent: Array<{ key: string; at: number }> = [];
  sloMisses = 0;

  constructor(
    readonly clusterId: string,
    private readonly window: CandidateWindow,
  ) {
    this.series = new Array<number>(TREND_SLICES).fill(0);
  }

  add(t: CandidateTicket): void {
    const at = t.createdAt.getTime();
    this.tickets++;
    if (!this.firstSeen || at < this.firstSeen.getTime()) this.firstSeen = t.createdAt;
    if (!this.lastSeen || at > this.lastSeen.getTime()) this.lastSeen = t.createdAt;
    const span = this.window.to.getTime() - this.window.from.getTime();
    const slice = Math.floor(((at - this.window.from.getTime()) / span) * TREND_SLICES);
    const index = Math.min(TREND_SLICES - 1, Math.max(0, slice));
    this.series[index] = (this.series[index] ?? 0) + 1;
    if (t.templateId !== null)
      this.templateCounts.set(t.templateId, (this.templateCounts.get(t.templateId) ?? 0) + 1);
    if (t.assignee) this.assignees.add(t.assignee);
    if (t.sloMissed) this.sloMisses++;
    this.recent.push({ key: t.key, at });
    if (this.recent.length > RECENT_KEYS * 4) this.trimRecent();
    if (!t.resolved) return;
    this.resolved++;
    this.leadTimeHours.push(t.leadTimeHours);
    this.queueHours.push(t.queueHours);
    this.waitingHours.push(t.waitingHours);
    this.activeHours.push(t.activeHours);
    if (t.path) {
      const path = collapseRepeats(t.path).join(' → ');
      this.pathCounts.set(path, (this.pathCounts.get(path) ?? 0) + 1);
    }
  }

  private trimRecent(): void {
    this.recent.sort((a, b) => b.at - a.at || a.key.localeCompare(b.key));
    this.recent = this.recent.slice(0, RECENT_KEYS);
  }

  finish(meta: { label: string; template: string | null }): ClusterSummary {
    this.trimRecent();
    const waits = this.queueHours.map((q, i) => q + (this.waitingHours[i] ?? 0));
    const pathTotal = sum([...this.pathCounts.values()]);
    const templates = [...this.templateCounts]
      .map(([templateId, tickets]) => ({ templateId, tickets }))
      .sort((a, b) => b.tickets - a.tickets || a.templateId.localeCompare(b.templateId));
    return {
      facts: {
        clusterId: this.clusterId,
        label: meta.label,
        template: meta.template,
        tickets: this.tickets,
        resolved: this.resolved,
        windowMonths: (this.window.to.getTime() - this.window.from.getTime()) / MONTH_MS,
        wait: moments(waits),
        active: moments(this.activeHours),
        waitActiveCovariance: covariance(waits, this.activeHours),
        topTemplateShare: templates[0] && this.tickets > 0 ? templates[0].tickets / this.tickets : null,
        topPathShare: pathTotal > 0 ? Math.max(...this.pathCounts.values()) / pathTotal : null,
        pathEntropyBits: pathTotal > 0 ? entropyBits([...this.pathCounts.values()]) : null,
        distinctPaths: this.pathCounts.size,
        distinctAssignees: this.assignees.size,
        sloMisses: this.sloMisses,
        series: this.series,
      },
      firstSeen: this.firstSeen,
      lastSeen: this.lastSeen,
      leadTimeHours: this.leadTimeHours,
      queueHours: this.queueHours,
      waitingHours: this.waitingHours,
      activeHours: this.activeHours,
      recentKeys: this.recent.map((r) => r.key),
      templates,
    };
  }
}

/**
 * Folds ticket rows (any order, any number of pages) into one summary per cluster. Rows created outside
 * the window are ignored, so a caller may over-fetch.
 */
export class ClusterSummariser {
  private readonly clusters = new Map<string, ClusterAccumulator>();

  constructor(readonly window: CandidateWindow) {
    if (!(window.to.getTime() > window.from.getTime())) {
      throw new RangeError('the candidate window must end after it starts');
    }
  }

  add(ticket: CandidateTicket): void {
    const at = ticket.createdAt.getTime();
    if (at < this.window.from.getTime() || at >= this.window.to.getTime()) return;
    let cluster = this.clusters.get(ticket.clusterId);
    if (!cluster) {
      cluster = new ClusterAccumulator(ticket.clusterId, this.window);
      this.clusters.set(ticket.clusterId, cluster);
    }
    cluster.add(ticket);
  }

  /** Summaries of every cluster that had a ticket, for the clusters `meta` knows (others are skipped). */
  finish(meta: ReadonlyMap<string, { label: string; template: string | null }>): ClusterSummary[] {
    const out: ClusterSummary[] = [];
    for (const [id, cluster] of this.clusters) {
      const m = meta.get(id);
      if (m) out.push(cluster.finish(m));
    }
    return out;
  }
}

/** Convenience for tests and small inputs: summarise an array of tickets in one call. */
export function summariseClusters(
  tickets: Iterable<CandidateTicket>,
  window: CandidateWindow,
  meta: ReadonlyMap<string, { label: string; template: string | null }>,
): ClusterSummary[] {
  const summariser = new ClusterSummariser(window);
  for (const t of tickets) summariser.add(t);
  return summariser.finish(meta);
}

// ── Ranking ──────────────────────────────────────────────────────────────────

/** The cost model of the config (CONTRACT `costModel`). Money is in whatever currency the rates are. */
export interface CandidateCostModel {
  requesterHourly: number;
  teamHourly: number;
  /** null: use the measured active time as handling time. */
  handlingMinutesPerTicket: number | null;
  buildCostHours: number;
}

export interface CandidateConfidence {
  level: number;
  method: string;
  /** The range of the monthly cost; null when it cannot be bounded (no resolved ticket). */
  monthlyCostLow: number | null;
  monthlyCostHigh: number | null;
  paybackMonthsLow: number | null;
  paybackMonthsHigh: number | null;
  scoreLow: number | null;
  scoreHigh: number | null;
}

export interface Candidate {
  rank: number;
  clusterId: string;
  label: string;
  template: string | null;
  tickets: number;
  resolved: number;
  ticketsPerMonth: number;
  requesterWaitHoursPerMonth: number | null;
  handlingHoursPerMonth: number | null;
  monthlyCost: number | null;
  buildCost: number;
  /** Months until the build cost is saved; null when the type costs nothing a month or is unknown. */
  paybackMonths: number | null;
  /** In [0, 1]: mean of the top-template share and the top-path share (what is known of them). */
  repetitiveness: number | null;
  /**
   * In [0, 1]: 1 − measured hands-on hours per ticket ÷ build-cost hours. Work that takes about as long
   * by hand as building the workflow is bespoke (projects, incidents), not a procedure to encode.
   */
  routineShare: number | null;
  /** monthlyCost × repetitiveness × routineShare: the monthly cost a workflow can plausibly take over. */
  score: number | null;
  confidence: CandidateConfidence;
  why: string;
  waitHoursPerTicket: number | null;
  handlingHoursPerTicket: number | null;
  handlingBasis: 'measured' | 'configured';
  /** Least-squares change in tickets per month, per month, relative to the mean rate. */
  trendPerMonth: number | null;
  topTemplateShare: number | null;
  topPathShare: number | null;
  pathEntropyBits: number | null;
  distinctAssignees: number;
  sloMisses: number;
  series: number[];
}

/**
 * Ranks clusters best first by score. Excluded clusters must already be left out by the caller (they
 * never reach the facts). Clusters with no tickets in the window are dropped.
 */
export function rankCandidates(facts: readonly ClusterFacts[], cost: CandidateCostModel): Candidate[] {
  const buildCost = cost.buildCostHours * cost.teamHourly;
  const candidates = facts.filter((f) => f.tickets > 0).map((f) => candidateOf(f, cost, buildCost));
  candidates.sort(
    (a, b) =>
      nullsLast(b.score, a.score) ||
      b.tickets - a.tickets ||
      a.label.localeCompare(b.label) ||
      a.clusterId.localeCompare(b.clusterId),
  );
  return candidates.map((c, i) => ({ ...c, rank: i + 1 }));
}

function candidateOf(f: ClusterFacts, cost: CandidateCostModel, buildCost: number): Candidate {
  const perMonth = f.windowMonths > 0 ? f.tickets / f.windowMonths : 0;
  const configured = cost.handlingMinutesPerTicket !== null;
  const handlingPerTicket = configured ? (cost.handlingMinutesPerTicket ?? 0) / 60 : f.active.mean;
  const waitPerTicket = f.wait.mean;
  const waitPerMonth = waitPerTicket === null ? null : perMonth * waitPerTicket;
  const handlingPerMonth = handlingPerTicket === null ? null : perMonth * handlingPerTicket;
  const monthlyCost =
    waitPerMonth === null || handlingPerMonth === null
      ? null
      : cost.requesterHourly * waitPerMonth + cost.teamHourly * handlingPerMonth;
  const repetitiveness = repetitivenessOf(f);
  const routine = routineShareOf(f, cost);
  const takeable = repetitiveness === null || routine === null ? null : repetitiveness * routine;
  const score = monthlyCost === null || takeable === null ? null : monthlyCost * takeable;
  const candidate: Candidate = {
    rank: 0,
    clusterId: f.clusterId,
    label: f.label,
    template: f.template,
    tickets: f.tickets,
    resolved: f.resolved,
    ticketsPerMonth: round(perMonth),
    requesterWaitHoursPerMonth: roundOrNull(waitPerMonth),
    handlingHoursPerMonth: roundOrNull(handlingPerMonth),
    monthlyCost: roundOrNull(monthlyCost),
    buildCost: round(buildCost),
    paybackMonths: roundOrNull(payback(buildCost, monthlyCost)),
    repetitiveness: roundOrNull(repetitiveness),
    routineShare: roundOrNull(routine),
    score: roundOrNull(score),
    confidence: confidenceOf(f, cost, monthlyCost, takeable, buildCost),
    why: '',
    waitHoursPerTicket: roundOrNull(waitPerTicket),
    handlingHoursPerTicket: roundOrNull(handlingPerTicket),
    handlingBasis: configured ? 'configured' : 'measured',
    trendPerMonth: roundOrNull(relativeTrend(f.series, f.windowMonths)),
    topTemplateShare: roundOrNull(f.topTemplateShare),
    topPathShare: roundOrNull(f.topPathShare),
    pathEntropyBits: roundOrNull(f.pathEntropyBits),
    distinctAssignees: f.distinctAssignees,
    sloMisses: f.sloMisses,
    series: f.series,
  };
  candidate.why = explain(candidate, cost);
  return candidate;
}

/** Mean of the shares that are known; null when neither is (no template and no resolved ticket). */
export function repetitivenessOf(f: Pick<ClusterFacts, 'topTemplateShare' | 'topPathShare'>): number | null {
  const known = [f.topTemplateShare, f.topPathShare].filter((v): v is number => v !== null);
  return known.length === 0 ? null : sum(known) / known.length;
}

/**
 * The routine part of the work, from the measured active time (a property of the work, not of the cost
 * model, so a configured minutes-per-ticket does not change it). Null when nothing was resolved.
 */
export function routineShareOf(
  f: Pick<ClusterFacts, 'active'>,
  cost: Pick<CandidateCostModel, 'buildCostHours'>,
): number | null {
  if (f.active.mean === null) return null;
  if (cost.buildCostHours <= 0) return 1;
  return Math.min(1, Math.max(0, 1 - f.active.mean / cost.buildCostHours));
}

function payback(buildCost: number, monthlyCost: number | null): number | null {
  if (monthlyCost === null || monthlyCost <= 0) return null;
  return buildCost / monthlyCost;
}

/**
 * A 90 % range for the monthly cost, cost = (tickets / month) × (mean cost per ticket). The count is
 * Poisson (relative variance 1/N); the mean's relative variance is s²/(n·c̄²) with s² from the per-ticket
 * costs under this cost model. Combined on the log scale so the range stays positive.
 */
function confidenceOf(
  f: ClusterFacts,
  cost: CandidateCostModel,
  monthlyCost: number | null,
  /** repetitiveness × routine share: the score's multiplier of the monthly cost. */
  takeable: number | null,
  buildCost: number,
): CandidateConfidence {
  const method = 'poisson count × mean cost per ticket, log-normal, 90%';
  const unknown: CandidateConfidence = {
    level: 0.9,
    method,
    monthlyCostLow: null,
    monthlyCostHigh: null,
    paybackMonthsLow: null,
    paybackMonthsHigh: null,
    scoreLow: null,
    scoreHigh: null,
  };
  if (monthlyCost === null || f.wait.mean === null || f.resolved === 0) return unknown;
  const configured = cost.handlingMinutesPerTicket !== null;
  const meanCost =
    cost.requesterHourly * f.wait.mean +
    cost.teamHourly * (configured ? (cost.handlingMinutesPerTicket ?? 0) / 60 : (f.active.mean ?? 0));
  let relativeVariance = 1 / f.tickets;
  if (meanCost > 0) {
    const costVariance = perTicketCostVariance(f, cost, configured);
    // One resolved ticket says nothing about spread: assume a coefficient of variation of 1.
    const ratio = costVariance === null ? Number.NaN : costVariance / (meanCost * meanCost);
    relativeVariance += (Number.isFinite(ratio) ? ratio : 1) / f.resolved;
  }
  const spread = Math.exp(Z_90 * Math.sqrt(relativeVariance));
  const low = monthlyCost / spread;
  const high = monthlyCost * spread;
  return {
    level: 0.9,
    method,
    monthlyCostLow: round(low),
    monthlyCostHigh: round(high),
    paybackMonthsLow: roundOrNull(payback(buildCost, high)),
    paybackMonthsHigh: roundOrNull(payback(buildCost, low)),
    scoreLow: takeable === null ? null : round(low * takeable),
    scoreHigh: takeable === null ? null : round(high * takeable),
  };
}

/** Var(r·wait + t·handling) from the sufficient statistics; handling is a constant when configured. */
function perTicketCostVariance(
  f: ClusterFacts,
  cost: CandidateCostModel,
  configured: boolean,
): number | null {
  const r = cost.requesterHourly;
  const t = cost.teamHourly;
  if (f.wait.variance === null) return null;
  if (configured) return r * r * f.wait.variance;
  if (f.active.variance === null || f.waitActiveCovariance === null) return null;
  return Math.max(
    0,
    r * r * f.wait.variance + t * t * f.active.variance + 2 * r * t * f.waitActiveCovariance,
  );
}

/**
 * Least-squares slope of the monthly arrival rate over the window's equal slices, divided by the mean
 * rate: +0.1 = growing 10 % of its average a month. Null with fewer than 2 slices of data or no tickets.
 */
export function relativeTrend(series: readonly number[], windowMonths: number): number | null {
  const k = series.length;
  const total = sum(series);
  if (k < 2 || total === 0 || windowMonths <= 0) return null;
  const sliceMonths = windowMonths / k;
  const xs = series.map((_, i) => (i + 0.5) * sliceMonths);
  const ys = series.map((c) => c / sliceMonths);
  const xMean = sum(xs) / k;
  const yMean = sum(ys) / k;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < k; i++) {
    const dx = (xs[i] ?? 0) - xMean;
    sxy += dx * ((ys[i] ?? 0) - yMean);
    sxx += dx * dx;
  }
  return sxx === 0 ? null : sxy / sxx / yMean;
}

// ── The plain-language "why" ─────────────────────────────────────────────────

function explain(c: Candidate, cost: CandidateCostModel): string {
  const parts: string[] = [];
  const trend =
    c.trendPerMonth === null || c.tickets < 10
      ? ''
      : Math.abs(c.trendPerMonth) < STEADY_TREND
        ? ', steady'
        : `, ${c.trendPerMonth > 0 ? 'rising' : 'falling'} ${percent(Math.abs(c.trendPerMonth))} a month`;
  parts.push(`${decimal(c.ticketsPerMonth)} tickets a month (${c.tickets} in the window${trend}).`);
  if (c.waitHoursPerTicket === null) {
    parts.push('None resolved yet, so the wait and the cost per ticket are unknown.');
  } else {
    const handling =
      c.handlingBasis === 'configured'
        ? `the configured ${decimal(cost.handlingMinutesPerTicket ?? 0)} min of handling`
        : `${hoursText(c.handlingHoursPerTicket)} of hands-on work`;
    parts.push(
      `Requesters wait ${hoursText(c.waitHoursPerTicket)} per ticket on average and each takes ${handling}` +
        (c.monthlyCost === null ? '.' : `: a cost of about ${money(c.monthlyCost)} a month.`),
    );
  }
  const shape: string[] = [];
  if (c.topTemplateShare !== null) shape.push(`${percent(c.topTemplateShare)} match one template`);
  if (c.topPathShare !== null) shape.push(`${percent(c.topPathShare)} follow the same status path`);
  if (shape.length > 0) {
    const people =
      c.distinctAssignees > 0
        ? `; ${c.distinctAssignees} ${c.distinctAssignees === 1 ? 'person handles' : 'people handle'} it`
        : '';
    parts.push(`${capitalise(shape.join(' and '))}${people}.`);
  }
  if (c.routineShare !== null && c.routineShare < ROUTINE_NOTE_BELOW) {
    parts.push(
      c.routineShare === 0
        ? `A ticket takes as long by hand as the ${decimal(cost.buildCostHours)} h build: bespoke work, not a procedure to automate.`
        : `A ticket takes ${percent(1 - c.routineShare)} of the ${decimal(cost.buildCostHours)} h build by hand, so the score counts ${percent(c.routineShare)} of the cost as routine.`,
    );
  }
  if (c.paybackMonths !== null) {
    const range =
      c.confidence.paybackMonthsLow !== null && c.confidence.paybackMonthsHigh !== null
        ? ` (90% range ${decimal(c.confidence.paybackMonthsLow)}–${decimal(c.confidence.paybackMonthsHigh)})`
        : '';
    parts.push(
      `Building it (${decimal(cost.buildCostHours)} h) pays back in ${decimal(c.paybackMonths)} months${range}.`,
    );
  } else if (c.monthlyCost === 0) {
    parts.push('It costs nothing a month under this cost model, so a build never pays back.');
  }
  if (c.sloMisses > 0) {
    parts.push(`${c.sloMisses} ${c.sloMisses === 1 ? 'ticket missed' : 'tickets missed'} an SLO.`);
  }
  if (c.tickets < 5) parts.push('Few tickets: treat these figures as a hint.');
  return parts.join(' ');
}

function hoursText(hours: number | null): string {
  if (hours === null) return 'an unknown time';
  if (hours < 1) return `${Math.round(hours * 60)} min`;
  if (hours < 48) return `${decimal(hours)} h`;
  return `${decimal(hours / 24)} days`;
}

function decimal(value: number): string {
  const digits = Math.abs(value) >= 10 ? 0 : 1;
  return value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

function money(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

function percent(fraction: number): string {
  return `${Math.round(fraction * 100)}%`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

// ── Small statistics ─────────────────────────────────────────────────────────

function sum(values: readonly number[]): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}

export function moments(values: readonly number[]): Moments {
  const n = values.length;
  if (n === 0) return { n, mean: null, variance: null };
  const mean = sum(values) / n;
  if (n < 2) return { n, mean, variance: null };
  let squares = 0;
  for (const v of values) squares += (v - mean) * (v - mean);
  return { n, mean, variance: squares / (n - 1) };
}

function covariance(xs: readonly number[], ys: readonly number[]): number | null {
  const n = Math.min(xs.length, ys.length);
  if (n < 2) return null;
  const xMean = sum(xs.slice(0, n)) / n;
  const yMean = sum(ys.slice(0, n)) / n;
  let total = 0;
  for (let i = 0; i < n; i++) total += ((xs[i] ?? 0) - xMean) * ((ys[i] ?? 0) - yMean);
  return total / (n - 1);
}

/** Shannon entropy in bits of a distribution given by counts. */
export function entropyBits(counts: readonly number[]): number {
  const total = sum(counts);
  if (total === 0) return 0;
  let h = 0;
  for (const c of counts) {
    if (c > 0) h -= (c / total) * Math.log2(c / total);
  }
  return h === 0 ? 0 : h;
}

function collapseRepeats(path: readonly string[]): string[] {
  return path.filter((status, i) => i === 0 || status !== path[i - 1]);
}

function nullsLast(a: number | null, b: number | null): number {
  if (a === null && b === null) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a - b;
}

// Figures are exact to 1e-6, so floating-point noise never shows in an export or the page.
function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

function roundOrNull(value: number | null): number | null {
  return value === null || !Number.isFinite(value) ? null : round(value);
}
