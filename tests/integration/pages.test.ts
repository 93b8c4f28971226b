/**
 * The dashboard pages' loaders, called the way Remix calls them, over the demo city registered
 * as the process's database (and, for the empty state, over a database with nothing loaded):
 * parameters are validated into 400s in both languages, an unknown district is a 404, a week
 * without data is "no data", and the flags CSV opens in Excel without running anything.
 */
import type { LoaderFunctionArgs } from '@remix-run/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/client';
import { processDb, setProcessDb } from '../../db/handle';
import { randomBytes } from 'node:crypto';
import { setSessionSecret } from '../../app/auth/secret.server';
import { signIn, type SignedIn } from '../helpers/auth';
import { listLoadHistory } from '../../db/queries/data-status';
import { CITY_SCOPE, districtScope } from '../../db/scope';
import { assessFreshness } from '../../app/routes/data/data-status.server';
import Papa from 'papaparse';
import { buildFlagsCsv, csvCell, csvLine } from '../../app/flags/csv.server';
import { langCookie } from '../../app/http/lang.server';
import { loadFlags, loadScorecard, type FlagWithSources } from '../../app/weeks/oversight.server';
import { sortUnits } from '../../oversight/league';
import { loadStatusHistory } from '../../app/weeks/status-history.server';
import { overallStatus } from '../../oversight/status';
import { previousPeriods, weekPeriod } from '../../oversight/period';
import { FLAG_TYPES, METRICS } from '../../oversight/types';
import { loader as overviewLoader } from '../../app/routes/_index/route';
import { loader as dataLoader } from '../../app/routes/data/route';
import { loader as districtLoader } from '../../app/routes/districts.$code/route';
import { loader as flagsLoader } from '../../app/routes/flags/route';
import { loader as csvLoader } from '../../app/routes/flags[.]csv';
import { PLANTED } from '../../etl/demo/planted';
import { evidenceOf, type FindingOf } from '../../oversight/flags/rules';
import { demoDb, freshDb } from '../helpers/db';

/** The first planted throttling week is W30; by W34 道里区 has every planted pattern open. */
const WEEK = '2020-W34';
const DAOLI = PLANTED.throttling.district;
const HAN = /\p{Script=Han}/u;

let demo: Db;
let empty: Db;

let signedIn: SignedIn;
let signedInEmpty: SignedIn;
let daoliOfficer: SignedIn;

beforeAll(async () => {
  demo = await demoDb('pages.test');
  empty = await freshDb();
  setSessionSecret(randomBytes(32));
  // The pages are read as a commission member would (whole city, evidence, exports).
  signedIn = await signIn(demo, 'pages-commission', 'commission');
  signedInEmpty = await signIn(empty, 'pages-commission', 'commission');
  daoliOfficer = await signIn(demo, 'pages-daoli', 'district_officer', [DAOLI]);
  setProcessDb(demo);
});
afterAll(() => {
  setProcessDb(undefined);
  demo?.close();
  empty?.close();
});

/** Calls a loader; a thrown Response (an expected failure) is returned, not thrown. */
async function call<T>(
  loader: (args: LoaderFunctionArgs) => Promise<T>,
  path: string,
  options: { params?: Record<string, string>; lang?: 'zh' | 'en'; as?: SignedIn } = {},
): Promise<T | Response> {
  const headers = new Headers();
  const session = options.as ?? (processDb() === empty ? signedInEmpty : signedIn);
  const cookies = [session.cookie];
  if (options.lang) cookies.push((await langCookie.serialize(options.lang)).split(';')[0]!);
  headers.set('Cookie', cookies.join('; '));
  try {
    return await loader({
      request: new Request(`http://x${path}`, { headers }),
      params: options.params ?? {},
      context: {},
    });
  } catch (e) {
    if (e instanceof Response) return e;
    throw e;
  }
}

/** The loader's data; fails the test when it answered with a Response instead. */
async function data<T>(result: Promise<T | Response>): Promise<Exclude<T, Response>> {
  const r = await result;
  if (r instanceof Response) throw new Error(`expected data, got HTTP ${r.status}`);
  return r as Exclude<T, Response>;
}

