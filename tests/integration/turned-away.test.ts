/**
 * The people turned away, where a centre counts them (未取到号人数), through the real ETL and
 * the flag query: the throttling rule takes the count over its visitors − tickets estimate.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { loadFlags } from '../../app/weeks/oversight.server';
import type { Db } from '../../db/client';
import { CITY_SCOPE } from '../../db/scope';
import { load } from '../../etl/load';
import { evidenceOf } from '../../oversight/flags/rules';
import { weekPeriod } from '../../oversight/period';
import { freshDb } from '../helpers/db';
import { fixture, fromText } from './etl-support';

const W34 = weekPeriod('2020-W34');
const DAYS = ['2020-08-17', '2020-08-18', '2020-08-19'];
let db: Db | undefined;
afterEach(() => db?.close());

/** 道里区 医保 issuing 60 of 120 on three days, with 65 through the door. */
async function loadWeek(turnedAway: string): Promise<Db> {
  const d = await freshDb();
  const rows = DAYS.map((date) => `${date},230102,230102-YB,医保,6,120,60,65,${turnedAway},60,60`);
  const report = await load(
    d,
    [
      fixture('districts-en.csv'),
      fromText(
        'window_daily.csv',
        [
          'date,district_code,center_code,department,windows_open,ticket_capacity,tickets_issued,visitors,turned_away,cases_accepted,cases_completed',
          // Reporting since July: past a new centre's ramp-up weeks.
          '2020-07-06,230102,230102-YB,医保,6,120,110,100,,100,100',
          ...rows,
        ].join('\n'),
      ),
    ],
    { source: 'test', loadedBy: 'turned-away.test' },
  );
  expect(report.errors).toEqual([]);
  return d;
}

const throttling = async (d: Db) =>
  (await loadFlags(d, { scope: CITY_SCOPE, period: W34, department: null })).filter(
    (f) => f.type === 'ticket_throttling',
  );

describe('turned_away (未取到号人数)', () => {
  it('flags 40 counted as turned away a day although the door counted only 5 over the tickets', async () => {
    db = await loadWeek('40');
    const [flag] = await throttling(db);
    expect(evidenceOf(flag, 'ticket_throttling')).toMatchObject({
      throttledDays: 3,
      unmetDemand: 120,
    });
    expect(evidenceOf(flag, 'ticket_throttling').days.map((d) => d.turnedAway)).toEqual([
      40, 40, 40,
    ]);
  });

  it('without the count, 5 over the tickets is people who came to ask: no flag', async () => {
    db = await loadWeek('');
    expect(await throttling(db)).toEqual([]);
  });
});
