/** A district's overall status in a week, as the heat grid colours it. */
import type { UnitScore } from './scorecard';
import type { Status } from './types';

/** Score thresholds of the overall status; see overallStatus. */
export const OVERALL_STATUS_THRESHOLDS = { met: 0.95, near: 0.75 } as const;

/**
 * A district's overall status in one week, from the score the league table ranks by: met from
 * 0.95 (every target met, at most a low flag), near from 0.75 (a target or two missed, or a
 * medium flag), otherwise missed; no data when nothing was reported that week.
 */
export function overallStatus(unit: Pick<UnitScore, 'score' | 'rank'>): Status {
  if (unit.rank === null || unit.score === null) return 'no_data';
  if (unit.score >= OVERALL_STATUS_THRESHOLDS.met - 1e-9) return 'met';
  if (unit.score >= OVERALL_STATUS_THRESHOLDS.near - 1e-9) return 'near';
  return 'missed';
}
