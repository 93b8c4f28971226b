import type { FlagConfig } from '../config';
import { pct, type FlagFinding } from '../types';
import type { UnitPeriod } from '../unit';
import { isThrottledDay } from './ticket-throttling';

/**
 * 未取号办理 — cases were handled without a queue ticket above the target rate (0 by default);
 * high when they happened on days tickets were withheld.
 */
export function flagOutOfQueueHandling(u: UnitPeriod, config: FlagConfig): FlagFinding | null {
  const target = u.target('out_of_queue_rate') ?? 0;
  const { casesOutOfQueue, casesCompleted } = u.components;
  if (casesOutOfQueue === 0 || casesCompleted === 0) return null;
  const rate = casesOutOfQueue / casesCompleted;
  if (rate <= target + 1e-9) return null;
  const days = u.days.filter((d) => d.casesOutOfQueue > 0);
  const onThrottled = days.filter((d) => isThrottledDay(d, config));
  const onThrottledCases = onThrottled.reduce((s, d) => s + d.casesOutOfQueue, 0);
  return {
    type: 'out_of_queue_handling',
    severity:
      onThrottledCases > 0
        ? 'high'
        : rate > target + config.outOfQueue.mediumMargin
          ? 'medium'
          : 'low',
    titleZh: `未取号办理 ${casesOutOfQueue} 件（占办结 ${pct(rate)}）${onThrottledCases ? `，其中 ${onThrottledCases} 件发生在限号日` : ''}`,
    titleEn: `${casesOutOfQueue} cases handled out of queue (${pct(rate)} of completed)${onThrottledCases ? `, ${onThrottledCases} on days tickets were withheld` : ''}`,
    evidence: {
      casesOutOfQueue,
      casesCompleted,
      rate,
      target,
      onThrottledDays: onThrottledCases,
      days: days.map((d) => ({
        date: d.date,
        casesOutOfQueue: d.casesOutOfQueue,
        casesCompleted: d.casesCompleted,
        throttled: isThrottledDay(d, config),
      })),
    },
  };
}
