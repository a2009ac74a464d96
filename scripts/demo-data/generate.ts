// Deterministic demo data: a year of a platform team's ticket queue, its deployments and the
// self-service runs of the automation it launches. See DEMO_MODEL_DESCRIPTION for the model.
import type { AutomationRun, Deployment, Ticket } from '../../lib/domain/ticket';
import {
  CREATE_REPO,
  INCIDENT,
  meanHandlingHours,
  PRIORITIES,
  type Priority,
  REQUEST_TYPES,
  type RequestType,
} from './catalog';
import { DEMO_AUTOMATION } from './config';
import { type Filed, runIncident, runRequest, runTask, type World } from './lifecycle';
import { BusinessCalendar, DAY, isoDate, type LocalDay, localDayOf, MINUTE, offsetAt } from './ny-time';
import {
  ENGINEERS,
  newJoinerName,
  type Person,
  PLATFORM_TEAM,
  REQUESTER_TEAMS,
  type RequesterTeam,
  TEAM_PICKER,
} from './people';
import { Rng, WeightedPicker } from './prng';
import { SlotQueue } from './slot-queue';
import { describe, roughenTitle } from './text';
import { STATUS_CATEGORY, TicketBuilder } from './ticket-builder';

export { DEMO_AUTOMATION, DEMO_CONFIG, type DemoAutomation, type DemoConfigFile, demoConfig } from './config';
export { DEMO_MODEL_DESCRIPTION } from './model-description';

export type DemoRecord =
  /** requestType: the catalog id the ticket was drawn from: ground truth for clustering quality. */
  | { kind: 'ticket'; ticket: Ticket; requestType: string }
  | { kind: 'deployment'; deployment: Deployment }
  | { kind: 'run'; run: AutomationRun };

/** What the generator holds between days; none of it grows with the number of tickets. */
export interface DemoDayState {
  day: string;
  tickets: number;
  /** Scheduled deployments and follow-ups not yet emitted. */
  pending: number;
  /** Parallel work slots of the team (fixed for a run). */
  slots: number;
}

export interface DemoOptions {
  tickets: number;
  seed: number;
  /** The demo covers the 365 days before this instant. */
  endAt: Date;
  /** Called after each simulated day, for progress and for checking memory stays flat. */
  onDay?: (state: DemoDayState) => void;
}

const SOURCE = 'demo';
const URL_BASE = 'https://acme.atlassian.net/browse/';
const SECOND = 1000;
const HOUR = 60 * MINUTE;

// Arrival shape: Monday heavy, Friday light, weekends rare; requests peak mid-morning local time.
const WEEKDAY_FACTOR = [0.04, 1.3, 1.12, 1.05, 1.0, 0.72, 0.05];
const WEEKDAY_HOURS = [
  0.02, 0.01, 0.01, 0.01, 0.01, 0.02, 0.05, 0.2, 0.55, 1.0, 1.3, 1.2, 0.8, 1.0, 1.15, 1.05, 0.85, 0.45, 0.22,
  0.12, 0.08, 0.06, 0.04, 0.03,
];
const WEEKEND_HOURS = [
  0.05, 0.03, 0.02, 0.02, 0.02, 0.03, 0.05, 0.1, 0.3, 0.6, 0.9, 1, 1, 1, 1, 0.9, 0.7, 0.5, 0.4, 0.3, 0.25,
  0.2, 0.1, 0.07,
];
const GROWTH = 0.2;
const TARGET_UTILISATION = 0.75;
const MAX_FOCUS = 0.6;

const DEPLOY_SERVICES: ReadonlyArray<readonly [string, string]> = [
  ['payments-api', 'payments'],
  ['checkout-web', 'checkout'],
  ['search-api', 'search'],
  ['mobile-bff', 'mobile'],
  ['auth-service', 'identity'],
  ['notifier', 'notifications'],
  ['catalog-api', 'catalog'],
  ['pricing-engine', 'pricing'],
];
const DEPLOYS_PER_DAY: readonly [number, number] = [2, 6];
const DEPLOY_FAILURE_RATE = 0.08;
const RUN_FAILURE_RATE = 0.04;
/** Share of failed self-service runs the requester follows up with a ticket. */
const RUN_FAILURE_TICKET = 0.5;

