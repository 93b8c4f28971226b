/**
 * The official working-day calendar: China's public holidays and the make-up working days
 * (调休上班) that go with them, as the State Council's General Office announces them each year
 * (国务院办公厅关于 YYYY 年部分节假日安排的通知). A day is a working day when it is Monday to
 * Friday and not a holiday, or when it is a make-up working day (a Saturday or Sunday).
 *
 * Bundled: 2019–2026, the notices published so far (2020's Spring Festival as extended by
 * 国办发明电〔2020〕1号 to 2 February, its 1 February make-up day cancelled). Years after the
 * last bundled one fall back to Monday–Friday until their notice is added here.
 */
import type { LoadedCalendarDay } from './inputs';
import { addDays, isoWeekday } from './period';

export type CalendarDayKind = 'holiday' | 'workday';

export interface CalendarDay {
  date: string;
  kind: CalendarDayKind;
  /** The holiday it belongs to, e.g. 国庆节 (a make-up day carries the holiday it pays for). */
  name: string;
}

interface Notice {
  name: string;
  /** First and last day off, inclusive. */
  off: readonly [string, string];
  /** Saturdays and Sundays worked instead. */
  workdays?: readonly string[];
}

/** Each year's notice, holiday by holiday. */
const NOTICES: Readonly<Record<number, readonly Notice[]>> = {
  2019: [
    { name: '元旦', off: ['2018-12-30', '2019-01-01'], workdays: ['2018-12-29'] },
    { name: '春节', off: ['2019-02-04', '2019-02-10'], workdays: ['2019-02-02', '2019-02-03'] },
    { name: '清明节', off: ['2019-04-05', '2019-04-07'] },
    { name: '劳动节', off: ['2019-05-01', '2019-05-04'], workdays: ['2019-04-28', '2019-05-05'] },
    { name: '端午节', off: ['2019-06-07', '2019-06-09'] },
    { name: '中秋节', off: ['2019-09-13', '2019-09-15'] },
    { name: '国庆节', off: ['2019-10-01', '2019-10-07'], workdays: ['2019-09-29', '2019-10-12'] },
  ],
  2020: [
    { name: '元旦', off: ['2020-01-01', '2020-01-01'] },
    { name: '春节', off: ['2020-01-24', '2020-02-02'], workdays: ['2020-01-19'] },
    { name: '清明节', off: ['2020-04-04', '2020-04-06'] },
    { name: '劳动节', off: ['2020-05-01', '2020-05-05'], workdays: ['2020-04-26', '2020-05-09'] },
    { name: '端午节', off: ['2020-06-25', '2020-06-27'], workdays: ['2020-06-28'] },
    { name: '国庆节', off: ['2020-10-01', '2020-10-08'], workdays: ['2020-09-27', '2020-10-10'] },
  ],
  2021: [
    { name: '元旦', off: ['2021-01-01', '2021-01-03'] },
    { name: '春节', off: ['2021-02-11', '2021-02-17'], workdays: ['2021-02-07', '2021-02-20'] },
    { name: '清明节', off: ['2021-04-03', '2021-04-05'] },
    { name: '劳动节', off: ['2021-05-01', '2021-05-05'], workdays: ['2021-04-25', '2021-05-08'] },
    { name: '端午节', off: ['2021-06-12', '2021-06-14'] },
    { name: '中秋节', off: ['2021-09-19', '2021-09-21'], workdays: ['2021-09-18'] },
    { name: '国庆节', off: ['2021-10-01', '2021-10-07'], workdays: ['2021-09-26', '2021-10-09'] },
  ],
  2022: [
    { name: '元旦', off: ['2022-01-01', '2022-01-03'] },
    { name: '春节', off: ['2022-01-31', '2022-02-06'], workdays: ['2022-01-29', '2022-01-30'] },
    { name: '清明节', off: ['2022-04-03', '2022-04-05'], workdays: ['2022-04-02'] },
    { name: '劳动节', off: ['2022-04-30', '2022-05-04'], workdays: ['2022-04-24', '2022-05-07'] },
    { name: '端午节', off: ['2022-06-03', '2022-06-05'] },
    { name: '中秋节', off: ['2022-09-10', '2022-09-12'] },
    { name: '国庆节', off: ['2022-10-01', '2022-10-07'], workdays: ['2022-10-08', '2022-10-09'] },
  ],
  2023: [
    { name: '元旦', off: ['2022-12-31', '2023-01-02'] },
    { name: '春节', off: ['2023-01-21', '2023-01-27'], workdays: ['2023-01-28', '2023-01-29'] },
    { name: '清明节', off: ['2023-04-05', '2023-04-05'] },
    { name: '劳动节', off: ['2023-04-29', '2023-05-03'], workdays: ['2023-04-23', '2023-05-06'] },
    { name: '端午节', off: ['2023-06-22', '2023-06-24'], workdays: ['2023-06-25'] },
    { name: '国庆节', off: ['2023-09-29', '2023-10-06'], workdays: ['2023-10-07', '2023-10-08'] },
  ],
  2024: [
    { name: '元旦', off: ['2024-01-01', '2024-01-01'] },
    { name: '春节', off: ['2024-02-10', '2024-02-17'], workdays: ['2024-02-04', '2024-02-18'] },
    { name: '清明节', off: ['2024-04-04', '2024-04-06'], workdays: ['2024-04-07'] },
    { name: '劳动节', off: ['2024-05-01', '2024-05-05'], workdays: ['2024-04-28', '2024-05-11'] },
    { name: '端午节', off: ['2024-06-08', '2024-06-10'] },
    { name: '中秋节', off: ['2024-09-15', '2024-09-17'], workdays: ['2024-09-14'] },
    { name: '国庆节', off: ['2024-10-01', '2024-10-07'], workdays: ['2024-09-29', '2024-10-12'] },
  ],
  2025: [
    { name: '元旦', off: ['2025-01-01', '2025-01-01'] },
    { name: '春节', off: ['2025-01-28', '2025-02-04'], workdays: ['2025-01-26', '2025-02-08'] },
    { name: '清明节', off: ['2025-04-04', '2025-04-06'] },
    { name: '劳动节', off: ['2025-05-01', '2025-05-05'], workdays: ['2025-04-27'] },
    { name: '端午节', off: ['2025-05-31', '2025-06-02'] },
    { name: '国庆节', off: ['2025-10-01', '2025-10-08'], workdays: ['2025-09-28', '2025-10-11'] },
  ],
  2026: [
    { name: '元旦', off: ['2026-01-01', '2026-01-03'], workdays: ['2026-01-04'] },
    { name: '春节', off: ['2026-02-15', '2026-02-23'], workdays: ['2026-02-14', '2026-02-28'] },
    { name: '清明节', off: ['2026-04-04', '2026-04-06'] },
    { name: '劳动节', off: ['2026-05-01', '2026-05-05'], workdays: ['2026-05-09'] },
    { name: '端午节', off: ['2026-06-19', '2026-06-21'] },
    { name: '中秋节', off: ['2026-09-25', '2026-09-27'] },
    { name: '国庆节', off: ['2026-10-01', '2026-10-07'], workdays: ['2026-09-20', '2026-10-10'] },
  ],
};

