/**
 * The demo data generator: one city, its 18 districts, two departments, May to December 2020,
 * written as the seven file kinds of the data contract (docs/data-contract.md) with the quirks real
 * exports have — Chinese and English headers, GB18030, a UTF-8 BOM, a tab-delimited file.
 *
 * Pure and deterministic: the same seed gives the same bytes. Randomness comes from seeded
 * generators, one per stream (a centre's days, a district's complaints…), so that editing one
 * file's logic never shifts another file's numbers. The failure patterns are planted from
 * ./planted.ts and hold for every seed.
 *
 * Every text value is kept free of commas, tabs, quotes and line breaks, so the files need no
 * quoting and a reader may split lines naively; `formatTable` enforces it.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import iconv from 'iconv-lite';
import { fromDay, inIsoWeeks, isoWeekday, isWorkingDay, toDay } from './calendar';
import {
  DEFAULT_SEED,
  DEMO_CITY,
  DEMO_DEPARTMENTS,
  DEMO_TARGETS,
  ONLINE_ITEMS,
  PLANTED,
  type Department,
  type OnlineStall,
} from './planted';
import { buildComplaints } from './complaints';
import { buildDelegations, buildSupervision } from './follow-up';
import { createRng, formatTable, periodDays, UTF8_BOM, type Cell, type Rng } from './plumbing';

import { ALL_UNITS, CENTRES, isPlanted, LEVEL_LABEL, type Centre, type Unit } from './units';

export type DemoFileKind =
  | 'districts'
  | 'window_daily'
  | 'online_availability'
  | 'complaints'
  | 'delegations'
  | 'supervision'
  | 'targets'
  | 'calendar';

export interface DemoFile {
  name: string;
  kind: DemoFileKind;
  bytes: Buffer;
}

export interface DemoOptions {
  /** Any integer; defaults to DEFAULT_SEED. */
  seed?: number;
}

/** The headers the demo files are written with (the contract's English or Chinese names). */
export const DISTRICTS_HEADER = ['区划代码', '区县名称', '层级', '上级区划代码', '常住人口'];
export const WINDOW_DAILY_HEADER = [
  'date',
  'district_code',
  'center_code',
  'center_name',
  'department',
  'windows_open',
  'staff_on_duty',
  'ticket_capacity',
  'tickets_issued',
  'visitors',
  'cases_accepted',
  'cases_completed',
  'cases_out_of_queue',
  'avg_wait_minutes',
  'ratings_good',
  'ratings_bad',
];
export const ONLINE_HEADER = [
  '统计日期',
  '区划代码',
  '业务条线',
  '事项总数',
  '不宜网办事项数',
  '网上可办事项数',
  '网上可查询事项数',
];
export const TARGETS_HEADER = ['指标', '目标值', '区划代码', '业务条线', '生效日期'];

/** Generates every demo file in memory. */
export function generateDemoFiles(opts: DemoOptions = {}): DemoFile[] {
  const seed = opts.seed ?? DEFAULT_SEED;
  return [
    utf8('districts.csv', 'districts', buildDistricts()),
    utf8('window_daily.csv', 'window_daily', buildWindowDaily(seed)),
    {
      name: 'online_availability.csv',
      kind: 'online_availability',
      // Written the way Excel on a Chinese Windows saves "CSV": GB18030, no BOM.
      bytes: iconv.encode(buildOnlineAvailability(seed), 'gb18030'),
    },
    {
      name: 'complaints.tsv',
      kind: 'complaints',
      // The 12345 platform's export: UTF-8 with a BOM, tab-delimited.
      bytes: Buffer.concat([UTF8_BOM, Buffer.from(buildComplaints(seed), 'utf8')]),
    },
    utf8('delegations.csv', 'delegations', buildDelegations()),
    utf8('supervision.csv', 'supervision', buildSupervision(seed)),
    utf8('targets.csv', 'targets', buildTargets()),
  ];
}

/** Writes the demo files into dir (created if missing) and returns their paths. */
export async function writeDemoFiles(dir: string, opts: DemoOptions = {}): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const paths: string[] = [];
  for (const file of generateDemoFiles(opts)) {
    const target = path.join(dir, file.name);
    await writeFile(target, file.bytes);
    paths.push(target);
  }
  return paths;
}

// ---------------------------------------------------------------------------------------------
// districts.csv — UTF-8, Chinese headers

function buildDistricts(): string {
  return formatTable(
    DISTRICTS_HEADER,
    ALL_UNITS.map((u) => [
      u.code,
      u.name,
      LEVEL_LABEL[u.level],
      u.code === DEMO_CITY.code ? '' : DEMO_CITY.code,
      u.population,
    ]),
  );
}

// ---------------------------------------------------------------------------------------------
// window_daily.csv — UTF-8 without BOM, English headers

function buildWindowDaily(seed: number): string {
  const rngs = new Map(CENTRES.map((c) => [c.code, createRng(seed, `window:${c.code}`)]));
  const rows: Cell[][] = [];
  for (const day of periodDays()) {
    if (!isWorkingDay(day)) continue;
    const date = fromDay(day);
    for (const centre of CENTRES) {
      const missing = PLANTED.missingReports;
      if (centre.unit.code === missing.district && inIsoWeeks(date, missing.weeks)) continue;
      const rng = rngs.get(centre.code);
      if (!rng) throw new Error(`no generator for centre ${centre.code}`);
      rows.push([
        date,
        centre.unit.code,
        centre.code,
        centre.name,
        centre.department,
        ...windowDay(centre, date, rng),
      ]);
    }
  }
  return formatTable(WINDOW_DAILY_HEADER, rows);
}