/** A 400 (or 404) that explains itself in Chinese and in English. */
async function expectError(result: Promise<unknown>, status: number) {
  const response = await result;
  expect(response).toBeInstanceOf(Response);
  const r = response as Response;
  expect(r.status).toBe(status);
  const body = (await r.json()) as { error: { zh: string; en: string } };
  expect(body.error.zh).toMatch(HAN);
  expect(body.error.en).toMatch(/[a-z]{3}/i);
  expect(body.error.en).not.toMatch(HAN);
  return body.error;
}

async function overview(query: string) {
  const d = await data(call(overviewLoader, `/${query}`));
  if (d.empty) throw new Error('expected the overview, got the empty state');
  return d;
}

describe('overview /', () => {
  it('defaults to the latest complete week with data and shows every district', async () => {
    const d = await overview('');
    expect(d.period.label).toBe('2020-W52');
    expect(d.scorecard.hasData).toBe(true);
    expect(d.scorecard.units.length).toBe(19);
    expect(d.latestWeek).toBe('2020-W52');
    expect(d.departments).toEqual(['医保', '社保']);
  });

  it('ranks the planted throttling district last in a throttled week, with its flags counted', async () => {
    const d = await overview(`?week=${WEEK}`);
    const ranked = d.scorecard.units.filter((u) => u.rank !== null);
    expect(ranked.at(-1)!.districtCode).toBe(DAOLI);
    expect(d.rankedCount).toBe(ranked.length);
    const counts = new Map(d.flagCounts.map((c) => [c.type, c.count]));
    expect(counts.get('ticket_throttling')).toBeGreaterThanOrEqual(1);
    for (const c of d.flagCounts) {
      expect(FLAG_TYPES).toContain(c.type);
      expect(c.count).toBeGreaterThan(0);
      expect(c.high).toBeLessThanOrEqual(c.count);
    }
    expect(d.flagCounts.reduce((s, c) => s + c.count, 0)).toBe(d.scorecard.city.flags.length);
  });

  it('gives tied districts one rank, the next rank skipping the places they fill', async () => {
    const d = await overview(`?week=${WEEK}`);
    const ranked = d.scorecard.units.filter((u) => u.rank !== null);
    const scores = ranked.map((u) => u.score!);
    for (const u of ranked) {
      const better = scores.filter((s) => s > u.score! + 1e-9).length;
      expect(u.rank, u.districtName).toBe(better + 1);
    }
    // The demo week has ties, so ranks repeat: "1, 1, …, 14".
    expect(new Set(ranked.map((u) => u.rank)).size).toBeLessThan(ranked.length);
    expect(ranked.at(-1)!.rank).toBe(ranked.length);
  });

  it('opens on what needs attention: the bottom districts, new, persisting and resolved flags', async () => {
    const d = await overview(`?week=${WEEK}`);
    const { attention } = d;
    const daoli = d.scorecard.units.find((u) => u.districtCode === DAOLI)!;
    expect(attention.bottom[0]).toMatchObject({
      districtCode: DAOLI,
      rank: d.rankedCount,
      high: daoli.flags.filter((f) => f.severity === 'high').length,
    });
    expect(attention.bottom[0]!.high).toBeGreaterThanOrEqual(3);
    for (const u of attention.bottom) expect(u.rank).toBeGreaterThan(d.rankedCount - 3);

    const flagsNow = (await data(call(flagsLoader, `/flags?week=${WEEK}`))) as {
      flags: { type: string; districtCode: string; openPeriods: number }[];
    };
    const previousWeek = d.scorecard.previousPeriod.label;
    const flagsBefore = (await data(call(flagsLoader, `/flags?week=${previousWeek}`))) as {
      flags: { type: string; districtCode: string }[];
    };
    const key = (f: { type: string; districtCode: string }) => `${f.type}/${f.districtCode}`;
    const keys = (list: { type: string; districtCode: string }[]) => list.map(key).sort();
    // New and persisting agree with "open since" on the flags page.
    expect(keys(attention.newFlags)).toEqual(
      keys(flagsNow.flags.filter((f) => f.openPeriods === 1)),
    );
    expect(keys(attention.persisting)).toEqual(
      keys(flagsNow.flags.filter((f) => f.openPeriods >= 3)),
    );
    expect(attention.persisting.some((f) => f.districtCode === DAOLI)).toBe(true);
    const now = new Set(flagsNow.flags.map(key));
    for (const f of attention.resolved) {
      expect(now.has(key(f))).toBe(false);
      expect(flagsBefore.flags.map(key)).toContain(key(f));
    }
  });

  it('shows a district officer the city rank of their district and nothing of the others', async () => {
    const city = await overview(`?week=${WEEK}`);
    const own = await data(call(overviewLoader, `/?week=${WEEK}`, { as: daoliOfficer }));
    if (own.empty) throw new Error('expected the overview');
    expect(own.scorecard.units.map((u) => u.districtCode)).toEqual([DAOLI]);
    expect(own.rankedCount).toBe(city.rankedCount);
    expect(own.scorecard.units[0]!.rank).toBe(city.rankedCount);
    expect(own.attention.bottom.map((u) => u.districtCode)).toEqual([DAOLI]);
    const page = JSON.stringify(own);
    for (const other of city.scorecard.units.filter((u) => u.districtCode !== DAOLI)) {
      expect(page).not.toContain(other.districtName);
    }
    const district = await data(
      call(districtLoader, `/districts/${DAOLI}?week=${WEEK}`, {
        params: { code: DAOLI },
        as: daoliOfficer,
      }),
    );
    if (district.empty) throw new Error('expected the district page');
    expect(district.unit.rank).toBe(city.rankedCount);
    expect(district.rankedCount).toBe(city.rankedCount);
  });

  it('gives the city its metrics now and last week, and last week’s complaint count', async () => {
    const d = await overview(`?week=${WEEK}`);
    for (const m of METRICS) {
      expect(d.scorecard.city.metrics[m].metric).toBe(m);
      expect(d.scorecard.cityPrevious[m].metric).toBe(m);
    }
    expect(d.previousComplaints).toBe(d.history.cityComplaints.at(-2)!.complaints);
    expect(d.history.cityComplaints.at(-1)!.complaints).toBe(d.scorecard.city.complaints.count);
  });

  it('sorts the league table by a metric, either way, without losing a district', async () => {
    const asc = await overview(`?week=${WEEK}&sort=ticket_utilization&dir=asc`);
    const desc = await overview(`?week=${WEEK}&sort=ticket_utilization&dir=desc`);
    const values = (units: typeof asc.scorecard.units) =>
      units.map((u) => u.metrics.ticket_utilization.value).filter((v) => v !== null);
    const a = values(asc.scorecard.units);
    expect(a).toEqual([...a].sort((x, y) => x - y));
    expect(values(desc.scorecard.units)).toEqual([...a].reverse());
    expect(asc.scorecard.units[0]!.districtCode).toBe(DAOLI);
    expect(new Set(asc.scorecard.units.map((u) => u.districtCode)).size).toBe(19);
  });

  it('keeps units without a value at the bottom in both directions', () => {
    const unit = (code: string, value: number | null, rank: number | null) =>
      ({
        districtCode: code,
        rank,
        metrics: { online_rate: { value } },
      }) as unknown as Parameters<typeof sortUnits>[0][number];
    const units = [unit('3', null, null), unit('1', 0.5, 2), unit('2', 0.9, 1)];
    expect(sortUnits(units, 'online_rate', 'asc').map((u) => u.districtCode)).toEqual([
      '1',
      '2',
      '3',
    ]);
    expect(sortUnits(units, 'online_rate', 'desc').map((u) => u.districtCode)).toEqual([
      '2',
      '1',
      '3',
    ]);
  });

  it('says "no data" for a week before anything was reported, not an error', async () => {
    const d = await overview('?week=2019-W10');
    expect(d.scorecard.hasData).toBe(false);
    expect(d.scorecard.units.every((u) => u.rank === null)).toBe(true);
  });

  it.each(['?week=2020-W99', '?week=yesterday', '?sort=population', '?sort=rank&dir=up'])(
    '%s is a 400 in both languages',
    async (query) => {
      await expectError(call(overviewLoader, `/${query}`), 400);
    },
  );
});

