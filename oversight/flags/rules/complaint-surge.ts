import type { FlagConfig } from '../config';
import { round1, type FlagFinding } from '../types';
import type { UnitPeriod } from '../unit';

/** 投诉激增 — complaints in the period at least twice the mean of the previous 4, and at least 5. */
export function flagComplaintSurge(u: UnitPeriod, config: FlagConfig): FlagFinding | null {
  const count = u.components.complaints;
  const previous = u.previousComplaints;
  if (count < config.surge.minCount || previous.length < config.surge.previousPeriods) return null;
  const mean = previous.reduce((s, n) => s + n, 0) / previous.length;
  if (count < config.surge.factor * mean) return null;
  const times = mean > 0 ? round1(count / mean) : null;
  return {
    type: 'complaint_surge',
    severity:
      count >= config.surge.highFactor * mean && count >= config.surge.highMinCount
        ? 'high'
        : 'medium',
    titleZh: `投诉 ${count} 件，前 ${previous.length} 期平均 ${round1(mean)} 件${times ? `（${times} 倍）` : ''}`,
    titleEn: `${count} complaints against an average of ${round1(mean)} in the previous ${previous.length} periods${times ? ` (${times}×)` : ''}`,
    evidence: {
      complaints: count,
      previousPeriods: previous,
      previousMean: round1(mean),
      factor: times,
      byCategory: u.components.complaintsByCategory,
    },
  };
}
