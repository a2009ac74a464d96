export * from './calendar';
export {
  type DeploymentMetrics,
  doraDeploymentMetrics,
  doraRequestMetrics,
  type RateOf,
  type RequestMetrics,
  type RequestMetricsOptions,
  type RequestRow,
} from './dora';
export {
  flowEfficiencyMeanOfRatios,
  flowEfficiencyPooled,
  type TicketFlow,
  type TicketFlowInput,
  ticketFlow,
} from './flow';
export { buildIntervals } from './intervals';
export {
  type KaplanMeierResult,
  kaplanMeier,
  kaplanMeierFromGroups,
  leadTimeObservation,
  type SurvivalGroup,
  type SurvivalObservation,
  type SurvivalPercentile,
  type SurvivalStep,
  survivalPercentile,
} from './kaplan-meier';
export {
  type Distribution,
  distribution,
  isSmallSample,
  MIN_SAMPLE_FOR_PERCENTILES,
  type PercentileMethod,
  percentile,
  percentileOfSorted,
} from './percentiles';
export * from './slo';
export {
  type AgingWipItem,
  agingWip,
  type CivilDate,
  type LittlesLawCheck,
  littlesLawCheck,
  localDate,
  type Period,
  type PeriodCount,
  periodOf,
  type TimeWindow,
  throughput,
  wipAt,
} from './throughput';
