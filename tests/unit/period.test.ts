import { afterEach, describe, expect, it } from 'vitest';
import {
  addDays,
  daysBetween,
  isoWeekday,
  isoWeekOf,
  isoWeeksInYear,
  latestCompleteWeek,
  parsePeriod,
  periodDays,
  previousPeriod,
  previousPeriods,
  weekPeriod,
  workingDays,
} from '../../oversight/period';
import type { Period } from '../../oversight/types';

const week = (label: string, start: string, end: string): Period => ({
  kind: 'week',
  label,
  start,
  end,
});
const month = (label: string, start: string, end: string): Period => ({
  kind: 'month',
  label,
  start,
  end,
});
const range = (start: string, end: string): Period => ({
  kind: 'range',
  label: `${start}..${end}`,
  start,
  end,
});

describe('parsePeriod: periods a user can ask for', () => {
  it.each<{ case: string; text: string; period: Period }>([
    {
      case: 'week 34 of 2020 runs Monday 17 to Sunday 23 August',
      text: '2020-W34',
      period: week('2020-W34', '2020-08-17', '2020-08-23'),
    },
    {
      case: 'a lower-case w is read as the same week',
      text: '2020-w34',
      period: week('2020-W34', '2020-08-17', '2020-08-23'),
    },
    {
      case: 'spaces around a pasted week are ignored',
      text: '  2020-W34 ',
      period: week('2020-W34', '2020-08-17', '2020-08-23'),
    },
    {
      case: 'week 1 of 2020 starts on Monday 30 December 2019',
      text: '2020-W01',
      period: week('2020-W01', '2019-12-30', '2020-01-05'),
    },
    {
      case: '2020 has a week 53, ending on 3 January 2021',
      text: '2020-W53',
      period: week('2020-W53', '2020-12-28', '2021-01-03'),
    },
    {
      case: '2015 has a week 53 (the year starts on a Thursday)',
      text: '2015-W53',
      period: week('2015-W53', '2015-12-28', '2016-01-03'),
    },
    {
      case: 'August 2020 is the whole calendar month',
      text: '2020-08',
      period: month('2020-08', '2020-08-01', '2020-08-31'),
    },
    {
      case: 'February 2020 has 29 days',
      text: '2020-02',
      period: month('2020-02', '2020-02-01', '2020-02-29'),
    },
    {
      case: 'February 2021 has 28 days',
      text: '2021-02',
      period: month('2021-02', '2021-02-01', '2021-02-28'),
    },
    {
      case: 'February 1900 has 28 days (a century is not a leap year)',
      text: '1900-02',
      period: month('1900-02', '1900-02-01', '1900-02-28'),
    },
    {
      case: 'February 2000 has 29 days (every 400th year is)',
      text: '2000-02',
      period: month('2000-02', '2000-02-01', '2000-02-29'),
    },
    {
      case: 'a custom range of dates',
      text: '2020-08-01..2020-08-31',
      period: range('2020-08-01', '2020-08-31'),
    },
    {
      case: 'a range of a single day',
      text: '2020-08-18..2020-08-18',
      period: range('2020-08-18', '2020-08-18'),
    },
    {
      case: 'a range of the whole leap year 2020 (366 days) is allowed',
      text: '2020-01-01..2020-12-31',
      period: range('2020-01-01', '2020-12-31'),
    },
    {
      case: 'spaces around the two dots are dropped from the label',
      text: '2020-08-01 .. 2020-08-31',
      period: range('2020-08-01', '2020-08-31'),
    },
  ])('$case', ({ text, period }) => {
    expect(parsePeriod(text)).toEqual({ ok: true, period });
  });
});