/** The years whose notice is bundled. */
export const OFFICIAL_CALENDAR_YEARS: readonly number[] = Object.keys(NOTICES).map(Number);

/** Every bundled holiday and make-up working day, oldest first. */
export const OFFICIAL_CALENDAR: readonly CalendarDay[] = Object.values(NOTICES)
  .flat()
  .flatMap((n) => {
    const days: CalendarDay[] = [];
    for (let d = n.off[0]; d <= n.off[1]; d = addDays(d, 1)) {
      days.push({ date: d, kind: 'holiday', name: n.name });
    }
    for (const d of n.workdays ?? []) days.push({ date: d, kind: 'workday', name: n.name });
    return days;
  })
  .sort((a, b) => a.date.localeCompare(b.date));

const BY_DATE: ReadonlyMap<string, CalendarDay> = new Map(
  OFFICIAL_CALENDAR.map((d) => [d.date, d]),
);

/** The holiday or make-up day a date is, if the bundled notices name it. */
export const officialDay = (date: string): CalendarDay | undefined => BY_DATE.get(date);

/** Whether a date is a working day by the official calendar (Monday–Friday where no notice says otherwise). */
export function isOfficialWorkingDay(date: string): boolean {
  const day = BY_DATE.get(date);
  if (day) return day.kind === 'workday';
  return isoWeekday(date) <= 5;
}