function cumulative(weights: readonly number[]): Float64Array {
  const total = weights.reduce((a, b) => a + b, 0);
  const out = new Float64Array(weights.length + 1);
  for (let i = 0; i < weights.length; i++) out[i + 1] = (out[i] ?? 0) + (weights[i] ?? 0) / total;
  return out;
}

const WEEKDAY_CDF = cumulative(WEEKDAY_HOURS);
const WEEKEND_CDF = cumulative(WEEKEND_HOURS);

function cdfAt(cdf: Float64Array, minute: number): number {
  const h = Math.min(23, Math.floor(minute / 60));
  const lo = cdf[h] ?? 0;
  return lo + ((cdf[h + 1] ?? 1) - lo) * ((minute - h * 60) / 60);
}

function minuteAt(cdf: Float64Array, u: number): number {
  let h = 0;
  while (h < 23 && u >= (cdf[h + 1] ?? 1)) h++;
  const lo = cdf[h] ?? 0;
  const width = (cdf[h + 1] ?? 1) - lo;
  return h * 60 + (width > 0 ? ((u - lo) / width) * 60 : 0);
}

function localMinute(ms: number): number {
  const local = ms + offsetAt(ms);
  return (local - Math.floor(local / DAY) * DAY) / MINUTE;
}

function seasonFactor(info: LocalDay, yearFraction: number): number {
  const date = new Date(info.day * DAY);
  const month = date.getUTCMonth();
  const dom = date.getUTCDate();
  let f = (WEEKDAY_FACTOR[info.weekday] ?? 1) * (1 + GROWTH * yearFraction);
  if (info.holiday) f *= 0.12;
  if ((month === 11 && dom >= 20) || (month === 0 && dom <= 2)) f *= 0.5;
  else if (month === 11) f *= 0.88;
  else if (month === 7) f *= 0.92;
  return f;
}

interface PlannedDay {
  info: LocalDay;
  cdf: Float64Array;
  /** The part of the day's arrival profile inside [start, end): [lo, hi] in CDF units. */
  lo: number;
  hi: number;
  weight: number;
}

type Pending =
  | { kind: 'deployment'; at: number; deployment: Omit<Deployment, 'externalId'> }
  | { kind: 'incident'; at: number; service: string; team: string; version: string }
  | { kind: 'repo-ticket'; at: number; requester: Person; team: RequesterTeam };

/** Time-ordered buffer of scheduled records; holds at most a day or so of deployments. */
class PendingQueue {
  private items: Array<Pending & { order: number }> = [];
  private order = 0;

  get size(): number {
    return this.items.length;
  }

  push(item: Pending): void {
    const entry = { ...item, order: this.order++ };
    let lo = 0;
    let hi = this.items.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const m = this.items[mid];
      if (m && m.at <= entry.at) lo = mid + 1;
      else hi = mid;
    }
    this.items.splice(lo, 0, entry);
  }

  shiftUntil(at: number): Pending | undefined {
    const head = this.items[0];
    if (!head || head.at > at) return undefined;
    this.items.shift();
    return head;
  }
}

function adoption(ms: number, launch: number): number {
  if (ms < launch) return 0;
  return 0.82 * Math.min(1, 0.55 + (0.45 * (ms - launch)) / (21 * DAY));
}

function validate(opts: DemoOptions): void {
  if (!Number.isInteger(opts.tickets) || opts.tickets < 0)
    throw new RangeError('tickets must be an integer ≥ 0');
  if (!Number.isInteger(opts.seed)) throw new RangeError('seed must be an integer');
  if (!(opts.endAt instanceof Date) || Number.isNaN(opts.endAt.getTime()))
    throw new RangeError('endAt must be a valid Date');
}

/**
 * Stream the demo world in creation order: tickets (each with its whole history up to endAt),
 * deployments and self-service runs, interleaved by time. Memory does not depend on `tickets`.
 */
