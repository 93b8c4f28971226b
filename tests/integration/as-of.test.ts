/**
 * A past week's flags and evidence are what was known by that week's end: loading rows dated
 * after it — a late follow-up, later window days, a later online snapshot — changes nothing
 * about it, on either road (stored rollups or raw tables).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFlags } from '../../app/weeks/oversight.server';
import type { Db } from '../../db/client';
import { CITY_SCOPE } from '../../db/scope';
import { load } from '../../etl/load';
import { weekPeriod } from '../../oversight/period';
import { demoDb } from '../helpers/db';
import { fromText } from './etl-support';

const W34 = weekPeriod('2020-W34');
let db: Db;

/**
 * W34's flags as text, without their source files: those list every file that wrote the
 * district's rows today (a later file among them), not a fact about the week.
 */
const flagsOfW34 = async (useRollups: boolean) =>
  JSON.stringify(
    (await loadFlags(db, { scope: CITY_SCOPE, period: W34, department: null, useRollups })).map(
      ({ sources: _sources, ...flag }) => flag,
    ),
  );

beforeAll(async () => {
  db = await demoDb('as-of.test');
});
afterAll(() => db?.close());

describe('evidence as of the period', () => {
  it('a past week does not change when later rows arrive', async () => {
    const before = { stored: await flagsOfW34(true), raw: await flagsOfW34(false) };
    expect(before.stored).toContain('delegated_without_supervision');
    const report = await load(
      db,
      [
        // 道里区 医保's first follow-up, earlier than the one the demo has (28 Sept) but after W34.
        fromText(
          'supervision-late.csv',
          'date,district_code,department,power_code,action_type,performed_by,notes\n' +
            '2020-09-01,230102,医保,,training,哈尔滨市医疗保障局,补课培训\n',
        ),
        fromText(
          'window-later.csv',
          'date,district_code,center_code,department,windows_open,ticket_capacity,tickets_issued,visitors,cases_accepted,cases_completed\n' +
            '2020-09-02,230102,230102-NEW,医保,4,80,20,200,20,20\n',
        ),
        fromText(
          'online-later.csv',
          'as_of,district_code,department,items_total,items_exempt,items_online,items_queryable\n' +
            '2020-08-31,230102,医保,75,0,75,75\n',
        ),
      ],
      { source: 'test', loadedBy: 'as-of.test' },
    );
    expect(report.errors).toEqual([]);
    expect(report.outcome).toBe('committed');
    expect(await flagsOfW34(true)).toBe(before.stored);
    expect(await flagsOfW34(false)).toBe(before.raw);
  });
});
