import type { Database } from '../../db/client';
import type { CostModel } from '../config';
import { expandColumns } from '../format/flat-columns';
import {
  type Candidate,
  type CandidateConfidence,
  type CandidateWindow,
  type ClusterFacts,
  rankCandidates,
} from '../toil/candidates';
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
  /** Every cluster with tickets in the window, excluded clusters left out. */
  facts: ClusterFacts[];
}

/** The plain per-cluster inputs of the ranking (the Candidates page re-ranks them in the browser). */
export async function loadCandidateFacts(
  database: Database,
  scope: ClusterReportScope,
): Promise<CandidateFacts> {
  const loaded = await loadClusterSummaries(database, scope);
  const facts = loaded.summaries
    .filter((s) => loaded.clusters.get(s.facts.clusterId)?.excluded !== true)
    .map((s) => s.facts);
  return { window: loaded.window, facts };
}

/** `export candidates`: clusters ranked best first under the cost model in force. */
export async function candidatesReport(
  database: Database,
  query: ClusterReportScope & { costModel: CostModel },
): Promise<CandidateReportRow[]> {
  const { facts } = await loadCandidateFacts(database, query);
  return rankCandidates(facts, query.costModel).map(toCandidateRow);
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
