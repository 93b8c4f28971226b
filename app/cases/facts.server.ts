/**
 * The facts the case rules (oversight/cases.ts) are asked with: the configured defaults, the
 * readers' calendar day, a district's working days, and a unit's weeks of data after a day —
 * shared by the loop (cases.server.ts) and the weekly ledger (ledger.server.ts).
 */
import type { Executor } from '../../db/client';
import { env } from '../../db/env';
import { getCalendarDays } from '../../db/queries/calendar';
import type { CaseRow } from '../../db/queries/cases';
import { CITY_SCOPE, districtScope } from '../../db/scope';
import { districtWorkingDays } from '../../oversight/calendar';
import { DEFAULT_CASE_CONFIG, type CaseConfig, type CaseWeek } from '../../oversight/cases';
import { addDays, isoWeekOf, latestCompleteWeek, weekPeriod } from '../../oversight/period';
import type { Period } from '../../oversight/types';
import { defaultWeek } from '../weeks/oversight.server';
import { readWeeks } from '../weeks/read-weeks.server';

export function caseConfig(): CaseConfig {
  const e = env();
  return {
    ...DEFAULT_CASE_CONFIG,
    workingDays: { immediate: e.CASE_IMMEDIATE_DAYS, deadline: e.CASE_DEADLINE_DAYS },
    verifyWeeks: e.CASE_VERIFY_WEEKS,
    reopenWeeks: e.CASE_REOPEN_WEEKS,
    autoOpenWeeks: e.CASE_AUTO_OPEN_WEEKS === 'off' ? null : e.CASE_AUTO_OPEN_WEEKS,
  };
}

/** The calendar date at `now` on the readers' clock (REPORT_TIMEZONE, Beijing time). */
export function todayOf(now: number): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: env().REPORT_TIMEZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}

/** Long enough for any deadline: 120 working days fit in a year with its holidays. */
const CALENDAR_SPAN_DAYS = 400;

/**
 * A district's working days from `from` on, far enough for any deadline: the official
 * calendar, then the city's own rows over it.
 */
export async function workingDaysFrom(db: Executor, districtCode: string, from: string) {
  const to = addDays(from, CALENDAR_SPAN_DAYS);
  const loaded = await getCalendarDays(db, { scope: districtScope([districtCode]), from, to });
  return districtWorkingDays(loaded, districtCode);
}

/**
 * The latest complete week of data as of `today`: the data's own, or — for a day before the
 * data ends, as when the demo replays 2020 — the last week that had ended by then.
 */
export async function latestWeekAsOf(db: Executor, today: string): Promise<Period | null> {
  const latest = await defaultWeek(db, CITY_SCOPE);
  if (!latest) return null;
  const ended = latestCompleteWeek(today);
  return ended.start < latest.start ? ended : latest;
}

/**
 * The unit's complete weeks after `after` (a date) up to `today`, each with whether it
 * reported and which flags it had: what verification and 回头看 judge. At most a year.
 */
export async function caseWeeks(
  db: Executor,
  c: Pick<CaseRow, 'districtCode' | 'department'>,
  after: string,
  today: string,
): Promise<CaseWeek[]> {
  const latest = await latestWeekAsOf(db, today);
  if (!latest) return [];
  const weeks: Period[] = [];
  const first = weekPeriod(isoWeekOf(addDays(after, 7))).start;
  for (let start = first; start <= latest.start && weeks.length < 53; start = addDays(start, 7)) {
    weeks.push(weekPeriod(isoWeekOf(start)));
  }
  if (weeks.length === 0) return [];
  const read = await readWeeks(db, {
    scope: districtScope([c.districtCode]),
    weeks,
    department: c.department,
  });
  const ofUnit = (r: { districtCode: string; department: string }) =>
    r.districtCode === c.districtCode && r.department === c.department;
  return read.weeks.map((w) => ({
    week: w.period.label,
    complete: true,
    reported: w.aggregates.some((a) => ofUnit(a) && a.daysReported > 0),
    flagTypes: [...new Set(w.marks.filter(ofUnit).map((m) => m.type))],
  }));
}