describe('the heat grid', () => {
  it('has every district in each of the last 8 weeks', async () => {
    const d = await overview(`?week=${WEEK}`);
    expect(d.history.weeks).toEqual(
      [...previousPeriods(weekPeriod(WEEK), 7), weekPeriod(WEEK)].map((p) => p.label),
    );
    expect(d.history.cells.length).toBe(8 * 19);
    const daoli = d.history.cells.filter((c) => c.districtCode === DAOLI);
    // 道里区 throttles from W30: missed from then on.
    expect(daoli.filter((c) => c.week >= '2020-W30').map((c) => c.status)).toEqual(
      Array(5).fill('missed'),
    );
  });

  it('gives each week exactly the status its own scorecard gives (one batched query, same rules)', async () => {
    const period = weekPeriod(WEEK);
    for (const department of [null, '医保']) {
      const history = await loadStatusHistory(demo, { scope: CITY_SCOPE, period, department });
      for (const week of [...previousPeriods(period, 7), period]) {
        const scorecard = await loadScorecard(demo, {
          scope: CITY_SCOPE,
          period: week,
          department,
        });
        const expected = scorecard.units.map((u) => [u.districtCode, overallStatus(u), u.score]);
        const got = history.cells
          .filter((c) => c.week === week.label)
          .map((c) => [c.districtCode, c.status, c.score]);
        expect(got, `${week.label} ${department ?? 'all'}`).toEqual(expected);
      }
    }
  });
});