export function* generateDemo(opts: DemoOptions): Generator<DemoRecord> {
  validate(opts);
  const endMs = opts.endAt.getTime();
  const startMs = endMs - 365 * DAY;
  const launchMs = DEMO_AUTOMATION.launchedAt(opts.endAt).getTime();
  const root = new Rng(opts.seed);
  // Separate streams, so e.g. a new title phrasing does not reshuffle every queue wait.
  const arrivals = root.fork(1);
  const words = root.fork(2);
  const life = root.fork(3);
  const ops = root.fork(4);
  const cal = new BusinessCalendar();

  const typePicker = new WeightedPicker(
    REQUEST_TYPES,
    REQUEST_TYPES.map((t) => t.weight),
  );
  const totalWeight = REQUEST_TYPES.reduce((a, t) => a + t.weight, 0);
  const repoShare = CREATE_REPO.weight / totalWeight;

  const firstDay = localDayOf(startMs);
  const lastDay = localDayOf(endMs - 1);
  const plan: PlannedDay[] = [];
  let expectedTickets = 0;
  let workingDays = 0;
  for (let day = firstDay; day <= lastDay; day++) {
    const info = cal.localDay(day);
    const cdf = info.working || info.holiday ? WEEKDAY_CDF : WEEKEND_CDF;
    const lo = day === firstDay ? cdfAt(cdf, localMinute(startMs)) : 0;
    const hi = day === lastDay ? cdfAt(cdf, localMinute(endMs)) || 1 : 1;
    const weight = seasonFactor(info, (day - firstDay) / 365) * Math.max(0, hi - lo);
    plan.push({ info, cdf, lo, hi, weight });
    const selfServed =
      adoption(cal.instantOf(day, 12 * 60), launchMs) * (1 - RUN_FAILURE_RATE * RUN_FAILURE_TICKET);
    expectedTickets += weight * (1 - repoShare * selfServed);
    if (info.working) workingDays++;
  }

  // Deployment-triggered incidents are tickets too; keep them a small share for small demos.
  const incidentChance = 0.35 * Math.min(1, opts.tickets / 5000);
  const meanDeploys = (DEPLOYS_PER_DAY[0] + DEPLOYS_PER_DAY[1]) / 2;
  const expectedFollowUps = workingDays * meanDeploys * DEPLOY_FAILURE_RATE * incidentChance;
  const rate = expectedTickets > 0 ? Math.max(0, opts.tickets - expectedFollowUps) / expectedTickets : 0;

  // Size the team's capacity so the year runs at ~85 % utilisation: busy spells queue up.
  let demandHours = 0;
  for (const t of REQUEST_TYPES) {
    if (t.kind !== 'request') continue;
    const share = (t.weight / totalWeight) * (t === CREATE_REPO ? 0.6 : 1);
    demandHours += opts.tickets * share * meanHandlingHours(t);
  }
  const workingHours = Math.max(8, cal.workingHoursBetween(firstDay, lastDay + 1));
  const slots = Math.max(1, Math.ceil(demandHours / (workingHours * MAX_FOCUS * TARGET_UTILISATION)));
  const focus = Math.min(
    MAX_FOCUS,
    Math.max(0.02, demandHours / (slots * workingHours * TARGET_UTILISATION)),
  );
  const world: World = { rng: life, cal, queue: new SlotQueue(slots, cal.nextWorking(startMs)), focus };

  const pending = new PendingQueue();
  const versions = new Map<string, number>();
  let ticketNumber = 0;
  let deploymentNumber = 0;

  const fileTicket = (
    at: number,
    type: RequestType,
    requester: Person,
    team: RequesterTeam | null,
    text?: { title: string; body: string; priority: Priority },
  ): Ticket => {
    const number = ++ticketNumber;
    const service = team ? words.pick(team.services) : words.pick(DEPLOY_SERVICES)[0];
    const ctx = {
      rng: words,
      requester,
      team: team ?? words.pick(REQUESTER_TEAMS),
      service,
      joiner: newJoinerName(words),
    };
    const written = text ?? type.write(ctx);
    const priority = text?.priority ?? pickPriority(life, type);
    const labels = words.chance(0.75) ? type.labels.slice(0, words.int(1, type.labels.length)) : [];
    let title = written.title;
    let description = written.body;
    if (type.kind === 'request') {
      title = roughenTitle(words, title, ctx.team.name, priority === 'P1' || priority === 'P2');
      const forwardedFrom = words.chance(0.08) ? words.pick(ctx.team.people) : null;
      description = describe({ rng: words, at, requester, body: description, forwardedFrom });
    }
    const skipTriage =
      type.kind === 'incident' || (type.kind === 'task' ? life.chance(0.7) : life.chance(0.15));
    const b = new TicketBuilder(at, endMs, skipTriage ? 'To Do' : 'Triage', priority, labels);
    const filed: Filed = { number, type, requester };
    if (type.kind === 'incident') runIncident(world, b);
    else if (type.kind === 'task') runTask(world, b, filed);
    else runRequest(world, b, filed);
    return {
      source: SOURCE,
      key: `OPS-${number}`,
      title,
      description,
      type: type.issueType,
      priority: b.priority,
      labels: b.labels,
      team: PLATFORM_TEAM,
      requester: requester.name,
      requesterTeam: team ? team.name : PLATFORM_TEAM,
      assignee: b.assignee,
      createdAt: new Date(at),
      status: b.status,
      sourceStatusCategory: STATUS_CATEGORY[b.status] ?? null,
      url: `${URL_BASE}OPS-${number}`,
      events: b.events,
    };
  };

  const scheduleDeployments = (day: number) => {
    const count = ops.int(DEPLOYS_PER_DAY[0], DEPLOYS_PER_DAY[1]);
    for (let i = 0; i < count; i++) {
      const [service, team] = ops.pick(DEPLOY_SERVICES);
      const startedAt = roundSecond(cal.instantOf(day, ops.uniform(9.5 * 60, 17.5 * 60)));
      const finishedAt = startedAt + roundSecond(ops.uniform(3, 15) * MINUTE);
      const failed = ops.chance(DEPLOY_FAILURE_RATE);
      const build = (versions.get(service) ?? 100) + 1;
      versions.set(service, build);
      const commits = ops.int(1, 6);
      const commitTimes: Date[] = [];
      for (let c = 0; c < commits; c++) {
        commitTimes.push(
          new Date(roundSecond(startedAt - Math.max(10 * MINUTE, ops.logNormal(18 * HOUR, 1)))),
        );
      }
      commitTimes.sort((a, b) => a.getTime() - b.getTime());
      pending.push({
        kind: 'deployment',
        at: startedAt,
        deployment: deployment(
          service,
          startedAt,
          finishedAt,
          failed ? 'failure' : 'success',
          commitTimes,
          false,
        ),
      });
      if (!failed) continue;
      const fixAt = roundSecond(
        finishedAt + Math.min(5 * HOUR, Math.max(20 * MINUTE, ops.logNormal(70 * MINUTE, 0.6))),
      );
      const fixCommit = new Date(fixAt - ops.int(10, 50) * MINUTE);
      pending.push({
        kind: 'deployment',
        at: fixAt,
        deployment: deployment(service, fixAt, fixAt + ops.int(3, 12) * MINUTE, 'success', [fixCommit], true),
      });
      if (ops.chance(incidentChance)) {
        const at = roundSecond(finishedAt + ops.uniform(3, 25) * MINUTE);
        pending.push({
          kind: 'incident',
          at,
          service,
          team,
          version: `${Math.floor(build / 100)}.${build % 100}.0`,
        });
      }
    }
  };

  const deploymentRecord = (d: Omit<Deployment, 'externalId'>): DemoRecord | null => {
    if (d.startedAt.getTime() < startMs || d.startedAt.getTime() >= endMs) return null;
    const unfinished = d.finishedAt !== null && d.finishedAt.getTime() >= endMs;
    return {
      kind: 'deployment',
      deployment: {
        ...d,
        externalId: `deploy-${++deploymentNumber}`,
        finishedAt: unfinished ? null : d.finishedAt,
        status: unfinished ? 'in_progress' : d.status,
      },
    };
  };

  function* drain(until: number): Generator<DemoRecord> {
    for (let item = pending.shiftUntil(until); item; item = pending.shiftUntil(until)) {
      if (item.at >= endMs) continue;
      if (item.kind === 'deployment') {
        const record = deploymentRecord(item.deployment);
        if (record) yield record;
      } else if (item.kind === 'incident') {
        if (item.at < startMs) continue;
        const team = REQUESTER_TEAMS.find((t) => t.name === item.team) ?? null;
        const requester = team ? words.pick(team.people) : words.pick(ENGINEERS);
        const p1 = life.chance(0.4);
        const title = words.pick(INCIDENT_AFTER_DEPLOY)(item.service, item.version);
        const body = `Started right after the ${item.service} ${item.version} deploy to production. Rolling back; see #inc-${item.service}.`;
        const ticket = fileTicket(item.at, INCIDENT, requester, team, {
          title,
          body,
          priority: p1 ? 'P1' : 'P2',
        });
        yield { kind: 'ticket', ticket, requestType: INCIDENT.id };
      } else {
        const ticket = fileTicket(item.at, CREATE_REPO, item.requester, item.team);
        yield { kind: 'ticket', ticket, requestType: CREATE_REPO.id };
      }
    }
  }

  let carry = 0;
  for (const p of plan) {
    const day = p.info.day;
    if (p.info.working) scheduleDeployments(day);
    carry += rate * p.weight;
    const count = Math.floor(carry);
    carry -= count;
    // Ascending order statistics of `count` uniforms, drawn one by one: no per-day array.
    let u = 0;
    for (let i = 0; i < count; i++) {
      u += (1 - u) * (1 - arrivals.next() ** (1 / (count - i)));
      const at = roundSecond(cal.instantOf(day, minuteAt(p.cdf, p.lo + u * (p.hi - p.lo))));
      if (at < startMs || at >= endMs) continue;
      yield* drain(at);
      const type = ticketNumber === 0 ? CREATE_REPO : typePicker.pick(arrivals);
      const team = TEAM_PICKER.pick(words);
      const requester = words.pick(team.people);
      if (type === CREATE_REPO && arrivals.chance(adoption(at, launchMs))) {
        const failed = arrivals.chance(RUN_FAILURE_RATE);
        yield {
          kind: 'run',
          run: {
            automation: DEMO_AUTOMATION.name,
            at: new Date(at),
            actor: requester.name,
            outcome: failed ? 'failure' : 'success',
            durationSeconds: Math.round(Math.min(120, Math.max(30, arrivals.logNormal(55, 0.35)))),
          },
        };
        // Some failed runs end up as a ticket after all.
        if (failed && arrivals.chance(RUN_FAILURE_TICKET)) {
          pending.push({ kind: 'repo-ticket', at: at + arrivals.int(10, 40) * MINUTE, requester, team });
        }
        continue;
      }
      const filedBy = type.kind === 'task' && arrivals.chance(0.5) ? words.pick(ENGINEERS) : requester;
      const ticket = fileTicket(at, type, filedBy, filedBy === requester ? team : null);
      yield { kind: 'ticket', ticket, requestType: type.id };
    }
    opts.onDay?.({
      day: isoDate(day),
      tickets: ticketNumber,
      pending: pending.size,
      slots: world.queue.size,
    });
  }
  yield* drain(endMs);
}

const INCIDENT_AFTER_DEPLOY: ReadonlyArray<(service: string, version: string) => string> = [
  (s, v) => `${s} errors after deploy ${v}`,
  (s) => `Elevated 5xx on ${s} following release`,
  (s, v) => `${s} ${v} rollout causing failures`,
  (s) => `P1 - ${s} degraded after deployment`,
  (s) => `${s} health checks failing post-deploy`,
];

function deployment(
  service: string,
  startedAt: number,
  finishedAt: number,
  status: 'success' | 'failure',
  commitTimes: Date[],
  isRework: boolean,
): Omit<Deployment, 'externalId'> {
  return {
    source: SOURCE,
    service,
    environment: 'production',
    startedAt: new Date(startedAt),
    finishedAt: new Date(finishedAt),
    status,
    commitTimes,
    isRework,
  };
}

function pickPriority(rng: Rng, type: RequestType): Priority {
  const [a, b, c] = type.priorityWeights;
  const x = rng.next();
  if (x < a) return 'P1';
  if (x < a + b) return 'P2';
  if (x < a + b + c) return 'P3';
  return PRIORITIES[3] ?? 'P4';
}

function roundSecond(ms: number): number {
  return Math.round(ms / SECOND) * SECOND;
}
