/**
 * The weekly rollups (unit_week, flag_week) kept by the loader give exactly what the raw
 * tables give: every week of the demo, every department, the whole city and one district's
 * view, before and after a batch that changes the past (a late first follow-up, a new
 * centre, a lowered online count, a new target) and adds a week after the data's end.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/client';
import { getRollupState } from '../../db/queries/rollups';
import { CITY_SCOPE, districtScope, type Scope } from '../../db/scope';
import {
  loadFlags,
  loadScorecard,
  loadScorecardDocument,
  type OversightQuery,
} from '../../app/weeks/oversight.server';
import { readWeeks, rollupsCover, type WeeksQuery } from '../../app/weeks/read-weeks.server';
import { loadStatusHistory } from '../../app/weeks/status-history.server';
import { addDays, isoWeekOf, weekPeriod } from '../../oversight/period';
import type { Period } from '../../oversight/types';
import { writeDemoFiles } from '../../etl/demo/generate';
import { DEMO_PERIOD, PLANTED } from '../../etl/demo/planted';
import { collectFiles } from '../../etl/files';
import { load } from '../../etl/load';
import { freshDb, tempDir } from '../helpers/db';

let db: Db;
let dir: string;
let cleanup: () => void;

beforeAll(async () => {
  ({ dir, cleanup } = tempDir('rollups-'));
  await writeDemoFiles(join(dir, 'demo'));
  db = await freshDb();
  const report = await load(db, collectFiles([join(dir, 'demo')]), { source: 'test' });
  expect(report.outcome).toBe('committed');
});

afterAll(() => {
  db.close();
  cleanup();
});

/** ISO weeks from the one holding `from` to the one holding `to`. */
function weeks(from: string, to: string): Period[] {
  const list: Period[] = [];
  for (let w = weekPeriod(isoWeekOf(from)); w.start <= to;) {
    list.push(w);
    w = weekPeriod(isoWeekOf(addDays(w.start, 7)));
  }
  return list;
}

/** Each view every `every` weeks: the raw path takes ~0.1 s a week, so the narrower views sample. */
const VIEWS: { name: string; scope: Scope; department: string | null; every: number }[] = [
  { name: 'the city, every department', scope: CITY_SCOPE, department: null, every: 1 },
  { name: 'the city, 医保', scope: CITY_SCOPE, department: '医保', every: 3 },
  {
    name: '道里区 and 木兰县, 社保',
    scope: districtScope(['230102', '230127']),
    department: '社保',
    every: 4,
  },
];

/** The view's weeks of `periods`: rollups and raw tables agree on flags, scorecard, heat grid. */
async function expectRollupsMatchRaw(view: (typeof VIEWS)[number], periods: Period[]) {
  const state = await getRollupState(db);
  expect(state?.firstWeek).toBe(periods[0]!.start);
  expect(state?.lastWeek).toBe(periods.at(-1)!.start);
  // Otherwise both sides of every comparison below would be the raw road.
  for (const period of [periods[0]!, periods.at(-1)!]) {
    expect(await rollupsCover(db, { weeks: [period] }), period.label).toBe(true);
  }
  expect(await rollupsCover(db, { weeks: periods, useRollups: false })).toBe(false);
  for (const period of periods.filter((_, i) => i % view.every === 0)) {
    const q: OversightQuery = { scope: view.scope, period, department: view.department };
    const raw = { ...q, useRollups: false };
    const where = `${view.name}, ${period.label}`;
    expect(await loadFlags(db, q), where).toEqual(await loadFlags(db, raw));
    expect(await loadScorecard(db, q), where).toEqual(await loadScorecard(db, raw));
    expect(await apiDocument(q), where).toBe(await apiDocument(raw));
  }
  const last = { ...view, period: periods.at(-1)! };
  const window = { ...view, weeks: periods.slice(-8) };
  expect(await weekNumbers({ ...window }), `${view.name}, readWeeks`).toEqual(
    await weekNumbers({ ...window, useRollups: false }),
  );
  expect(await loadStatusHistory(db, last), `${view.name}, heat grid`).toEqual(
    await loadStatusHistory(db, { ...last, useRollups: false }),
  );
}

/** The API's league-table document as a client reads it (stored gzip for the latest weeks). */
async function apiDocument(q: OversightQuery): Promise<string> {
  const document = await loadScorecardDocument(db, q);
  return 'gzip' in document ? gunzipSync(document.gzip).toString('utf8') : document.json;
}

/**
 * The one reader's answer in a form both roads must agree on: rows without the index of the
 * scan they came from, in a fixed order, and each flag as the league table sees it.
 */
async function weekNumbers(q: WeeksQuery) {
  const unit = (a: { districtCode: string; department: string }) =>
    `${a.districtCode}/${a.department}`;
  const answer = await readWeeks(db, q);
  return answer.weeks.map((w) => ({
    period: w.period.label,
    aggregates: w.aggregates
      .map(({ periodIndex: _, ...a }) => ({
        ...a,
        // A sum of products of doubles: the two roads add in different orders.
        waitMinutesWeighted: Number(a.waitMinutesWeighted.toPrecision(12)),
      }))
      .sort((a, b) => unit(a).localeCompare(unit(b))),
    marks: w.marks
      .map(({ type, severity, districtCode, department }) => ({
        type,
        severity,
        districtCode,
        department,
      }))
      .sort((a, b) => `${a.type}/${unit(a)}`.localeCompare(`${b.type}/${unit(b)}`)),
  }));
}