describe('district /districts/:code', () => {
  async function district(code: string, query = `?week=${WEEK}`) {
    const d = await data(call(districtLoader, `/districts/${code}${query}`, { params: { code } }));
    if (d.empty) throw new Error('expected the district page');
    return d;
  }

  it('gives the district its rank, statuses, chart series and flags with evidence', async () => {
    const d = await district(DAOLI);
    expect(d.unit.districtCode).toBe(DAOLI);
    expect(d.unit.rank).toBe(d.rankedCount);
    expect(d.unit.metrics.ticket_utilization.status).toBe('missed');
    // 8 weeks of working days, ending with the period.
    const recent = d.daily.filter((x) => x.date >= d.recentFrom);
    expect(recent.length).toBe(40);
    expect(recent.at(-1)!.date <= d.period.end).toBe(true);
    expect(d.online.length).toBeGreaterThan(10);
    expect(d.onlineTarget).toBeCloseTo(0.967);
    expect(d.complaints.map((w) => w.week).at(-1)).toBe(WEEK);
    expect(d.timeline.delegations.length).toBeGreaterThan(0);
    const throttling = d.flags.find((f) => f.type === 'ticket_throttling');
    expect(throttling?.evidence.days).toEqual(expect.arrayContaining([expect.any(Object)]));
    expect(throttling!.sources[0]!.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(d.flags.every((f) => f.districtCode === DAOLI)).toBe(true);
  });

  it('forecasts the online rollout only while below target', async () => {
    const stalled = await district(DAOLI, '?week=2020-W34&department=医保');
    expect(stalled.forecast).toEqual(expect.objectContaining({ rate: stalled.onlineTarget }));
    const wellRun = await district(PLANTED.wellRun[0]!);
    expect(wellRun.forecast).toBeNull();
  });

  it.each(['abc', '2301', '23010x', '2301020'])('/districts/%s is a 400', async (code) => {
    const error = await expectError(
      call(districtLoader, `/districts/${code}`, { params: { code } }),
      400,
    );
    expect(error.en).toContain(code);
  });

  it('an unknown district is a 404 naming the code in both languages', async () => {
    const error = await expectError(
      call(districtLoader, '/districts/999999', { params: { code: '999999' } }),
      404,
    );
    expect(error.zh).toContain('999999');
    expect(error.en).toContain('999999');
  });

  it('a malformed week is a 400 here too', async () => {
    await expectError(
      call(districtLoader, `/districts/${DAOLI}?week=2020-W60`, { params: { code: DAOLI } }),
      400,
    );
  });
});

describe('flags /flags', () => {
  async function flags(query: string) {
    const d = await data(call(flagsLoader, `/flags${query}`));
    if (d.empty) throw new Error('expected the flags page');
    return d;
  }

  it('lists the week’s flags with what the filters can choose from', async () => {
    const d = await flags(`?week=${WEEK}`);
    expect(d.flags.length).toBeGreaterThan(3);
    expect(d.districts.length).toBe(19);
    expect(d.departments).toEqual(['医保', '社保']);
    for (const f of d.flags) {
      expect(f.firstSeen <= WEEK).toBe(true);
      expect(f.openPeriods).toBeGreaterThanOrEqual(1);
    }
  });

  it.each<[string, (f: FlagWithSources) => boolean]>([
    ['type=ticket_throttling', (f) => f.type === 'ticket_throttling'],
    ['severity=high', (f) => f.severity === 'high'],
    [`district=${DAOLI}`, (f) => f.districtCode === DAOLI],
    ['department=医保', (f) => f.department === '医保'],
  ])('?%s keeps exactly those flags', async (filter, keep) => {
    const all = (await flags(`?week=${WEEK}`)).flags;
    const filtered = (await flags(`?week=${WEEK}&${encodeURI(filter)}`)).flags;
    expect(filtered.length).toBeGreaterThan(0);
    expect(filtered).toEqual(all.filter(keep));
  });

  it.each(['type=bogus', 'severity=urgent', 'district=12', 'week=2020-W00'])(
    '?%s is a 400',
    async (filter) => {
      await expectError(call(flagsLoader, `/flags?${filter}`), 400);
    },
  );

  it('lists every week of a week range, newest first, with the surge flag in each surge week', async () => {
    const [from, to] = PLANTED.surge.weeks;
    const d = await flags(`?from=${from}&to=${to}&type=complaint_surge`);
    const surgeWeeks = d.flags
      .filter((f) => f.districtCode === PLANTED.surge.district)
      .filter((f) => f.department === PLANTED.surge.department)
      .map((f) => f.period);
    expect(surgeWeeks).toEqual(['2020-W35', '2020-W34', '2020-W33']);
    const periods = d.flags.map((f) => f.period);
    expect(periods).toEqual([...periods].sort().reverse());
    expect(d.weekRange).toEqual({ from, to });
  });

  it('applies the same filters in every week of the range', async () => {
    const all = (await flags('?from=2020-W33&to=2020-W35')).flags;
    const filtered = (await flags(`?from=2020-W33&to=2020-W35&district=${DAOLI}&severity=high`))
      .flags;
    expect(filtered.length).toBeGreaterThan(0);
    expect(filtered).toEqual(all.filter((f) => f.districtCode === DAOLI && f.severity === 'high'));
    expect(new Set(all.map((f) => f.period))).toEqual(
      new Set(['2020-W33', '2020-W34', '2020-W35']),
    );
  });

  it.each([
    ['from after to', 'from=2020-W36&to=2020-W30'],
    ['more than 26 weeks', 'from=2020-W01&to=2020-W27'],
    ['only one end', 'from=2020-W30'],
    ['a month for a week', 'from=2020-08&to=2020-W36'],
  ])('a week range with %s is a 400', async (_why, query) => {
    await expectError(call(flagsLoader, `/flags?${query}`), 400);
  });

  it('accepts a range of exactly 26 weeks', async () => {
    const d = await flags('?from=2020-W27&to=2020-W52&type=missing_reports');
    expect(d.flags.length).toBeGreaterThan(0);
  });
});

/** A CSV's cells as Excel reads them (BOM dropped, quotes undone), a row per line. */
const parseCsv = (text: string) =>
  Papa.parse<string[]>(text.replace(/^\uFEFF/, '').trimEnd(), { delimiter: ',' }).data;

describe('the flags CSV /flags.csv', () => {
  async function csv(query: string, lang?: 'zh' | 'en') {
    const response = await call(csvLoader, `/flags.csv${query}`, { lang });
    expect(response).toBeInstanceOf(Response);
    const r = response as Response;
    expect(r.status).toBe(200);
    const bytes = new Uint8Array(await r.arrayBuffer());
    return {
      response: r,
      bytes,
      text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes),
    };
  }

  it('is UTF-8 with a BOM, Chinese headers and a Chinese file name by default', async () => {
    const { response, bytes, text } = await csv(`?week=${WEEK}&type=ticket_throttling`);
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(response.headers.get('Content-Type')).toBe('text/csv; charset=utf-8');
    const disposition = response.headers.get('Content-Disposition')!;
    expect(disposition).toContain('attachment');
    expect(disposition).toContain('filename="flags_2020-W34.csv"');
    expect(disposition).toContain(`filename*=UTF-8''${encodeURIComponent('预警_2020-W34.csv')}`);
    const lines = text.slice(1).split('\r\n');
    expect(lines.at(-1)).toBe('');
    const [header, ...rows] = parseCsv(text);
    // Where, what and since when; then the throttling evidence as labelled columns (no JSON);
    // then the files.
    expect(header!.slice(0, 9)).toEqual([
      '预警类型',
      '严重程度',
      '区划代码',
      '区县',
      '业务条线',
      '统计周期',
      '预警内容',
      '首次出现',
      '持续期数',
    ]);
    expect(header).toContain('限号天数');
    expect(header).toContain('日可办理量（限号日合计）');
    expect(header).toContain('逐日明细（条数）');
    expect(header!.at(-1)).toBe('来源文件（SHA-256）');
    expect(header!.some((h) => /JSON/.test(h))).toBe(false);
    // Only the types present: no online or complaint columns in a throttling export.
    expect(header).not.toContain('网办率');
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r[0] === '限号')).toBe(true);
    expect(rows.every((r) => r.length === header!.length)).toBe(true);

    // The planted unit's row carries the numbers its flag has, one per column.
    const flag = (
      await loadFlags(
        demo,
        { scope: CITY_SCOPE, period: weekPeriod(WEEK), department: null },
        { type: 'ticket_throttling', districtCode: DAOLI },
      )
    ).find((x) => x.department === PLANTED.throttling.department)!;
    const evidence = evidenceOf(flag, 'ticket_throttling');
    const row = rows.find((r) => r[2] === DAOLI && r[4] === PLANTED.throttling.department)!;
    const cell = (name: string) => row[header!.indexOf(name)];
    expect(row.slice(2, 6)).toEqual([DAOLI, '道里区', PLANTED.throttling.department, WEEK]);
    expect(cell('限号天数')).toBe(String(evidence.throttledDays));
    expect(Number(cell('限号天数'))).toBeGreaterThanOrEqual(3);
    expect(cell('日可办理量（限号日合计）')).toBe(String(evidence.ticketCapacity));
    expect(cell('发放号数（限号日合计）')).toBe(String(evidence.ticketsIssued));
    // Shares as percentages, the list of days as its count (the days are in the evidence package).
    expect(cell('限号阈值（发放号数 ÷ 日可办理量）')).toBe('80.0%');
    expect(cell('逐日明细（条数）')).toBe(String(evidence.days.length));
    expect(cell('来源文件（SHA-256）')).toMatch(/^window_daily\.csv \([0-9a-f]{64}\)$/);
  });

  it('has English headers and file name for an English reader, with the same filters', async () => {
    const { response, text } = await csv(`?week=${WEEK}&district=${DAOLI}`, 'en');
    expect(response.headers.get('Content-Disposition')).toContain(
      "filename*=UTF-8''flags_2020-W34.csv",
    );
    const [header, ...rows] = text.slice(1).trim().split('\r\n');
    expect(header).toMatch(/^Type,Severity,District code,District,/);
    expect(rows.length).toBeGreaterThan(1);
    expect(rows.every((r) => r.includes(`,${DAOLI},`))).toBe(true);
    // The evidence columns in English too, over every type present.
    const [columns] = parseCsv(text);
    expect(columns).toContain('Throttled days');
    expect(columns).toContain('Online rate');
    expect(columns).toContain('Powers without follow-up (rows)');
  });

  it('is a 400 for a malformed filter, like the page', async () => {
    await expectError(call(csvLoader, '/flags.csv?type=bogus'), 400);
  });

  it('has rows from several weeks for a week range, with their period', async () => {
    const { response, text } = await csv(`?from=2020-W33&to=2020-W35&district=${DAOLI}`, 'en');
    expect(response.headers.get('Content-Disposition')).toContain(
      'filename="flags_2020-W33_2020-W35.csv"',
    );
    const [header, ...rows] = text.slice(1).trim().split('\r\n');
    expect(header!.split(',')[5]).toBe('Period');
    const periods = new Set(rows.map((r) => /,(2020-W\d{2}),/.exec(r)?.[1]));
    expect(periods).toEqual(new Set(['2020-W33', '2020-W34', '2020-W35']));
  });

  it('is a 400 for a week range over 26 weeks, like the page', async () => {
    await expectError(call(csvLoader, '/flags.csv?from=2020-W01&to=2020-W30'), 400);
  });

  it('escapes cells a spreadsheet would run as a formula, and quotes what needs quoting', () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tcmd')).toBe("'\tcmd");
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('道里区')).toBe('道里区');
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell(null)).toBe('');
    expect(csvLine(['a', 1, null, '=x'])).toBe("a,1,,'=x");
  });

  it('escapes data from the files too: a district or department named like a formula', () => {
    const flag: FlagWithSources = {
      type: 'ticket_throttling',
      severity: 'high',
      titleZh: '-5 天',
      titleEn: '-5 days',
      // Only the cells that come from the files matter here; the evidence is cut short.
      evidence: { throttledDays: 5 } as FindingOf<'ticket_throttling'>['evidence'],
      districtCode: '230102',
      districtName: '=cmd|"/c calc"!A1',
      department: '@医保',
      period: WEEK,
      firstSeen: WEEK,
      openPeriods: 1,
      openBeyondHistory: false,
      sources: [],
    };
    const csv = buildFlagsCsv([flag], 'zh');
    const [, row] = csv.slice(1).split('\r\n');
    expect(
      row!.startsWith(`限号,高,230102,"'=cmd|""/c calc""!A1",'@医保,${WEEK},'-5 天,${WEEK},1,5,`),
    ).toBe(true);
    // The fields the evidence lacks are empty cells, one under each of the other columns.
    const [header, cells] = parseCsv(csv);
    expect(cells!.length).toBe(header!.length);
    expect(cells![header!.indexOf('限号天数')]).toBe('5');
    expect(cells!.slice(header!.indexOf('限号天数') + 1)).toEqual(
      header!.slice(header!.indexOf('限号天数') + 1).map(() => ''),
    );
  });
});

