import type { FlagConfig } from '../config';
import { pct, type FlagFinding } from '../types';
import type { UnitPeriod } from '../unit';

/**
 * 答复未解决 — at least 5 complaints were closed in the period and at least half of them were
 * answered but not resolved.
 */
export function flagComplaintsUnresolved(u: UnitPeriod, config: FlagConfig): FlagFinding | null {
  const closed = u.closed;
  if (!closed || closed.closed < config.unresolved.minClosed) return null;
  const share = closed.responded / closed.closed;
  if (share < config.unresolved.minShare) return null;
  return {
    type: 'complaints_unresolved',
    severity:
      share >= config.unresolved.highShare && closed.closed >= config.unresolved.highMinClosed
        ? 'high'
        : 'medium',
    titleZh: `本期办结投诉 ${closed.closed} 件，其中 ${closed.responded} 件"答复即办结"未解决（${pct(share)}）`,
    titleEn: `${closed.responded} of ${closed.closed} complaints closed this period were answered but not resolved (${pct(share)})`,
    evidence: {
      closed: closed.closed,
      answeredUnresolved: closed.responded,
      share,
      byCategory: closed.byCategory,
    },
  };
}