/** The raw path takes ~0.1 s a week on the demo; a loaded CI machine several times that. */
const SLOW = 120_000;

describe('weekly rollups', () => {
  it.each(VIEWS)(
    'match the raw computation in every week of the demo: $name',
    async (view) => {
      await expectRollupsMatchRaw(view, weeks(DEMO_PERIOD.from, DEMO_PERIOD.to));
    },
    SLOW,
  );

  it('answer with the planted flags (so the comparison is not between two empty lists)', async () => {
    const period = weekPeriod('2020-W34');
    const flags = await loadFlags(db, { scope: CITY_SCOPE, period, department: '医保' });
    expect(
      flags
        .filter((f) => f.districtCode === PLANTED.throttling.district)
        .map((f) => f.type)
        .sort(),
    ).toEqual(
      [
        'complaint_surge',
        'complaints_unresolved',
        'delegated_without_supervision',
        'online_target_missed',
        'out_of_queue_handling',
        'ticket_throttling',
      ].sort(),
    );
  });

  it('take a batch that changes past weeks and adds one after the end', async () => {
    const files = {
      // A first follow-up earlier than the planted one: every week the powers were open
      // now says when they were followed up.
      'supervision-late.csv':
        'date,district_code,department,power_code,action_type,performed_by,notes\n' +
        '2020-09-10,230102,医保,,training,哈尔滨市医疗保障局,补课培训\n',
      // A second centre in a well-run district, turning people away in 2020-W34, and a day
      // of data in the first week of 2021.
      'window-extra.csv':
        'date,district_code,center_code,center_name,department,windows_open,staff_on_duty,ticket_capacity,tickets_issued,visitors,cases_accepted,cases_completed,cases_out_of_queue,avg_wait_minutes,ratings_good,ratings_bad\n' +
        ['2020-08-17', '2020-08-18', '2020-08-19']
          .map((d) => `${d},230103,230103-YB2,南岗区医保分中心,医保,3,3,100,40,150,40,40,2,80,10,5`)
          .join('\n') +
        '\n2021-01-04,230103,230103-YB2,南岗区医保分中心,医保,3,3,100,90,80,80,80,0,10,30,0\n',
      // 木兰县 社保 loses items online in November.
      'online-drop.csv':
        'as_of,district_code,department,items_total,items_exempt,items_online,items_queryable\n' +
        '2020-11-02,230127,社保,60,2,40,50\n',
      // The registry renames a district and counts more residents: every week's league table
      // changes, though no number behind it did.
      'districts-rename.csv':
        'district_code,district_name,level,parent_code,population\n' +
        '230103,南岗新区,district,230100,1200000\n',
      // A stricter online target for 呼兰区 from October.
      'targets-hulan.csv':
        'metric,target,district_code,department,effective_from\n' +
        'online_rate,0.99,230111,,2020-10-01\n',
    };
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    const report = await load(
      db,
      Object.keys(files).map((name) => ({ name, path: join(dir, name) })),
      { source: 'test' },
    );
    expect(report.errors).toEqual([]);
    expect(report.outcome).toBe('committed');

    // The batch really changed what the weeks say.
    const w34 = await loadFlags(db, {
      scope: districtScope(['230103']),
      period: weekPeriod('2020-W34'),
      department: '医保',
    });
    expect(w34.map((f) => f.type)).toContain('ticket_throttling');
    const [gap] = (
      await loadFlags(db, {
        scope: districtScope(['230102']),
        period: weekPeriod('2020-W34'),
        department: '医保',
      })
    ).filter((f) => f.type === 'delegated_without_supervision');
    // W34's evidence is as of W34: the follow-up of 10 September is not cited there …
    expect(gap).toBeDefined();
    expect(JSON.stringify(gap?.evidence)).not.toContain('2020-09-10');
    // … but it ends the run from its own week (2020-W37), which the planted gap had kept open.
    const w37 = await loadFlags(db, {
      scope: districtScope(['230102']),
      period: weekPeriod('2020-W37'),
      department: '医保',
    });
    expect(w37.filter((f) => f.type === 'delegated_without_supervision')).toEqual([]);
    const recent = await loadScorecard(db, {
      scope: CITY_SCOPE,
      period: weekPeriod('2020-W50'),
      department: null,
    });
    expect(recent.units.find((u) => u.districtCode === '230103')?.districtName).toBe('南岗新区');
    // The latest 26 weeks' city-wide tables (2020-W29 to 2021-W01) are stored; older ones are built.
    const stored = await db.all<{ first: string; n: number }>({
      sql: `SELECT strftime(min(week_start), '%Y-%m-%d') AS first, count(*)::INTEGER AS n
            FROM scorecard_week`,
    });
    expect(stored).toEqual([{ first: weekPeriod('2020-W29').start, n: 26 }]);
  });

  it.each(VIEWS)(
    'stay exact after that batch: $name',
    async (view) => {
      await expectRollupsMatchRaw(view, weeks(DEMO_PERIOD.from, '2021-01-04'));
    },
    SLOW,
  );

  it('are left alone by a batch that changes nothing', async () => {
    const before = await getRollupState(db);
    const names = ['supervision-late.csv', 'window-extra.csv', 'online-drop.csv'];
    const again = await load(
      db,
      names.map((name) => ({ name, path: join(dir, name) })),
      { source: 'test' },
    );
    expect(again.outcome).toBe('unchanged');
    expect(again.timings.rollupMs).toBe(0);
    expect(await getRollupState(db)).toEqual(before);
  });
});
