import { daysBetween, workingDays } from '../../period';
import type { FlagConfig } from '../config';
import type { FlagFinding } from '../types';
import type { UnitPeriod } from '../unit';

/**
 * 未按时报送 — a unit that has reported before sent no window data on 2 or more working days
 * of the period (up to the data cut-off), or has no online snapshot from the last 30 days.
 */
export function flagMissingReports(u: UnitPeriod, config: FlagConfig): FlagFinding | null {
  if (!u.reporting || u.reporting.firstDate >= u.period.start || !u.dataCutoff) return null;
  const due = workingDays(u.period).filter((d) => d <= u.dataCutoff!);
  const missingDays = Math.max(due.length - u.components.workingDaysReported, 0);
  const latestSnapshot = u.snapshots.filter((s) => s.asOf <= u.period.end).at(-1)?.asOf ?? null;
  // Age as of the period end, or the data cut-off if that came earlier: a week after the last
  // load is not evidence that every district stopped reporting.
  const asOf = u.dataCutoff < u.period.end ? u.dataCutoff : u.period.end;
  const snapshotAge = latestSnapshot ? daysBetween(latestSnapshot, asOf) : null;
  const staleSnapshot =
    snapshotAge === null || snapshotAge > config.missingReports.snapshotMaxAgeDays;
  const windowMissing = missingDays >= config.missingReports.minMissingWorkingDays;
  if (!windowMissing && !staleSnapshot) return null;
  const parts = {
    zh: [
      windowMissing ? `${missingDays} 个工作日未报送窗口数据` : '',
      staleSnapshot ? `近 ${config.missingReports.snapshotMaxAgeDays} 天无网办统计` : '',
    ].filter(Boolean),
    en: [
      windowMissing ? `no window data on ${missingDays} working days` : '',
      staleSnapshot ? `no online snapshot in ${config.missingReports.snapshotMaxAgeDays} days` : '',
    ].filter(Boolean),
  };
  return {
    type: 'missing_reports',
    severity: missingDays >= config.missingReports.highMissingWorkingDays ? 'high' : 'medium',
    titleZh: parts.zh.join('；'),
    titleEn: parts.en.join('; ').replace(/^./, (c) => c.toUpperCase()),
    evidence: {
      workingDaysDue: due.length,
      daysReported: u.components.workingDaysReported,
      missingWorkingDays: missingDays,
      lastWindowDate: u.reporting.lastDate,
      latestOnlineSnapshot: latestSnapshot,
    },
  };
}
