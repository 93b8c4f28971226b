/**
 * Flags per week by rule on a loaded city, as the dashboard reads them: the measure of the
 * precision harness, shared by its test (tests/integration/well-run-city.test.ts) and
 * `npm run bench:precision`.
 */
import { loadFlags } from '../../app/weeks/oversight.server';
import type { Db } from '../../db/client';
import { CITY_SCOPE } from '../../db/scope';
import { DEMO_PERIOD } from '../../etl/demo/planted';
import { officialDay } from '../../oversight/calendar';
import { addDays, isoWeekOf, periodDays, weekPeriod } from '../../oversight/period';
import { FLAG_TYPES, type FlagType, type Period } from '../../oversight/types';

/** The complete ISO weeks of the demo period (both demo cities cover it). */
export function demoWeeks(): Period[] {
  const weeks: Period[] = [];
  for (let d: string = DEMO_PERIOD.from; d <= DEMO_PERIOD.to; d = addDays(d, 7)) {
    const week = weekPeriod(isoWeekOf(d));
    if (week.start >= DEMO_PERIOD.from && week.end <= DEMO_PERIOD.to) weeks.push(week);
  }
  return weeks;
}

export interface FlagCounts {
  weeks: Period[];
  byType: Map<FlagType, { total: number; high: number }>;
  perWeek: number[];
  highPerWeek: number[];
  /** Missing-report flags in weeks with an official holiday. */
  missingInHolidayWeeks: number;
  /** flags ÷ weeks */
  meanPerWeek: number;
  high: number;
}

export async function countFlags(db: Db, weeks = demoWeeks()): Promise<FlagCounts> {
  const byType = new Map(FLAG_TYPES.map((t) => [t, { total: 0, high: 0 }]));
  const perWeek: number[] = [];
  const highPerWeek: number[] = [];
  let missingInHolidayWeeks = 0;
  for (const period of weeks) {
    const flags = await loadFlags(db, { scope: CITY_SCOPE, period, department: null });
    const holidayWeek = periodDays(period).some((d) => officialDay(d)?.kind === 'holiday');
    for (const f of flags) {
      const c = byType.get(f.type)!;
      c.total++;
      if (f.severity === 'high') c.high++;
      if (f.type === 'missing_reports' && holidayWeek) missingInHolidayWeeks++;
    }
    perWeek.push(flags.length);
    highPerWeek.push(flags.filter((f) => f.severity === 'high').length);
  }
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  return {
    weeks,
    byType,
    perWeek,
    highPerWeek,
    missingInHolidayWeeks,
    meanPerWeek: sum(perWeek) / weeks.length,
    high: sum(highPerWeek),
  };
}
