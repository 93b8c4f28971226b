export type { TargetRow } from './inputs';
/**
 * The oversight domain's vocabulary. Everything in oversight is pure: these types describe
 * rows that db/queries aggregated, and the rules below turn them into metrics, statuses and
 * flags without any I/O.
 */

/** A reporting period: an ISO week (default), a month, or a custom date range. Dates inclusive. */
export interface Period {
  kind: 'week' | 'month' | 'range';
  /** As written in URLs and the CLI: 2020-W34, 2020-08, 2020-08-01..2020-08-31. */
  label: string;
  /** First day, YYYY-MM-DD. */
  start: string;
  /** Last day, YYYY-MM-DD (inclusive). */
  end: string;
}

export const METRICS = [
  'online_rate',
  'ticket_utilization',
  'demand_coverage',
  'completion_rate',
  'out_of_queue_rate',
  'avg_wait_minutes',
  'satisfaction_rate',
  'complaint_resolution_rate',
  'supervision_coverage',
] as const;
export type MetricName = (typeof METRICS)[number];

export type Direction = 'higher_is_better' | 'lower_is_better';
export type Status = 'met' | 'near' | 'missed' | 'no_data';

/** One row of the targets table; '' means "all" for district and department. */

export interface ResolvedTarget {
  value: number;
  /** Where it came from: a targets row (its specificity), or the built-in default. */
  source: 'district_department' | 'district' | 'department' | 'all' | 'default';
  effectiveFrom: string | null;
}

export interface MetricResult {
  metric: MetricName;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  /** null: no targets row and no default (avg_wait_minutes unless a row sets one). */
  target: ResolvedTarget | null;
  direction: Direction;
  status: Status;
}

export const FLAG_TYPES = [
  'delegated_without_supervision',
  'ticket_throttling',
  'online_target_missed',
  'complaint_surge',
  'complaints_unresolved',
  'out_of_queue_handling',
  'missing_reports',
] as const;
export type FlagType = (typeof FLAG_TYPES)[number];
export type Severity = 'high' | 'medium' | 'low';
