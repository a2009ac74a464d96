import type { Database } from '../../db/client';
import type { ToilscopeConfig } from '../config';
import { expandColumns } from '../format/flat-columns';
import {
  type Candidate,
  type CandidateConfidence,
  type CandidateWindow,
  type ClusterFacts,
  rankCandidates,
} from '../toil/candidates';
import { automatedClusterIds } from './automations';
import { type ClusterReportScope, loadClusterSummaries } from './cluster-summaries';

/** One row of `export candidates`: the CONTRACT fields first, then the figures behind them. */
export type CandidateReportRow = Pick<
  Candidate,
  | 'rank'
  | 'clusterId'
  | 'label'
  | 'tickets'
  | 'ticketsPerMonth'
  | 'requesterWaitHoursPerMonth'
  | 'handlingHoursPerMonth'
  | 'monthlyCost'
  | 'buildCost'
  | 'paybackMonths'
  | 'repetitiveness'
  | 'score'
  | 'confidence'
  | 'why'
  | 'template'
  | 'resolved'
  | 'waitHoursPerTicket'
  | 'handlingHoursPerTicket'
  | 'handlingBasis'
  | 'trendPerMonth'
  | 'topTemplateShare'
  | 'topPathShare'
  | 'routineShare'
  | 'pathEntropyBits'
  | 'distinctAssignees'
  | 'sloMisses'
>;

export const CANDIDATE_REPORT_COLUMNS = [
  'rank',
  'clusterId',
  'label',
  'tickets',
  'ticketsPerMonth',
  'requesterWaitHoursPerMonth',
  'handlingHoursPerMonth',
  'monthlyCost',
  'buildCost',
  'paybackMonths',
  'repetitiveness',
  'score',
  'confidence',
  'why',
  'template',
  'resolved',
  'waitHoursPerTicket',
  'handlingHoursPerTicket',
  'handlingBasis',
  'trendPerMonth',
  'topTemplateShare',
  'topPathShare',
  'routineShare',
  'pathEntropyBits',
  'distinctAssignees',
  'sloMisses',
] as const satisfies ReadonlyArray<keyof CandidateReportRow>;

export function toCandidateRow(c: Candidate): CandidateReportRow {
  return Object.fromEntries(CANDIDATE_REPORT_COLUMNS.map((k) => [k, c[k]])) as CandidateReportRow;
}

export interface CandidateFacts {
  window: CandidateWindow | null;
  /** Every cluster with tickets in the window, excluded clusters and those an automation replaces left out. */
  facts: ClusterFacts[];
}

/**
 * The plain per-cluster inputs of the ranking (the Candidates page re-ranks them in the browser). A
 * request type an automation already replaces is no longer a candidate: the one place that rule lives
 * for `export candidates`, the API, the Candidates page and the Impact page's next 3.
 */
export async function loadCandidateFacts(
  database: Database,
  scope: ClusterReportScope,
  config: Pick<ToilscopeConfig, 'automations' | 'reportTimeZone'>,
): Promise<CandidateFacts> {
  const [loaded, automated] = await Promise.all([
    loadClusterSummaries(database, scope),
    automatedClusterIds(database, config),
  ]);
  const facts = loaded.summaries
    .filter(
      (s) => loaded.clusters.get(s.facts.clusterId)?.excluded !== true && !automated.has(s.facts.clusterId),
    )
    .map((s) => s.facts);
  return { window: loaded.window, facts };
}

/** `export candidates`: clusters ranked best first under the cost model in force. */
export async function candidatesReport(
  database: Database,
  query: ClusterReportScope & {
    config: Pick<ToilscopeConfig, 'costModel' | 'automations' | 'reportTimeZone'>;
  },
): Promise<CandidateReportRow[]> {
  const { facts } = await loadCandidateFacts(database, query, query.config);
  return rankCandidates(facts, query.config.costModel).map(toCandidateRow);
}

export const CANDIDATE_CSV_COLUMNS = expandColumns(CANDIDATE_REPORT_COLUMNS, {
  confidence: [
    'level',
    'method',
    'monthlyCostLow',
    'monthlyCostHigh',
    'paybackMonthsLow',
    'paybackMonthsHigh',
    'scoreLow',
    'scoreHigh',
  ] satisfies ReadonlyArray<keyof CandidateConfidence>,
});
