import type { Database } from '../../db/client';
import type { HistoryFilter } from '../../db/queries/ticket-history';
import { prepareDerivation } from '../analysis/derive-ticket';
import { streamDerivedTickets } from '../analysis/derived-tickets';
import type { ToilscopeConfig } from '../config';
import {
  agingWip,
  type Distribution,
  distribution,
  flowEfficiencyMeanOfRatios,
  flowEfficiencyPooled,
  kaplanMeier,
  leadTimeObservation,
  type PercentileMethod,
  type PeriodCount,
  type SurvivalObservation,
  throughput,
} from '../metrics';
import { type ReportWindow, reportWindow, roundDistribution, roundHours, windowContains } from './window';

export interface ReportQuery {
  config: ToilscopeConfig;
  asOf: Date;
  /** Window [from, to) over the ticket's first resolution; `to` defaults to asOf, `from` to the start. */
  from?: Date;
  to?: Date;
  filter?: Pick<HistoryFilter, 'team' | 'source' | 'clusterId'>;
  method?: PercentileMethod;
  pageSize?: number;
}

/**
 * Kaplan–Meier lead time (created → first resolution) of the window's completions plus the tickets open
 * as of asOf, censored at their age. A percentile the curve never reaches is null, and its `…Above`
 * sibling holds the longest duration observed: read it as "> p85Above hours".
 */
export interface KaplanMeierFigures {
  n: number;
  events: number;
  censored: number;
  p50: number | null;
  p50Above: number | null;
  p85: number | null;
  p85Above: number | null;
}

export interface AgingWipEntry {
  key: string;
  ageHours: number;
  status: string;
  category: string;
}

/** `export flow` / `GET /api/v1/flow` (CONTRACT "Other exports"), plus asOf, waitingHours and KM counts. */
export interface FlowReport {
  window: ReportWindow;
  asOf: string;
  reportTimeZone: string;
  /** Tickets first resolved in the window: the cohort of every distribution below. */
  resolved: number;
  /** Tickets open as of asOf (any creation date), never dropped: they feed agingWip and Kaplan–Meier. */
  open: number;
  leadTimeHours: Distribution;
  leadTimeFinalHours: Distribution;
  cycleTimeHours: Distribution;
  queueHours: Distribution;
  waitingHours: Distribution;
  activeHours: Distribution;
  timeToFirstResponseHours: Distribution;
  timeToAssignHours: Distribution;
  /** Only tickets that entered triage; a skipped triage is null, not 0, and left out of n. */
  timeToTriageHours: Distribution;
  flowEfficiencyPooled: number | null;
  flowEfficiencyMeanOfRatios: number | null;
  leadTimeKaplanMeier: KaplanMeierFigures;
  /** First resolutions per week (Monday start, report zone), zero-filled across the window. */
  throughput: PeriodCount[];
  /** Open tickets as of asOf, oldest first, age since creation. */
  agingWip: AgingWipEntry[];
  unmappedStatuses: string[];
}