/** The official working days of a period, in order. */
export function officialWorkingDays(p: { start: string; end: string }): string[] {
  const days: string[] = [];
  for (let d = p.start; d <= p.end; d = addDays(d, 1)) if (isOfficialWorkingDay(d)) days.push(d);
  return days;
}

/**
 * The days between start and end (inclusive) on which the official calendar departs from
 * Monday–Friday: weekday holidays and weekend make-up working days, for SQL that counts working
 * days (db/queries/scorecard.ts) to agree with the rules here.
 */
export function calendarExceptions(
  start: string,
  end: string,
): { holidays: string[]; workdays: string[] } {
  const inSpan = OFFICIAL_CALENDAR.filter((d) => d.date >= start && d.date <= end);
  return {
    holidays: inSpan
      .filter((d) => d.kind === 'holiday' && isoWeekday(d.date) <= 5)
      .map((d) => d.date),
    workdays: inSpan.filter((d) => d.kind === 'workday').map((d) => d.date),
  };
}

/**
 * A district's working days: the official calendar, overridden by the city's own calendar
 * rows for the whole city, overridden in turn by the district's own (a snow day, a centre not
 * yet open, a make-up day of a year not bundled yet).
 */
export function districtWorkingDays(
  loaded: readonly LoadedCalendarDay[],
  districtCode: string,
): (date: string) => boolean {
  const own = new Map<string, boolean>();
  const city = new Map<string, boolean>();
  for (const d of loaded) {
    if (d.districtCode === districtCode) own.set(d.date, d.dayKind === 'workday');
    else if (d.districtCode === '') city.set(d.date, d.dayKind === 'workday');
  }
  if (own.size === 0 && city.size === 0) return isOfficialWorkingDay;
  return (date) => own.get(date) ?? city.get(date) ?? isOfficialWorkingDay(date);
}

/** A day the calendar marks for a district: off on a weekday, or worked on a weekend. */
export interface MarkedDay {
  date: string;
  kind: CalendarDayKind;
  name: string;
}

/**
 * The days from `from` to `to` on which a district's calendar departs from Monday–Friday —
 * holidays and closures on weekdays, make-up and special working days on weekends — for the
 * charts to mark.
 */
export function markedDays(
  from: string,
  to: string,
  loaded: readonly LoadedCalendarDay[],
  districtCode: string,
): MarkedDay[] {
  const isWorking = districtWorkingDays(loaded, districtCode);
  const reasons = new Map<string, string>();
  for (const d of loaded) {
    if (d.districtCode === '' && !reasons.has(d.date)) reasons.set(d.date, d.reason ?? '');
    if (d.districtCode === districtCode) reasons.set(d.date, d.reason ?? '');
  }
  const marked: MarkedDay[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) {
    const working = isWorking(d);
    if (working === isoWeekday(d) <= 5) continue;
    const name = reasons.get(d) || officialDay(d)?.name || '';
    marked.push({ date: d, kind: working ? 'workday' : 'holiday', name });
  }
  return marked;
}