describe('parsePeriod: malformed periods are refused with a reason', () => {
  it.each<{ case: string; text: string; reason: string }>([
    { case: 'an empty period asks for one', text: '', reason: 'Enter a period' },
    { case: 'there is no week 0', text: '2020-W00', reason: 'W00 is not a week' },
    { case: 'there is no week 54', text: '2020-W54', reason: 'W54 is not a week' },
    { case: '2021 has no week 53', text: '2021-W53', reason: '2021 has only 52 ISO weeks' },
    { case: 'a one-digit week is not a period', text: '2020-W3', reason: 'is not a period' },
    { case: 'there is no 13th month', text: '2020-13', reason: '13 is not a month' },
    { case: 'there is no month 0', text: '2020-00', reason: '00 is not a month' },
    { case: 'a week without a year is not a period', text: 'W34', reason: 'is not a period' },
    { case: 'words are not a period', text: 'last week', reason: 'is not a period' },
    {
      case: 'a single date suggests writing a one-day range',
      text: '2020-08-18',
      reason: 'write the range 2020-08-18..2020-08-18',
    },
    {
      case: 'there is no 30 February',
      text: '2020-02-30..2020-03-01',
      reason: '2020-02-30 is not a calendar date',
    },
    {
      case: 'there is no 29 February in 2021',
      text: '2021-02-01..2021-02-29',
      reason: '2021-02-29 is not a calendar date',
    },
    {
      case: 'dates without leading zeros must be written in full',
      text: '2020-8-1..2020-8-31',
      reason: 'must be written YYYY-MM-DD',
    },
    {
      case: 'a range that ends before it starts',
      text: '2020-08-31..2020-08-01',
      reason: 'starts (2020-08-31) after it ends (2020-08-01)',
    },
    {
      case: 'a range of 367 days is too long',
      text: '2020-01-01..2021-01-01',
      reason: 'at most 366 days; 2020-01-01..2021-01-01 covers 367',
    },
  ])('$case', ({ text, reason }) => {
    const result = parsePeriod(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reason.en).toContain(reason);
    // Every reason reaches the user in both languages.
    expect(result.reason.zh).toMatch(/[\u4e00-\u9fff]/);
  });

  it('tells a Chinese reader which year lacks week 53', () => {
    const result = parsePeriod('2021-W53');
    expect(result.ok ? '' : result.reason.zh).toBe('2021 年只有 52 个 ISO 周，没有 W53');
  });
});

describe('isoWeekOf: the ISO week a day belongs to', () => {
  it.each<{ case: string; date: string; label: string }>([
    { case: 'Tuesday 18 August 2020 is in week 34', date: '2020-08-18', label: '2020-W34' },
    { case: 'Sunday 3 January 2021 is in week 53 of 2020', date: '2021-01-03', label: '2020-W53' },
    { case: 'Monday 4 January 2021 starts 2021-W01', date: '2021-01-04', label: '2021-W01' },
    { case: 'Monday 30 December 2019 is in 2020-W01', date: '2019-12-30', label: '2020-W01' },
    { case: 'Monday 31 December 2018 is in 2019-W01', date: '2018-12-31', label: '2019-W01' },
    { case: 'New Year’s Day 2016 is in 2015-W53', date: '2016-01-01', label: '2015-W53' },
    { case: 'Monday 30 December 2024 is in 2025-W01', date: '2024-12-30', label: '2025-W01' },
    { case: 'New Year’s Day 2027 is in 2026-W53', date: '2027-01-01', label: '2026-W53' },
  ])('$case', ({ date, label }) => {
    expect(isoWeekOf(date)).toBe(label);
  });

  it('every day from 1999 to 2031 lies in the Monday-to-Sunday week its label names', () => {
    for (let d = '1999-01-01'; d <= '2031-12-31'; d = addDays(d, 1)) {
      const p = weekPeriod(isoWeekOf(d));
      expect(isoWeekday(p.start)).toBe(1);
      expect(daysBetween(p.start, d)).toBeGreaterThanOrEqual(0);
      expect(daysBetween(d, p.end)).toBeGreaterThanOrEqual(0);
    }
  });

  it('refuses a date that is not on the calendar', () => {
    expect(() => isoWeekOf('2021-02-29')).toThrow(RangeError);
  });
});

describe('isoWeeksInYear', () => {
  it.each<{ case: string; year: number; weeks: number }>([
    { case: '2015 starts on a Thursday: 53 weeks', year: 2015, weeks: 53 },
    { case: '2020 is a leap year starting on a Wednesday: 53 weeks', year: 2020, weeks: 53 },
    { case: '2026 starts on a Thursday: 53 weeks', year: 2026, weeks: 53 },
    { case: '2019 has 52 weeks', year: 2019, weeks: 52 },
    { case: '2021 has 52 weeks', year: 2021, weeks: 52 },
    { case: '2004 is a leap year starting on a Thursday: 53 weeks', year: 2004, weeks: 53 },
    { case: '2024 is a leap year starting on a Monday: 52 weeks', year: 2024, weeks: 52 },
  ])('$case', ({ year, weeks }) => {
    expect(isoWeeksInYear(year)).toBe(weeks);
  });
});

