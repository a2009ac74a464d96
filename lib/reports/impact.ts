import type { Database } from '../../db/client';
import {
  type MonthlyRequestTrend,
  monthlyDeployments,
  monthlyRequestTrends,
  monthlyToilShare,
  monthlyVolume,
  residualRequesters,
  resolveClusterReferences,
  runCounts,
  sloAttainment,
  ticketsPerCluster,
  treatedTicketFacts,
} from '../../db/queries/impact';
import type { ToilscopeConfig } from '../config';
import { InputError } from '../errors';
import { computeImpact, type ImpactWindow, impactWindows, type WindowSample } from '../toil/impact';
import type { ImpactReport } from '../toil/impact-types';
import { automationsInForce } from './automations';
import { type CandidateReportRow, candidatesReport } from './candidates';

/** Calendar months (report zone) overlapping the window, zero-filled, oldest first. */
export function monthsOf(window: ImpactWindow, timeZone: string): string[] {
  if (window.to.getTime() <= window.from.getTime()) return [];
  const format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit' });
  const first = format.format(window.from).slice(0, 7);
  const last = format.format(new Date(window.to.getTime() - 1)).slice(0, 7);
  const months: string[] = [];
  let [year, month] = first.split('-').map(Number) as [number, number];
  for (let guard = 0; guard < 1200; guard++) {
    const period = `${year}-${String(month).padStart(2, '0')}`;
    months.push(period);
    if (period >= last) break;
    month++;
    if (month > 12) {
      month = 1;
      year++;
    }
  }
  return months;
}

async function windowSample(
  database: Database,
  input: { clusterIds: string[]; automation: string; window: ImpactWindow; timeZone: string },
): Promise<WindowSample> {
  const facts = await treatedTicketFacts(database.sql, input.clusterIds, input.window);
  const volume = await monthlyVolume(database.sql, input);
  return {
    window: input.window,
    tickets: facts.tickets,
    volumeByMonth: monthsOf(input.window, input.timeZone).map((period) => ({
      period,
      tickets: volume.get(period)?.tickets ?? 0,
      runs: volume.get(period)?.runs ?? 0,
    })),
    leadTimeHours: facts.leadTimeHours,
    queueHours: facts.queueHours,
    waitHours: facts.waitHours,
    activeHours: facts.activeHours,
    sloAttainment: await sloAttainment(database.sql, input.clusterIds, input.window),
  };
}

/**
 * `export impact`: one report per automation. Windows come from the launch date and
 * `impactWindowDays` (after = [launch, min(asOf, launch + days)), before = the same length before
 * launch). The control is every cluster no automation replaces (excluded ones left out).
 */
export async function buildImpactReport(
  database: Database,
  query: { config: ToilscopeConfig; asOf: Date },
): Promise<ImpactReport[]> {
  const { config, asOf } = query;
  const specs = await automationsInForce(database, config);
  const resolved = new Map<string, string[]>();
  for (const spec of specs) {
    const ids = await resolveClusterReferences(database.sql, spec.references);
    const missing = spec.references.filter((_, i) => ids[i] === null);
    if (missing.length > 0) {
      throw new InputError(
        `${spec.origin}.clusters: '${missing[0]}' matches no cluster id, label or clustered ticket key (see export clusters)`,
      );
    }
    resolved.set(spec.name, [...new Set(ids as string[])]);
  }
  const replaced = new Set([...resolved.values()].flat());
  const reports: ImpactReport[] = [];
  for (const spec of specs) {
    const clusterIds = resolved.get(spec.name) ?? [];
    const { before, after } = impactWindows(spec.launchedAt, asOf, config.impactWindowDays);
    const timeZone = config.reportTimeZone;
    const controlCounts = async (window: ImpactWindow) => {
      const perCluster = await ticketsPerCluster(database.sql, window);
      let tickets = 0;
      const clusters = new Set<string>();
      for (const [id, n] of perCluster) {
        if (replaced.has(id)) continue;
        tickets += n;
        clusters.add(id);
      }
      return { tickets, clusters };
    };
    const controlBefore = await controlCounts(before);
    const controlAfter = await controlCounts(after);
    reports.push(
      computeImpact({
        name: spec.name,
        clusters: clusterIds,
        launchedAt: spec.launchedAt,
        buildCostHours: spec.buildCostHours,
        before: await windowSample(database, { clusterIds, automation: spec.name, window: before, timeZone }),
        after: await windowSample(database, { clusterIds, automation: spec.name, window: after, timeZone }),
        control: {
          clusters: new Set([...controlBefore.clusters, ...controlAfter.clusters]).size,
          beforeTickets: controlBefore.tickets,
          afterTickets: controlAfter.tickets,
        },
        runs: await runCounts(database.sql, spec.name, after),
        residualRequesters: await residualRequesters(database.sql, clusterIds, after),
        handlingMinutesPerTicket: config.costModel.handlingMinutesPerTicket,
      }),
    );
  }
  return reports;
}

