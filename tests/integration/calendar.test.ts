/**
 * A city's own calendar (the `calendar` file kind) through the real ETL: a closure it loads
 * means its days were never due, on both roads (the stored weekly rollups and the raw tables).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFlags } from '../../app/weeks/oversight.server';
import type { Db } from '../../db/client';
import { CITY_SCOPE } from '../../db/scope';
import { PLANTED } from '../../etl/demo/planted';
import { load } from '../../etl/load';
import { evidenceOf } from '../../oversight/flags/rules';
import { periodDays, weekPeriod } from '../../oversight/period';
import { demoDb } from '../helpers/db';
import { fromText } from './etl-support';

const m = PLANTED.missingReports;
const W41 = weekPeriod('2020-W41');
const W42 = weekPeriod('2020-W42');
let db: Db;

const missingFlags = async (week: typeof W42, useRollups = true) =>
  (await loadFlags(db, { scope: CITY_SCOPE, period: week, department: null, useRollups })).filter(
    (f) => f.type === 'missing_reports' && f.districtCode === m.district,
  );

beforeAll(async () => {
  db = await demoDb('calendar.test');
});
afterAll(() => db?.close());

describe('a closure loaded in the city calendar', () => {
  it('flags the planted silence in 2020-W42 before the calendar says anything', async () => {
    expect(await missingFlags(W42)).toHaveLength(m.departments.length);
  });

  it('loads as a file kind of its own, rows checked like any other', async () => {
    const bad = await load(
      db,
      [fromText('calendar.csv', `date,day_kind,district_code\n2020-10-12,closed,${m.district}\n`)],
      { source: 'test', loadedBy: 'calendar.test' },
    );
    expect(bad.outcome).toBe('rejected');
    expect(bad.errors[0]).toMatchObject({ file: 'calendar.csv', line: 2, column: 'day_kind' });

    const rows = periodDays(W42)
      .slice(0, 5)
      .map((d) => `${d},不办公,${m.district},暴雪闭厅`);
    const report = await load(
      db,
      [fromText('日历.csv', `日期,类型,区划代码,原因\n${rows.join('\n')}\n`)],
      {
        source: 'test',
        loadedBy: 'calendar.test',
      },
    );
    expect(report.errors).toEqual([]);
    expect(report.files[0]).toMatchObject({ kind: 'calendar', inserted: 5 });
  });

  it('takes the closed days out of what was due: no missing-report flag that week, on either road', async () => {
    expect(await missingFlags(W42)).toEqual([]);
    expect(await missingFlags(W42, false)).toEqual([]);
  });

  it('leaves the weeks it does not cover as they were', async () => {
    const [flag] = await missingFlags(W41);
    expect(evidenceOf(flag, 'missing_reports').workingDaysDue).toBe(2);
  });
});