describe('weekPeriod', () => {
  it('gives the period of a week label', () => {
    expect(weekPeriod('2020-W34')).toEqual(week('2020-W34', '2020-08-17', '2020-08-23'));
  });

  it.each([
    { case: 'a week that does not exist throws', label: '2021-W53' },
    { case: 'a month is not a week', label: '2020-08' },
  ])('$case', ({ label }) => {
    expect(() => weekPeriod(label)).toThrow(RangeError);
  });
});

describe('previousPeriod: the period to compare with', () => {
  it.each<{ case: string; period: string; previous: Period }>([
    {
      case: 'the week before 2020-W34 is 2020-W33',
      period: '2020-W34',
      previous: week('2020-W33', '2020-08-10', '2020-08-16'),
    },
    {
      case: 'the week before 2021-W01 is 2020-W53',
      period: '2021-W01',
      previous: week('2020-W53', '2020-12-28', '2021-01-03'),
    },
    {
      case: 'the week before 2020-W01 is 2019-W52',
      period: '2020-W01',
      previous: week('2019-W52', '2019-12-23', '2019-12-29'),
    },
    {
      case: 'the month before March 2020 is February with 29 days',
      period: '2020-03',
      previous: month('2020-02', '2020-02-01', '2020-02-29'),
    },
    {
      case: 'the month before January 2020 is December 2019',
      period: '2020-01',
      previous: month('2019-12', '2019-12-01', '2019-12-31'),
    },
    {
      case: 'before a 31-day range come the 31 days ending the day before it',
      period: '2020-03-01..2020-03-31',
      previous: range('2020-01-30', '2020-02-29'),
    },
    {
      case: 'before a one-day range is the day before',
      period: '2020-08-18..2020-08-18',
      previous: range('2020-08-17', '2020-08-17'),
    },
  ])('$case', ({ period, previous }) => {
    expect(previousPeriod(parsed(period))).toEqual(previous);
  });
});

describe('previousPeriods: the periods a trend or a baseline looks back over', () => {
  it.each<{ case: string; period: string; n: number; labels: string[] }>([
    {
      case: 'the 4 weeks before 2020-W02 cross New Year, oldest first',
      period: '2020-W02',
      n: 4,
      labels: ['2019-W50', '2019-W51', '2019-W52', '2020-W01'],
    },
    {
      case: 'the 3 months before February 2020',
      period: '2020-02',
      n: 3,
      labels: ['2019-11', '2019-12', '2020-01'],
    },
    {
      case: 'the 2 ten-day ranges before 11-20 August',
      period: '2020-08-11..2020-08-20',
      n: 2,
      labels: ['2020-07-22..2020-07-31', '2020-08-01..2020-08-10'],
    },
    { case: 'looking back over 0 periods gives none', period: '2020-W34', n: 0, labels: [] },
  ])('$case', ({ period, n, labels }) => {
    expect(previousPeriods(parsed(period), n).map((p) => p.label)).toEqual(labels);
  });

  it('refuses a negative count', () => {
    expect(() => previousPeriods(parsed('2020-W34'), -1)).toThrow(RangeError);
  });
});

describe('periodDays and workingDays', () => {
  it.each<{ case: string; period: string; days: number; working: string[] | number }>([
    {
      case: 'a week has 7 days, Monday to Friday working',
      period: '2020-W34',
      days: 7,
      working: ['2020-08-17', '2020-08-18', '2020-08-19', '2020-08-20', '2020-08-21'],
    },
    {
      case: 'August 2020 has 31 days, 21 of them working',
      period: '2020-08',
      days: 31,
      working: 21,
    },
    { case: 'February 2020 has 29 days, 20 working', period: '2020-02', days: 29, working: 20 },
    {
      case: 'a weekend has no working days',
      period: '2020-08-22..2020-08-23',
      days: 2,
      working: [],
    },
    {
      case: 'the National Day holiday counts as working days (there is no holiday calendar)',
      period: '2020-10-01..2020-10-08',
      days: 8,
      working: ['2020-10-01', '2020-10-02', '2020-10-05', '2020-10-06', '2020-10-07', '2020-10-08'],
    },
  ])('$case', ({ period, days, working }) => {
    const p = parsed(period);
    const all = periodDays(p);
    expect(all).toHaveLength(days);
    expect(all[0]).toBe(p.start);
    expect(all.at(-1)).toBe(p.end);
    if (typeof working === 'number') expect(workingDays(p)).toHaveLength(working);
    else expect(workingDays(p)).toEqual(working);
  });
});

