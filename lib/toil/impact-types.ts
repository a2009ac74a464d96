// The shape of one automation's impact figures: what `export impact`, GET /api/v1/impact, the Impact page,
// its PDF and CSV all read. The CONTRACT fields come first; the rest are the figures behind them.
import type { Distribution } from '../metrics/percentiles';

/** Figures of one half-open window [from, to) over ticket creation, for the automation's clusters. */
export interface ImpactWindowFigures {
  from: string;
  to: string;
  /** Window length in months of 365.25/12 days. */
  months: number;
  tickets: number;
  ticketsPerMonth: number;
  /** Calendar months (report zone) overlapping the window, zero-filled: tickets created and successful runs. */
  volumeByMonth: Array<{ period: string; tickets: number; runs: number }>;
  leadTimeHours: Distribution;
  queueHours: Distribution;
  /** Per SLO policy: met ÷ (completed + ongoing breached) over cycles that started in the window. */
  sloAttainment: Array<{ policy: string; cycles: number; attainment: number | null }>;
  /** Mean requester wait (queue + waiting) and team handling hours per resolved ticket; null when none. */
  requesterWaitHoursPerTicket: number | null;
  handlingHoursPerTicket: number | null;
}

/** The untouched clusters over the same windows: the difference-in-differences baseline. */
export interface ImpactControl {
  clusters: number;
  beforeTicketsPerMonth: number;
  afterTicketsPerMonth: number;
  /** after ÷ before − 1; null when the control had no tickets before. */
  relativeChange: number | null;
  /** Treated before × (1 + relativeChange): the after-volume expected without the automation. */
  expectedAfterTicketsPerMonth: number | null;
  /** expectedAfter − actual after (DiD); the naive estimate is before − after. */
  avoidedTicketsPerMonth: number | null;
}

export interface ImpactReport {
  name: string;
  clusters: string[];
  launchedAt: string;
  before: ImpactWindowFigures;
  after: ImpactWindowFigures;
  /** Tickets of the replaced clusters created in the after window. */
  residualTickets: number;
  /** Successful self-service runs in the after window. */
  selfServiceRuns: number;
  /** selfServiceRuns ÷ (selfServiceRuns + residualTickets); null when both are 0. */
  adoption: number | null;
  projectedHoursSavedPerMonth: number | null;
  realisedHoursSavedPerMonth: number | null;
  controlChange: ImpactControl;
  /** Who still files tickets after launch, most first. */
  residualRequesters: Array<{ requester: string; tickets: number }>;
  /** Failed or other-outcome runs in the after window, for context. */
  unsuccessfulRuns: number;
  buildCostHours: number | null;
  /** Requester wait removed per ticket: before − after mean wait hours; null when either is unknown. */
  waitRemovedHoursPerTicket: number | null;
  /** Small samples: a sentence, and a Poisson-based range of the avoided tickets per month. */
  uncertainty: {
    smallSample: boolean;
    note: string;
    avoidedTicketsPerMonthRange: [number, number] | null;
  };
}
