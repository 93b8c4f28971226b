/**
 * Reporting periods: ISO weeks (the default), calendar months and custom date ranges, and the
 * calendar arithmetic the metrics and flags need around them.
 *
 * Dates are YYYY-MM-DD strings meaning UTC calendar days. All arithmetic is done on whole day
 * numbers (days since 1970-01-01) with the proleptic Gregorian calendar, so nothing here depends
 * on the machine's time zone or on `Date` parsing — a date read in Beijing and in Berlin is the
 * same day.
 */
import type { Period } from './types';
import type { Bilingual } from './bilingual';

export type ParsePeriodResult = { ok: true; period: Period } | { ok: false; reason: Bilingual };

/** A custom range may cover at most a (leap) year, so every query stays bounded. */
export const MAX_RANGE_DAYS = 366;

const EXAMPLES_ZH =
  '例如 2020-W34（ISO 周）、2020-08（月份）或 2020-08-01..2020-08-31（自定义区间）';
const EXAMPLES_EN =
  'e.g. 2020-W34 (ISO week), 2020-08 (month) or 2020-08-01..2020-08-31 (custom range)';

const WEEK = /^(\d{4})-W(\d{2})$/i;
const MONTH = /^(\d{4})-(\d{2})$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const RANGE = /^(\S+?)\s*\.\.\s*(\S+)$/;

/**
 * Reads a period as written in a URL or on the command line: `2020-W34`, `2020-08` or
 * `2020-08-01..2020-08-31`. Surrounding spaces and a lower-case `w` are accepted and the label
 * is normalised (`2020-w34` → `2020-W34`); anything else is refused with a reason a user can act on.
 */
export function parsePeriod(text: string): ParsePeriodResult {
  const input = text.trim();
  if (input === '') {
    return refuse(`请填写统计周期，${EXAMPLES_ZH}`, `Enter a period, ${EXAMPLES_EN}`);
  }

  const week = WEEK.exec(input);
  if (week) return parseWeek(Number(week[1]), Number(week[2]));

  const month = MONTH.exec(input);
  if (month) return parseMonth(Number(month[1]), Number(month[2]));

  const range = RANGE.exec(input);
  if (range) return parseRange(range[1] ?? '', range[2] ?? '');

  if (DATE.test(input)) {
    return refuse(
      `“${input}” 是单个日期；单日请写成区间 ${input}..${input}`,
      `"${input}" is a single date; for one day write the range ${input}..${input}`,
    );
  }
  return refuse(
    `无法识别统计周期“${input}”，${EXAMPLES_ZH}`,
    `"${input}" is not a period, ${EXAMPLES_EN}`,
  );
}

function parseWeek(year: number, week: number): ParsePeriodResult {
  const weeks = isoWeeksInYear(year);
  if (week < 1 || week > 53) {
    return refuse(
      `周次 W${pad2(week)} 无效：ISO 周次为 W01 到 W${weeks}`,
      `W${pad2(week)} is not a week: ISO weeks run from W01 to W${weeks}`,
    );
  }
  if (week > weeks) {
    return refuse(
      `${year} 年只有 ${weeks} 个 ISO 周，没有 W${pad2(week)}`,
      `${year} has only ${weeks} ISO weeks; there is no W${pad2(week)}`,
    );
  }
  const start = dateOf(isoWeekOneMonday(year) + (week - 1) * 7);
  return accept({ kind: 'week', label: weekLabel(year, week), start, end: addDays(start, 6) });
}

function parseMonth(year: number, month: number): ParsePeriodResult {
  if (month < 1 || month > 12) {
    return refuse(
      `月份 ${pad2(month)} 无效：应为 01 到 12`,
      `${pad2(month)} is not a month: months run from 01 to 12`,
    );
  }
  return accept(monthPeriod(year, month));
}

function parseRange(startText: string, endText: string): ParsePeriodResult {
  for (const d of [startText, endText]) {
    if (!DATE.test(d)) {
      return refuse(
        `区间端点“${d}”应写成 YYYY-MM-DD，例如 2020-08-01..2020-08-31`,
        `the range end "${d}" must be written YYYY-MM-DD, e.g. 2020-08-01..2020-08-31`,
      );
    }
    if (!isCalendarDate(d)) {
      return refuse(`${d} 不是有效日期`, `${d} is not a calendar date`);
    }
  }
  const days = daysBetween(startText, endText) + 1;
  if (days < 1) {
    return refuse(
      `区间开始日期 ${startText} 晚于结束日期 ${endText}`,
      `the range starts (${startText}) after it ends (${endText})`,
    );
  }
  if (days > MAX_RANGE_DAYS) {
    return refuse(
      `自定义区间最长 ${MAX_RANGE_DAYS} 天，${startText}..${endText} 共 ${days} 天`,
      `a custom range may cover at most ${MAX_RANGE_DAYS} days; ${startText}..${endText} covers ${days}`,
    );
  }
  return accept(rangePeriod(startText, endText));
}

/** The label of the ISO week containing a date; near New Year that can be the other year's week. */
export function isoWeekOf(date: string): string {
  const day = dayNumber(date);
  // The ISO week-year is the year of the week's Thursday.
  const thursday = day - isoWeekday(date) + 4;
  const year = yearOf(thursday);
  const week = Math.floor((thursday - isoWeekOneMonday(year)) / 7) + 1;
  return weekLabel(year, week);
}