describe('data /data', () => {
  it('shows the load with its files, hashes and counts, and every district’s freshness', async () => {
    const d = await data(call(dataLoader, '/data'));
    expect(d.batches.length).toBe(1);
    const batch = d.batches[0]!;
    expect(batch.loadedBy).toBe('pages.test');
    expect(batch.outcome).toBe('committed');
    expect(batch.files.length).toBe(7);
    for (const f of batch.files) {
      expect(f.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(f.rowsInserted).toBe(f.rowsRead);
      expect(f.bytes).toBeTypeOf('number');
    }
    expect(d.referenceDate).toBe('2020-12-31');
    expect(new Set(d.freshness.map((r) => r.districtCode)).size).toBe(19);
    const daoli = d.freshness.filter((r) => r.districtCode === DAOLI);
    expect(daoli.map((r) => r.department)).toEqual(['医保', '社保']);
    expect(daoli.every((r) => !r.windowStale && !r.onlineStale)).toBe(true);
  });

  it('shows a district viewer only the files that wrote their districts’ rows', async () => {
    const [batch] = await listLoadHistory(demo, districtScope([DAOLI]));
    const kinds = batch!.files.map((f) => f.kind).sort();
    expect(kinds).toEqual([
      'complaints',
      'delegations',
      'online_availability',
      'supervision',
      'window_daily',
    ]);
    expect(await listLoadHistory(demo, districtScope(['999999']))).toEqual([]);
  });

  it('marks stale and missing data, measured against the latest window data', () => {
    const row = (code: string, window: string | null, online: string | null) => ({
      districtCode: code,
      districtName: code,
      level: 'district',
      department: '医保',
      lastWindowDate: window,
      lastOnlineSnapshot: online,
    });
    const { referenceDate, freshness } = assessFreshness([
      row('1', '2020-12-31', '2020-12-28'),
      row('2', '2020-12-20', '2020-11-20'),
      row('3', null, null),
    ]);
    expect(referenceDate).toBe('2020-12-31');
    expect(
      freshness.map((r) => [r.windowBehind, r.windowStale, r.onlineBehind, r.onlineStale]),
    ).toEqual([
      [0, false, 3, false],
      [11, true, 41, true],
      [null, true, null, true],
    ]);
  });
});

describe('with nothing loaded', () => {
  beforeAll(() => setProcessDb(empty));
  afterAll(() => setProcessDb(demo));

  it('the overview explains how to load data instead of failing', async () => {
    expect(await data(call(overviewLoader, '/'))).toEqual({ empty: true });
  });

  it('the flags and district pages show the empty state too', async () => {
    expect(await data(call(flagsLoader, '/flags'))).toEqual({ empty: true });
    expect(
      await data(call(districtLoader, `/districts/${DAOLI}`, { params: { code: DAOLI } })),
    ).toEqual({ empty: true });
  });

  it('the data page has no loads and no districts', async () => {
    const d = await data(call(dataLoader, '/data'));
    expect(d.batches).toEqual([]);
    expect(d.freshness).toEqual([]);
    expect(d.referenceDate).toBeNull();
  });

  it('the CSV is just the header, with its BOM', async () => {
    const response = (await call(csvLoader, '/flags.csv')) as Response;
    expect(response.status).toBe(200);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await response.arrayBuffer());
    expect(text.startsWith('\uFEFF预警类型,')).toBe(true);
    expect(text.split('\r\n').filter(Boolean).length).toBe(1);
  });
});
