import { z } from 'zod';
import { daysBetween, periodDays } from '../../period';
import { countSchema, dateSchema, defineFlagRule } from '../declare';
import { inRampUp } from '../unit';

export const missingReportsEvidence = z.object({
  workingDaysDue: countSchema,
  daysReported: countSchema,
  missingWorkingDays: countSchema,
  lastWindowDate: dateSchema,
  latestOnlineSnapshot: dateSchema.nullable(),
});
export type MissingReportsEvidence = z.infer<typeof missingReportsEvidence>;

/**
 * 未按时报送 — a unit that has reported before sent no window data on 2 or more working days
 * of the period (up to the data cut-off), or has no online snapshot from the last 30 days.
 * A unit in its first weeks of reporting (ramp-up) is not judged. Working days are the
 * official calendar's (oversight/calendar.ts) with the city's own calendar over it: a holiday
 * or a closure is never due, a make-up Saturday is.
 */
export const missingReports = defineFlagRule({
  type: 'missing_reports',
  sources: ['window_daily', 'online_availability'],
  evidence: missingReportsEvidence,
  fields: {
    workingDaysDue: 'count',
    daysReported: 'count',
    missingWorkingDays: 'count',
    lastWindowDate: 'date',
    latestOnlineSnapshot: 'date',
  },
  evaluate(u, config) {
    if (!u.reporting || inRampUp(u, config) || !u.dataCutoff) return null;
    const cutoff = u.dataCutoff;
    const due = periodDays(u.period).filter((d) => d <= cutoff && u.isWorkingDay(d));
    const missingDays = Math.max(due.length - u.components.workingDaysReported, 0);
    const latestSnapshot = u.snapshots.filter((s) => s.asOf <= u.period.end).at(-1)?.asOf ?? null;
    // Age as of the period end, or the data cut-off if that came earlier: a week after the last
    // load is not evidence that every district stopped reporting.
    const asOf = cutoff < u.period.end ? cutoff : u.period.end;
    const snapshotAge = latestSnapshot ? daysBetween(latestSnapshot, asOf) : null;
    const maxAge = config.missingReports.snapshotMaxAgeDays;
    const staleSnapshot = snapshotAge === null || snapshotAge > maxAge;
    const windowMissing = missingDays >= config.missingReports.minMissingWorkingDays;
    if (!windowMissing && !staleSnapshot) return null;
    const which = windowMissing ? (staleSnapshot ? 'both' : 'window') : 'snapshot';
    return {
      severity: missingDays >= config.missingReports.highMissingWorkingDays ? 'high' : 'medium',
      title: { key: `flag.missing_reports.${which}`, values: { days: missingDays, maxAge } },
      evidence: {
        workingDaysDue: due.length,
        daysReported: u.components.workingDaysReported,
        missingWorkingDays: missingDays,
        lastWindowDate: u.reporting.lastDate,
        latestOnlineSnapshot: latestSnapshot,
      },
    };
  },
});