export async function buildFlowReport(database: Database, query: ReportQuery): Promise<FlowReport> {
  const { config, asOf } = query;
  const method = query.method ?? 'nearest-rank';
  const window = reportWindow(query.from, query.to, asOf);
  const derivation = prepareDerivation(config, { withSlo: false });

  const values = {
    leadTime: [] as number[],
    leadTimeFinal: [] as Array<number | null>,
    cycleTime: [] as Array<number | null>,
    queue: [] as number[],
    waiting: [] as number[],
    active: [] as number[],
    firstResponse: [] as Array<number | null>,
    assign: [] as Array<number | null>,
    triage: [] as Array<number | null>,
  };
  const efficiency = { active: 0, queue: 0, waiting: 0 };
  const ratios: Array<{ flowEfficiency: number | null }> = [];
  const resolvedAt: Date[] = [];
  const survival: SurvivalObservation[] = [];
  const aging: AgingWipEntry[] = [];

  for await (const page of streamDerivedTickets(database, {
    derivation,
    asOf,
    // A ticket created after asOf did not exist yet.
    filter: { ...query.filter, createdTo: new Date(asOf.getTime() + 1) },
    pageSize: query.pageSize,
  })) {
    for (const { ticket, derived } of page) {
      const flow = derived.flow;
      if (flow.currentCategory === null) continue;
      const inCohort =
        flow.firstResolvedAt !== null &&
        flow.leadTimeFirstHours !== null &&
        windowContains(window, flow.firstResolvedAt);
      if (inCohort && flow.firstResolvedAt && flow.leadTimeFirstHours !== null) {
        values.leadTime.push(flow.leadTimeFirstHours);
        values.leadTimeFinal.push(flow.leadTimeFinalHours);
        values.cycleTime.push(flow.cycleTimeHours);
        values.queue.push(flow.queueHours);
        values.waiting.push(flow.waitingHours);
        values.active.push(flow.activeHours);
        values.firstResponse.push(flow.timeToFirstResponseHours);
        values.assign.push(flow.timeToAssignHours);
        values.triage.push(flow.timeToTriageHours);
        efficiency.active += flow.activeHours;
        efficiency.queue += flow.queueHours;
        efficiency.waiting += flow.waitingHours;
        ratios.push({ flowEfficiency: flow.flowEfficiency });
        resolvedAt.push(flow.firstResolvedAt);
      }
      if (flow.open) {
        const [item] = agingWip(
          [{ key: ticket.key, createdAt: ticket.createdAt, intervals: derived.intervals }],
          asOf,
        );
        if (item) aging.push(item);
      }
      const observation = leadTimeObservation(flow, ticket.createdAt, asOf);
      if (observation && (!observation.event || inCohort)) survival.push(observation);
    }
  }

  const km = kaplanMeier(survival);
  const throughputFrom = window.from ?? earliest(resolvedAt);
  aging.sort((a, b) => b.ageHours - a.ageHours || a.key.localeCompare(b.key));
  const dist = (v: ReadonlyArray<number | null>) => roundDistribution(distribution(v, method));

  return {
    window: window.json,
    asOf: asOf.toISOString(),
    reportTimeZone: config.reportTimeZone,
    resolved: values.leadTime.length,
    open: aging.length,
    leadTimeHours: dist(values.leadTime),
    leadTimeFinalHours: dist(values.leadTimeFinal),
    cycleTimeHours: dist(values.cycleTime),
    queueHours: dist(values.queue),
    waitingHours: dist(values.waiting),
    activeHours: dist(values.active),
    timeToFirstResponseHours: dist(values.firstResponse),
    timeToAssignHours: dist(values.assign),
    timeToTriageHours: dist(values.triage),
    flowEfficiencyPooled: roundRatio(
      flowEfficiencyPooled([
        { activeHours: efficiency.active, queueHours: efficiency.queue, waitingHours: efficiency.waiting },
      ]),
    ),
    flowEfficiencyMeanOfRatios: roundRatio(flowEfficiencyMeanOfRatios(ratios)),
    leadTimeKaplanMeier: {
      n: km.n,
      events: km.events,
      censored: km.censored,
      p50: roundHours(km.p50.value),
      p50Above: roundHours(km.p50.greaterThan),
      p85: roundHours(km.p85.value),
      p85Above: roundHours(km.p85.greaterThan),
    },
    throughput: throughputFrom
      ? throughput(resolvedAt, {
          from: throughputFrom,
          to: window.to,
          period: 'week',
          timeZone: config.reportTimeZone,
        })
      : [],
    agingWip: aging.map((a) => ({ ...a, ageHours: roundHours(a.ageHours) ?? 0 })),
    unmappedStatuses: [...derivation.unmapped].sort(),
  };
}

function earliest(instants: readonly Date[]): Date | null {
  let min: Date | null = null;
  for (const d of instants) if (min === null || d < min) min = d;
  return min;
}

const roundRatio = (r: number | null) => (r === null ? null : Math.round(r * 1e9) / 1e9);
