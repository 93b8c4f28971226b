/**
 * Targets and statuses: which target applies to a district's metric, and whether the district
 * met it. Rates are fractions (0.967), as everywhere in the product.
 */
import type { Direction, MetricName, ResolvedTarget, Status, TargetRow } from './types';

/** The built-in target per metric, used until a row of the targets table sets one. */
export const DEFAULT_TARGETS: Record<MetricName, number | null> = {
  // 96.7% of items online: the target Harbin set and missed in 2020 (54 / 75 = 72.0%).
  online_rate: 0.967,
  // Default in the product until a targets row sets one.
  ticket_utilization: 0.9,
  // Default in the product until a targets row sets one.
  demand_coverage: 0.95,
  // Default in the product until a targets row sets one.
  completion_rate: 0.95,
  // Default in the product until a targets row sets one: no case should bypass the queue.
  out_of_queue_rate: 0,
  // No default: an acceptable wait depends on the centre; set one with a targets row.
  avg_wait_minutes: null,
  // Default in the product until a targets row sets one.
  satisfaction_rate: 0.95,
  // Default in the product until a targets row sets one.
  complaint_resolution_rate: 0.9,
  // Default in the product until a targets row sets one: every delegated power is followed up.
  supervision_coverage: 1.0,
};

/** Whether a bigger value of the metric is better or worse. */
export const METRIC_DIRECTION: Record<MetricName, Direction> = {
  online_rate: 'higher_is_better',
  ticket_utilization: 'higher_is_better',
  demand_coverage: 'higher_is_better',
  completion_rate: 'higher_is_better',
  out_of_queue_rate: 'lower_is_better',
  avg_wait_minutes: 'lower_is_better',
  satisfaction_rate: 'higher_is_better',
  complaint_resolution_rate: 'higher_is_better',
  supervision_coverage: 'higher_is_better',
};

/** The near band: within 5% of the target (the default). */
export const DEFAULT_TOLERANCE = 0.05;

/**
 * Absolute slack when comparing with a target, so floating-point noise never decides a status
 * (a target written as 96.7% and a rate of exactly 0.967 compare as equal).
 */
const EPSILON = 1e-9;

type RowSource = Exclude<ResolvedTarget['source'], 'default'>;

/** Higher is more specific. */
const SPECIFICITY: Record<RowSource, number> = {
  district_department: 3,
  district: 2,
  department: 1,
  all: 0,
};

/**
 * The target that applies to one district's (or the city's) metric for one department on a
 * date: the most specific targets row wins (district + department, then district, then
 * department, then all — '' in a row means "all"), and among equally specific rows the one with
 * the latest effective date on or before `asOf`; with no such row, the built-in default; null
 * when there is neither.
 *
 * `department` '' asks for all departments combined, so only rows for all departments apply;
 * likewise `districtCode` '' (the city as a whole) takes only rows for all districts.
 * Dates are YYYY-MM-DD strings and compare as text.
 */
export function resolveTarget(
  rows: readonly TargetRow[],
  metric: MetricName,
  districtCode: string,
  department: string,
  asOf: string,
): ResolvedTarget | null {
  let best: { row: TargetRow; source: RowSource } | null = null;
  for (const row of rows) {
    if (row.metric !== metric || row.effectiveFrom > asOf) continue;
    if (row.districtCode !== '' && row.districtCode !== districtCode) continue;
    if (row.department !== '' && row.department !== department) continue;
    const source = sourceOf(row);
    if (
      best === null ||
      SPECIFICITY[source] > SPECIFICITY[best.source] ||
      (SPECIFICITY[source] === SPECIFICITY[best.source] &&
        row.effectiveFrom > best.row.effectiveFrom)
    ) {
      best = { row, source };
    }
  }
  if (best) {
    return { value: best.row.target, source: best.source, effectiveFrom: best.row.effectiveFrom };
  }
  const fallback = DEFAULT_TARGETS[metric];
  return fallback === null ? null : { value: fallback, source: 'default', effectiveFrom: null };
}

function sourceOf(row: TargetRow): RowSource {
  if (row.districtCode !== '') return row.department !== '' ? 'district_department' : 'district';
  return row.department !== '' ? 'department' : 'all';
}

/**
 * Whether a value met its target: "met" when it is at least the target (at most, for a metric
 * where lower is better), "near" when it misses by no more than `tolerance` of the target
 * (default 5%), otherwise "missed"; "no data" when there is no value, or no target to compare it
 * with (avg_wait_minutes until a targets row sets one).
 *
 * The band is a share of the target, so a lower-is-better target of 0 has no near band: any
 * value above 0 is missed (one out-of-queue case is one too many). Comparisons allow 1e-9 of
 * floating-point slack. A NaN value is a bug upstream (a metric must return null, not 0 / 0),
 * so it throws rather than showing as "missed".
 */
export function statusOf(
  value: number | null,
  target: number | null,
  direction: Direction,
  tolerance: number = DEFAULT_TOLERANCE,
): Status {
  if (value === null || target === null) return 'no_data';
  if (Number.isNaN(value) || Number.isNaN(target)) {
    throw new RangeError(`statusOf: value ${value} vs target ${target} is not a number`);
  }
  if (!(tolerance >= 0)) throw new RangeError(`statusOf: tolerance must be ≥ 0, got ${tolerance}`);
  const band = Math.abs(target) * tolerance;
  if (direction === 'higher_is_better') {
    if (value >= target - EPSILON) return 'met';
    if (value >= target - band - EPSILON) return 'near';
    return 'missed';
  }
  if (value <= target + EPSILON) return 'met';
  if (value <= target + band + EPSILON) return 'near';
  return 'missed';
}