/** `export impact --format csv`: one row per automation, nested figures as dotted columns. */
export const IMPACT_CSV_COLUMNS = [
  'name',
  'clusters',
  'launchedAt',
  ...(['before', 'after'] as const).flatMap((w) => [
    `${w}.from`,
    `${w}.to`,
    `${w}.tickets`,
    `${w}.ticketsPerMonth`,
    `${w}.leadTimeHours.n`,
    `${w}.leadTimeHours.p50`,
    `${w}.leadTimeHours.p85`,
    `${w}.queueHours.n`,
    `${w}.queueHours.p50`,
    `${w}.queueHours.p85`,
    `${w}.requesterWaitHoursPerTicket`,
    `${w}.handlingHoursPerTicket`,
  ]),
  'residualTickets',
  'selfServiceRuns',
  'adoption',
  'projectedHoursSavedPerMonth',
  'realisedHoursSavedPerMonth',
  'controlChange.clusters',
  'controlChange.relativeChange',
  'controlChange.expectedAfterTicketsPerMonth',
  'controlChange.avoidedTicketsPerMonth',
  'waitRemovedHoursPerTicket',
  'uncertainty.smallSample',
] as const;

/** A request type counts as toil on the Impact page from this many tickets on (DESIGN §4: repeated requests). */
export const TOIL_MIN_CLUSTER_TICKETS = 5;

export interface LeadershipTrends {
  from: string;
  to: string;
  timeZone: string;
  requests: MonthlyRequestTrend[];
  /** null when no deployment started in the year. */
  deployments: Array<{ period: string; successful: number; failed: number }> | null;
  /** share = toil ÷ (tickets + runs): the requests that still took a person. */
  toilShare: Array<{ period: string; tickets: number; toil: number; runs: number; share: number | null }>;
}

/** The year up to asOf by calendar month (report zone), zero-filled: the Impact page's trend charts. */
export async function buildLeadershipTrends(
  database: Database,
  query: { config: ToilscopeConfig; asOf: Date },
): Promise<LeadershipTrends> {
  const timeZone = query.config.reportTimeZone;
  const window = { from: new Date(query.asOf.getTime() - 365 * 86_400_000), to: query.asOf };
  const months = monthsOf(window, timeZone);
  const requests = new Map(
    (
      await monthlyRequestTrends(database.sql, {
        ...window,
        timeZone,
        incidentTypes: query.config.incidentTypes,
      })
    ).map((r) => [r.period, r]),
  );
  const deployments = new Map(
    (await monthlyDeployments(database.sql, { ...window, timeZone })).map((r) => [r.period, r]),
  );
  const toil = new Map(
    (
      await monthlyToilShare(database.sql, {
        ...window,
        timeZone,
        minClusterTickets: TOIL_MIN_CLUSTER_TICKETS,
      })
    ).map((r) => [r.period, r]),
  );
  return {
    from: window.from.toISOString(),
    to: window.to.toISOString(),
    timeZone,
    requests: months.map(
      (period) =>
        requests.get(period) ?? {
          period,
          resolved: 0,
          leadTimeP50Hours: null,
          everReopened: 0,
          incidents: 0,
          incidentRestoreP50Hours: null,
        },
    ),
    deployments:
      deployments.size === 0
        ? null
        : months.map((period) => deployments.get(period) ?? { period, successful: 0, failed: 0 }),
    toilShare: months.map((period) => {
      const row = toil.get(period);
      const tickets = row?.tickets ?? 0;
      const toilTickets = row?.toil ?? 0;
      const runs = row?.runs ?? 0;
      const requests = tickets + runs;
      return {
        period,
        tickets,
        toil: toilTickets,
        runs,
        share: requests > 0 ? toilTickets / requests : null,
      };
    }),
  };
}

/** Everything the leadership page and its PDF show: each automation's impact, the year, the next 3 to automate. */
export async function buildLeadershipReport(
  database: Database,
  query: { config: ToilscopeConfig; asOf: Date },
): Promise<{ reports: ImpactReport[]; trends: LeadershipTrends; next: CandidateReportRow[] }> {
  const [reports, trends, candidates] = await Promise.all([
    buildImpactReport(database, query),
    buildLeadershipTrends(database, query),
    candidatesReport(database, { asOf: query.asOf, config: query.config }),
  ]);
  return { reports, trends, next: candidates.slice(0, 3) };
}