/** The week period for a label such as `2020-W34`; throws RangeError when it is not a valid week. */
export function weekPeriod(label: string): Period {
  const parsed = parsePeriod(label);
  if (!parsed.ok || parsed.period.kind !== 'week') {
    const why = parsed.ok ? 'not a week' : parsed.reason.en;
    throw new RangeError(`weekPeriod: "${label}": ${why}`);
  }
  return parsed.period;
}

/**
 * The period just before: the previous ISO week, the previous calendar month, or for a custom
 * range the range of the same number of days ending the day before it starts.
 */
export function previousPeriod(p: Period): Period {
  switch (p.kind) {
    case 'week':
      return weekPeriod(isoWeekOf(addDays(p.start, -7)));
    case 'month': {
      const [year, month] = yearMonthOf(p.start);
      return month === 1 ? monthPeriod(year - 1, 12) : monthPeriod(year, month - 1);
    }
    case 'range': {
      const length = daysBetween(p.start, p.end) + 1;
      return rangePeriod(addDays(p.start, -length), addDays(p.start, -1));
    }
  }
}

/** The n periods before p, oldest first, not including p (for trends and "mean of the last 4"). */
export function previousPeriods(p: Period, n: number): Period[] {
  if (!Number.isInteger(n) || n < 0) {
    throw new RangeError(`previousPeriods: n must be a whole number ≥ 0, got ${n}`);
  }
  const periods: Period[] = [];
  let current = p;
  for (let i = 0; i < n; i++) {
    current = previousPeriod(current);
    periods.unshift(current);
  }
  return periods;
}

/** Every calendar day of the period, start to end inclusive. */
export function periodDays(p: Period): string[] {
  const first = dayNumber(p.start);
  const last = dayNumber(p.end);
  const days: string[] = [];
  for (let d = first; d <= last; d++) days.push(dateOf(d));
  return days;
}

/**
 * The Monday-to-Friday days of the period, whatever the calendar says. The official working
 * days — holidays off, make-up days (调休) on — and a city's own closures are in calendar.ts.
 */
export function workingDays(p: Period): string[] {
  return periodDays(p).filter((d) => isoWeekday(d) <= 5);
}

/** The date n days after `date` (n may be negative). */
export function addDays(date: string, n: number): string {
  if (!Number.isInteger(n)) throw new RangeError(`addDays: n must be a whole number, got ${n}`);
  return dateOf(dayNumber(date) + n);
}

/** Days from a to b: 0 for the same day, 1 for the next day, negative when b is before a. */
export function daysBetween(a: string, b: string): number {
  return dayNumber(b) - dayNumber(a);
}

/** ISO day of the week: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  // 1970-01-01 was a Thursday (4).
  return mod(dayNumber(date) + 3, 7) + 1;
}

/**
 * The latest ISO week that the data fully covers: the week whose Sunday is on or before the
 * last day with data. If that day is a Sunday it is its own week; otherwise the week before.
 */
export function latestCompleteWeek(lastDataDate: string): Period {
  const sunday = addDays(lastDataDate, -mod(isoWeekday(lastDataDate), 7));
  return weekPeriod(isoWeekOf(sunday));
}

/** Whether `date` is a real YYYY-MM-DD calendar date (2020-02-29 yes, 2021-02-29 no). */
export function isCalendarDate(date: string): boolean {
  const m = DATE.exec(date);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** How many ISO weeks a week-year has: 53 when it starts or (in a leap year) ends on a Thursday. */
export function isoWeeksInYear(year: number): number {
  // 28 December is always in the last ISO week of its year.
  const dec28 = civilToDays(year, 12, 28);
  return Math.floor((dec28 - isoWeekOneMonday(year)) / 7) + 1;
}

// --- helpers --------------------------------------------------------------------------------

function accept(period: Period): ParsePeriodResult {
  return { ok: true, period };
}

function refuse(zh: string, en: string): ParsePeriodResult {
  return { ok: false, reason: { zh, en } };
}

function monthPeriod(year: number, month: number): Period {
  const label = `${pad4(year)}-${pad2(month)}`;
  return {
    kind: 'month',
    label,
    start: `${label}-01`,
    end: `${label}-${pad2(daysInMonth(year, month))}`,
  };
}

function rangePeriod(start: string, end: string): Period {
  return { kind: 'range', label: `${start}..${end}`, start, end };
}

function weekLabel(year: number, week: number): string {
  return `${pad4(year)}-W${pad2(week)}`;
}

/** Day number of the Monday of ISO week 1: the week containing 4 January. */
function isoWeekOneMonday(year: number): number {
  const jan4 = civilToDays(year, 1, 4);
  return jan4 - mod(jan4 + 3, 7);
}

function yearOf(day: number): number {
  return civilFromDays(day)[0];
}

function yearMonthOf(date: string): [number, number] {
  const [year, month] = civilFromDays(dayNumber(date));
  return [year, month];
}

/** Day number of a YYYY-MM-DD date; throws RangeError for anything that is not a calendar date. */
function dayNumber(date: string): number {
  if (!isCalendarDate(date)) throw new RangeError(`not a YYYY-MM-DD calendar date: "${date}"`);
  return civilToDays(Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10)));
}

function dateOf(day: number): string {
  const [year, month, d] = civilFromDays(day);
  return `${pad4(year)}-${pad2(month)}-${pad2(d)}`;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

// Howard Hinnant's days_from_civil / civil_from_days: exact integer arithmetic, no Date object.
function civilToDays(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function civilFromDays(days: number): [number, number, number] {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (month <= 2 ? 1 : 0), month, day];
}

function mod(a: number, n: number): number {
  return ((a % n) + n) % n;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

function pad4(n: number): string {
  return String(n).padStart(4, '0');
}
