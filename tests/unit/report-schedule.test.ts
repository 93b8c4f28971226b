/**
 * When the weekly report is generated: "MON 07:00" on the readers' clock (Beijing) whatever the
 * server's time zone, and "last week" is the ISO week before the one the local day falls in.
 */
import { describe, expect, it } from 'vitest';
import { readEnv } from '../../db/env';
import { nextRunAt, parseReportSchedule, weekBefore } from '../../app/reports/schedule.server';

const BEIJING = 'Asia/Shanghai';
/** The configuration read from just these variables. */
const envOf = (vars: Record<string, string>) => readEnv({ NODE_ENV: 'test', ...vars });
const MONDAY_7 = { weekday: 1, hour: 7, minute: 0 };

describe('parseReportSchedule', () => {
  it.each([
    { text: 'MON 07:00', when: MONDAY_7 },
    { text: 'fri 18:30', when: { weekday: 5, hour: 18, minute: 30 } },
    { text: 'off', when: null },
  ])('"$text"', ({ text, when }) => {
    expect(parseReportSchedule(text)).toEqual(when);
  });

  it('is checked with the rest of the environment', () => {
    expect(envOf({ REPORT_SCHEDULE: 'MON 07:00' }).REPORT_SCHEDULE).toBe('MON 07:00');
    expect(() => envOf({ REPORT_SCHEDULE: 'Monday 7am' })).toThrow(/REPORT_SCHEDULE/);
    expect(() => envOf({ REPORT_TIMEZONE: 'Mars/Olympus' })).toThrow(/REPORT_TIMEZONE/);
    expect(envOf({})).toMatchObject({
      REPORT_DIR: 'data/reports',
      REPORT_SCHEDULE: 'MON 07:00',
      REPORT_TIMEZONE: BEIJING,
      REPORT_LAGGARDS: 3,
    });
  });
});

describe('nextRunAt, Monday 07:00 Beijing time (= Sunday 23:00 UTC)', () => {
  it.each([
    // 2020-08-24 is a Monday.
    { now: '2020-08-20T12:00:00Z', next: '2020-08-23T23:00:00.000Z', case: 'a Thursday' },
    { now: '2020-08-23T22:59:59Z', next: '2020-08-23T23:00:00.000Z', case: 'a second before' },
    { now: '2020-08-23T23:00:00Z', next: '2020-08-30T23:00:00.000Z', case: 'at the time' },
    { now: '2020-08-24T03:00:00Z', next: '2020-08-30T23:00:00.000Z', case: 'Monday noon' },
  ])('from $case', ({ now, next }) => {
    expect(nextRunAt(new Date(now), MONDAY_7, BEIJING).toISOString()).toBe(next);
  });

  it('follows a zone with daylight saving time', () => {
    // Berlin moved to summer time on 2020-03-29: Monday 07:00 is 06:00 UTC before, 05:00 after.
    const berlin = 'Europe/Berlin';
    expect(nextRunAt(new Date('2020-03-20T00:00:00Z'), MONDAY_7, berlin).toISOString()).toBe(
      '2020-03-23T06:00:00.000Z',
    );
    expect(nextRunAt(new Date('2020-03-27T00:00:00Z'), MONDAY_7, berlin).toISOString()).toBe(
      '2020-03-30T05:00:00.000Z',
    );
  });
});

describe('weekBefore', () => {
  it('is the ISO week before the local day’s week', () => {
    // Sunday 23:00 UTC is already Monday 2020-08-24 (W35) in Beijing: last week is W34.
    expect(weekBefore(new Date('2020-08-23T23:00:00Z'), BEIJING).label).toBe('2020-W34');
    expect(weekBefore(new Date('2020-08-23T23:00:00Z'), 'UTC').label).toBe('2020-W33');
    // Across New Year: Monday 2021-01-04 is 2021-W01; the week before is 2020-W53.
    expect(weekBefore(new Date('2021-01-04T01:00:00Z'), BEIJING).label).toBe('2020-W53');
  });
});
