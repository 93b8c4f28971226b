import { addDays } from '../../period';
import type { Severity } from '../../types';
import type { FlagConfig } from '../config';
import { forecastOnline } from '../../forecast';
import { pct, type FlagFinding } from '../types';
import type { UnitPeriod } from '../unit';

/**
 * 网办未达标 — the share of eligible items that can be handled online, in the latest snapshot,
 * is below target; stalled when unchanged for 4 weeks.
 */
export function flagOnlineTargetMissed(u: UnitPeriod, config: FlagConfig): FlagFinding | null {
  const target = u.target('online_rate');
  const snapshots = u.snapshots.filter((s) => s.asOf <= u.period.end);
  const latest = snapshots[snapshots.length - 1];
  if (target === null || !latest) return null;
  const eligible = latest.itemsTotal - latest.itemsExempt;
  if (eligible <= 0) return null;
  const rate = latest.itemsOnline / eligible;
  if (rate >= target - 1e-9) return null;
  const stalledSince = addDays(latest.asOf, -7 * config.online.stalledWeeks);
  const earlier = snapshots.filter((s) => s.asOf <= stalledSince);
  const reference = earlier[earlier.length - 1];
  const stalled = reference !== undefined && reference.itemsOnline === latest.itemsOnline;
  const needed = Math.ceil(target * eligible - 1e-9);
  const forecast = forecastOnline(snapshots, needed, latest.asOf, config.online.paceWeeks);
  const severity: Severity =
    stalled || target - rate >= config.online.highGap
      ? 'high'
      : target - rate >= config.online.mediumGap
        ? 'medium'
        : 'low';
  const forecastZh = forecast.reachedBy
    ? `按当前进度预计 ${forecast.reachedBy} 达标`
    : '按当前进度无法达标';
  const forecastEn = forecast.reachedBy
    ? `at this pace the target is reached by ${forecast.reachedBy}`
    : 'not reached at this pace';
  return {
    type: 'online_target_missed',
    severity,
    titleZh: `网上可办 ${latest.itemsOnline} / ${eligible}（${pct(rate)}），目标 ${pct(target)}${stalled ? `，已 ${config.online.stalledWeeks} 周无进展` : ''}；${forecastZh}`,
    titleEn: `${latest.itemsOnline} / ${eligible} items online (${pct(rate)}) against ${pct(target)}${stalled ? `, stalled for ${config.online.stalledWeeks} weeks` : ''}; ${forecastEn}`,
    evidence: {
      asOf: latest.asOf,
      itemsOnline: latest.itemsOnline,
      itemsTotal: latest.itemsTotal,
      itemsExempt: latest.itemsExempt,
      eligible,
      rate,
      target,
      itemsNeeded: needed,
      stalled,
      stalledSince: stalled ? reference!.asOf : null,
      pacePerWeek: forecast.perWeek,
      forecastReachedBy: forecast.reachedBy,
    },
  };
}