/** One centre's day, from windows_open to ratings_bad. */
function windowDay(centre: Centre, date: string, rng: Rng): Cell[] {
  const capacity = centre.capacity;
  // A window handles about 20 cases a day.
  const windowsOpen = Math.max(4, Math.round(capacity / 20));
  const staff = windowsOpen + rng.int(1, 2);
  const t = PLANTED.throttling;
  const throttled = isPlanted(t, centre.unit.code, centre.department) && inIsoWeeks(date, t.weeks);

  let issued: number;
  let visitors: number;
  let outOfQueue: number;
  let wait: number;
  let badShare: number;
  if (throttled) {
    issued = rng.int(...t.issuedRange);
    visitors = rng.int(...t.visitorsRange);
    outOfQueue = rng.int(...t.outOfQueueRange);
    wait = rng.uniform(...t.avgWaitRange);
    badShare = rng.uniform(...t.badRatingShareRange);
  } else {
    // Well-run centres never see more people than they can serve; the others now and then do,
    // and then issue up to capacity. Tickets include online bookings, so issued may exceed
    // visitors (no-shows) but never falls below 92% of capacity.
    visitors = Math.round(capacity * rng.uniform(0.88, centre.unit.wellRun ? 0.99 : 1.04));
    issued = Math.min(capacity, Math.max(Math.round(capacity * rng.uniform(0.92, 1)), visitors));
    outOfQueue = 0;
    wait = rng.uniform(10, centre.unit.wellRun ? 18 : 25);
    badShare = rng.uniform(0, 0.03);
  }
  // Out-of-queue cases are accepted (and mostly completed) without a ticket.
  const accepted = Math.max(0, Math.min(issued, visitors) - rng.int(0, 2)) + outOfQueue;
  const completed = Math.max(outOfQueue, Math.round(accepted * rng.uniform(0.96, 1)));
  const rated = Math.round(completed * rng.uniform(0.35, 0.6));
  const bad = Math.floor(rated * badShare);
  return [
    windowsOpen,
    staff,
    capacity,
    issued,
    visitors,
    accepted,
    completed,
    outOfQueue,
    wait.toFixed(1),
    rated - bad,
    bad,
  ];
}

// ---------------------------------------------------------------------------------------------
// online_availability.csv — GB18030, Chinese headers, a snapshot every Monday

function buildOnlineAvailability(seed: number): string {
  const mondays = periodDays().filter((d) => isoWeekday(d) === 1);
  const rows: Cell[][] = [];
  const series = ALL_UNITS.flatMap((unit) =>
    DEMO_DEPARTMENTS.map((department) => ({
      unit,
      department,
      valueOn: onlineSeries(unit, department, mondays, createRng(seed, `online:${unit.code}`)),
    })),
  );
  for (const monday of mondays) {
    for (const { unit, department, valueOn } of series) {
      const { total, exempt } = ONLINE_ITEMS[department];
      const { online, queryable } = valueOn(monday);
      if (online > total - exempt) throw new Error(`items_online above applicable: ${unit.code}`);
      rows.push([fromDay(monday), unit.code, department, total, exempt, online, queryable]);
    }
  }
  return formatTable(ONLINE_HEADER, rows);
}

/**
 * A unit's items online over time: the planted stall where there is one, otherwise at least 97% of
 * the applicable items all along, completed to 100% on some Monday.
 */
function onlineSeries(
  unit: Unit,
  department: Department,
  mondays: readonly number[],
  rng: Rng,
): (monday: number) => { online: number; queryable: number } {
  const { total, exempt } = ONLINE_ITEMS[department];
  const applicable = total - exempt;
  // Nearly every item can at least be looked up online, exempt ones included.
  const queryableFixed = total - rng.int(0, 2);
  const stall = PLANTED.onlineStalls.find((s) => isPlanted(s, unit.code, department));
  if (stall) {
    return (monday) => {
      const online = stallValue(stall, monday);
      return { online, queryable: Math.max(online, queryableFixed) };
    };
  }
  const start = rng.int(Math.ceil(0.97 * applicable), applicable);
  const completedOn = rng.pick(mondays);
  return (monday) => {
    const online = monday >= completedOn ? applicable : start;
    return { online, queryable: Math.max(online, queryableFixed) };
  };
}

/** stuckAt up to stuckUntil, then an even climb, week by week, to reaches on reachedBy. */
function stallValue(stall: OnlineStall, monday: number): number {
  const stuckUntil = toDay(stall.stuckUntil);
  const reachedBy = toDay(stall.reachedBy);
  if (isoWeekday(stuckUntil) !== 1 || isoWeekday(reachedBy) !== 1) {
    throw new Error(`online stall dates must be Mondays: ${stall.district}`);
  }
  if (monday <= stuckUntil) return stall.stuckAt;
  if (monday >= reachedBy) return stall.reaches;
  const weeks = (reachedBy - stuckUntil) / 7;
  const k = (monday - stuckUntil) / 7;
  return stall.stuckAt + Math.round((k * (stall.reaches - stall.stuckAt)) / weeks);
}

// ---------------------------------------------------------------------------------------------
// targets.csv — UTF-8, Chinese headers

function buildTargets(): string {
  return formatTable(
    TARGETS_HEADER,
    DEMO_TARGETS.map((t) => [t.metric, t.target, t.district, t.department, t.effectiveFrom]),
  );
}

function utf8(name: string, kind: DemoFileKind, text: string): DemoFile {
  return { name, kind, bytes: Buffer.from(text, 'utf8') };
}