describe('addDays and daysBetween', () => {
  it.each<{ case: string; date: string; n: number; result: string }>([
    {
      case: 'the day after 28 February 2020 is the 29th',
      date: '2020-02-28',
      n: 1,
      result: '2020-02-29',
    },
    {
      case: 'two days after 28 February 2020 is 1 March',
      date: '2020-02-28',
      n: 2,
      result: '2020-03-01',
    },
    {
      case: 'the day after 28 February 1900 is 1 March',
      date: '1900-02-28',
      n: 1,
      result: '1900-03-01',
    },
    {
      case: 'the day after New Year’s Eve is next year',
      date: '2020-12-31',
      n: 1,
      result: '2021-01-01',
    },
    {
      case: 'the day before 1 March 2021 is 28 February',
      date: '2021-03-01',
      n: -1,
      result: '2021-02-28',
    },
    { case: 'adding 0 days keeps the date', date: '2020-08-18', n: 0, result: '2020-08-18' },
    {
      case: '30 days after a delegation on 1 July is 31 July',
      date: '2020-07-01',
      n: 30,
      result: '2020-07-31',
    },
  ])('$case', ({ date, n, result }) => {
    expect(addDays(date, n)).toBe(result);
    expect(daysBetween(date, result)).toBe(n);
  });

  it.each<{ case: string; a: string; b: string; days: number }>([
    { case: 'the same day is 0 days apart', a: '2020-08-18', b: '2020-08-18', days: 0 },
    { case: '1 to 31 August is 30 days', a: '2020-08-01', b: '2020-08-31', days: 30 },
    { case: 'counting backwards is negative', a: '2020-08-31', b: '2020-08-01', days: -30 },
    { case: 'the leap year 2020 has 366 days', a: '2020-01-01', b: '2021-01-01', days: 366 },
    { case: 'the year 2021 has 365 days', a: '2021-01-01', b: '2022-01-01', days: 365 },
  ])('$case', ({ a, b, days }) => {
    expect(daysBetween(a, b)).toBe(days);
  });

  it('refuses a fraction of a day', () => {
    expect(() => addDays('2020-08-18', 0.5)).toThrow(RangeError);
  });
});

describe('latestCompleteWeek: the week a report covers when data runs up to a day', () => {
  it.each<{ case: string; lastDataDate: string; label: string }>([
    {
      case: 'data up to Sunday 23 August covers 2020-W34',
      lastDataDate: '2020-08-23',
      label: '2020-W34',
    },
    {
      case: 'data up to Saturday 22 August stops at 2020-W33',
      lastDataDate: '2020-08-22',
      label: '2020-W33',
    },
    {
      case: 'data up to Monday 24 August still reports 2020-W34',
      lastDataDate: '2020-08-24',
      label: '2020-W34',
    },
    {
      case: 'data up to Sunday 3 January 2021 covers 2020-W53',
      lastDataDate: '2021-01-03',
      label: '2020-W53',
    },
    {
      case: 'data up to Tuesday 5 January 2021 reports 2020-W53',
      lastDataDate: '2021-01-05',
      label: '2020-W53',
    },
    {
      case: 'data up to Sunday 10 January 2021 covers 2021-W01',
      lastDataDate: '2021-01-10',
      label: '2021-W01',
    },
  ])('$case', ({ lastDataDate, label }) => {
    expect(latestCompleteWeek(lastDataDate).label).toBe(label);
  });
});

describe('time zones', () => {
  const original = process.env.TZ;
  afterEach(() => {
    if (original === undefined) delete process.env.TZ;
    else process.env.TZ = original;
  });

  it.each(['Asia/Shanghai', 'Pacific/Kiritimati', 'Pacific/Honolulu', 'UTC'])(
    'gives the same weeks and days on a machine set to %s',
    (tz) => {
      process.env.TZ = tz;
      expect(isoWeekOf('2021-01-03')).toBe('2020-W53');
      expect(latestCompleteWeek('2020-08-23').label).toBe('2020-W34');
      expect(addDays('2020-12-31', 1)).toBe('2021-01-01');
      expect(workingDays(parsed('2020-W34'))).toHaveLength(5);
    },
  );
});

function parsed(text: string): Period {
  const result = parsePeriod(text);
  if (!result.ok) throw new Error(`test period ${text}: ${result.reason.en}`);
  return result.period;
}
