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
import {
  dayParts,
  fromDay,
  inIsoWeeks,
  isoWeekday,
  isoWeekMonday,
  isoWeekOf,
  isWorkingDay,
  listIsoWeeks,
  toDay,
} from './calendar';
import {
  CITY_BUREAU,
  DEFAULT_SEED,
  DELEGATION_BATCHES,
  DEMO_CITY,
  DEMO_DEPARTMENTS,
  DEMO_DISTRICTS,
  DEMO_PERIOD,
  DEMO_TARGETS,
  ONLINE_ITEMS,
  PLANTED,
  TIMELY_SUPERVISION,
  type Department,
  type DemoDistrict,
  type DistrictLevel,
  type OnlineStall,
} from './planted';
import { POWER_NAMES } from './powers';

export type DemoFileKind =
  | 'districts'
  | 'window_daily'
  | 'online_availability'
  | 'complaints'
  | 'delegations'
  | 'supervision'
  | 'targets';

export interface DemoFile {
  name: string;
  kind: DemoFileKind;
  bytes: Buffer;
}

export interface DemoOptions {
  /** Any integer; defaults to DEFAULT_SEED. */
  seed?: number;
}

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
// Units: the city-level unit and the districts, and their service centres

interface Unit extends DemoDistrict {
  wellRun: boolean;
}

const CITY_UNIT: Unit = {
  code: DEMO_CITY.code,
  name: DEMO_CITY.name,
  level: DEMO_CITY.level,
  population: DEMO_DISTRICTS.reduce((sum, d) => sum + d.population, 0),
  wellRun: false,
};

const DISTRICT_UNITS: readonly Unit[] = DEMO_DISTRICTS.map((d) => ({
  ...d,
  wellRun: PLANTED.wellRun.includes(d.code),
}));

/** The city first, then its districts: every unit that reports online items and complaints. */
const ALL_UNITS: readonly Unit[] = [CITY_UNIT, ...DISTRICT_UNITS];

const DEPARTMENT_CODE: Readonly<Record<Department, string>> = { 医保: 'YB', 社保: 'SB' };

const LEVEL_LABEL: Readonly<Record<DistrictLevel, string>> = {
  city: '市',
  district: '区',
  county: '县',
  county_city: '县级市',
};

interface Centre {
  unit: Unit;
  department: Department;
  code: string;
  name: string;
  capacity: number;
}

/** One centre per district and department, plus the city's own 医保 centre (市本级). */
const CENTRES: readonly Centre[] = [
  {
    unit: CITY_UNIT,
    department: '医保',
    code: `${CITY_UNIT.code}-${DEPARTMENT_CODE['医保']}`,
    name: `${CITY_UNIT.name}市本级医保服务中心`,
    capacity: 200,
  },
  ...DISTRICT_UNITS.flatMap((unit) =>
    DEMO_DEPARTMENTS.map((department) => ({
      unit,
      department,
      code: `${unit.code}-${DEPARTMENT_CODE[department]}`,
      name: `${unit.name}${department}服务中心`,
      capacity: isPlanted(PLANTED.throttling, unit.code, department)
        ? PLANTED.throttling.capacity
        : capacityFor(unit.population, department),
    })),
  ),
];

/** Daily capacity 80–200 by population; 社保 centres are a little smaller. */
function capacityFor(population: number, department: Department): number {
  const scaled = 80 + (120 * (population - 150_000)) / (1_100_000 - 150_000);
  const sized = department === '社保' ? scaled * 0.8 : scaled;
  return Math.min(200, Math.max(80, Math.round(sized / 10) * 10));
}

function isPlanted(
  pattern: { district: string; department: Department },
  district: string,
  department: Department,
): boolean {
  return pattern.district === district && pattern.department === department;
}

// ---------------------------------------------------------------------------------------------
// districts.csv — UTF-8, Chinese headers

function buildDistricts(): string {
  return formatTable(
    ['区划代码', '区县名称', '层级', '上级区划代码', '常住人口'],
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
  return formatTable(
    [
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
    ],
    rows,
  );
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
  return formatTable(
    [
      '统计日期',
      '区划代码',
      '业务条线',
      '事项总数',
      '不宜网办事项数',
      '网上可办事项数',
      '网上可查询事项数',
    ],
    rows,
  );
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
// complaints.tsv — UTF-8 with BOM, tab-delimited, Chinese headers and labels

type Status = '待办理' | '已答复' | '已解决';

interface Complaint {
  /** Minutes since the epoch, for ordering and ids. */
  receivedAt: number;
  unit: Unit;
  department: Department;
  channel: string;
  category: string;
  status: Status;
  closedAt: number | null;
  satisfied: '是' | '否' | '';
}

const CHANNELS = ['12345热线', '网民留言', '信访', '其他'] as const;
const CATEGORIES = [
  '预约难',
  '排队',
  '电话不通',
  '黄牛代办',
  '服务态度',
  '网办故障',
  '其他',
] as const;

const BACKGROUND_CHANNEL_WEIGHTS = [60, 25, 5, 10];
const BACKGROUND_CATEGORY_WEIGHTS = [15, 20, 15, 5, 20, 15, 10];
const SURGE_CHANNEL_WEIGHTS = [80, 15, 5, 0];
const SURGE_CATEGORY_WEIGHTS = [40, 25, 5, 25, 5, 0, 0];

const MINUTES_PER_DAY = 1440;

function buildComplaints(seed: number): string {
  const surge = PLANTED.surge;
  const surgeWeeks = listIsoWeeks(surge.weeks);
  const periodWeeks = listIsoWeeks([isoWeekOf(toDay(DEMO_PERIOD.from)), isoWeekOf(periodEnd())]);
  const complaints: Complaint[] = [];

  for (const unit of ALL_UNITS) {
    const rng = createRng(seed, `complaints:${unit.code}`);
    for (const week of periodWeeks) {
      const days = weekDaysInPeriod(week);
      const surgeIndex = unit.code === surge.district ? surgeWeeks.indexOf(week) : -1;
      if (surgeIndex >= 0) {
        const count = surge.perWeek[surgeIndex];
        if (count === undefined) throw new Error(`no surge count for ${week}`);
        for (let i = 0; i < count; i++) complaints.push(surgeComplaint(unit, week, rng));
      }
      for (const department of backgroundDepartments(unit, surgeIndex >= 0, rng)) {
        complaints.push(backgroundComplaint(unit, department, rng.pick(days), rng));
      }
    }
  }

  complaints.sort(
    (a, b) =>
      a.receivedAt - b.receivedAt ||
      a.unit.code.localeCompare(b.unit.code) ||
      a.department.localeCompare(b.department),
  );
  const perDay = new Map<number, number>();
  const rows = complaints.map((c) => {
    const day = Math.floor(c.receivedAt / MINUTES_PER_DAY);
    const n = (perDay.get(day) ?? 0) + 1;
    perDay.set(day, n);
    const id = `12345-${fromDay(day).replaceAll('-', '')}-${String(n).padStart(4, '0')}`;
    return [
      id,
      formatDateTime(c.receivedAt),
      c.unit.code,
      c.department,
      c.channel,
      c.category,
      c.status,
      c.closedAt === null ? '' : formatDateTime(c.closedAt),
      c.satisfied,
    ];
  });
  return formatTable(
    [
      '工单编号',
      '受理时间',
      '区划代码',
      '业务条线',
      '来源渠道',
      '诉求类别',
      '办理状态',
      '办结时间',
      '是否满意',
    ],
    rows,
    '\t',
  );
}

/**
 * The departments of one unit's background complaints in one week: at most 4 per department, so
 * no background week can look like a surge (which needs at least 5).
 */
function backgroundDepartments(unit: Unit, inSurge: boolean, rng: Rng): Department[] {
  const surge = PLANTED.surge;
  if (unit.code === surge.district) {
    // The surge replaces the surge department's baseline in its weeks.
    const own = inSurge ? 0 : rng.int(...surge.baselinePerWeek);
    const other = rng.int(0, 1);
    return DEMO_DEPARTMENTS.flatMap((d) =>
      Array<Department>(d === surge.department ? own : other).fill(d),
    );
  }
  const count = unit.wellRun || unit.code === DEMO_CITY.code ? rng.int(0, 2) : rng.int(1, 4);
  return Array.from({ length: count }, () => rng.pick(DEMO_DEPARTMENTS));
}

function backgroundComplaint(unit: Unit, department: Department, day: number, rng: Rng): Complaint {
  const receivedAt = day * MINUTES_PER_DAY + rng.int(8 * 60, 20 * 60 - 1);
  const closedDay = day + rng.int(1, 5);
  const channel = rng.weighted(CHANNELS, BACKGROUND_CHANNEL_WEIGHTS);
  const category = rng.weighted(CATEGORIES, BACKGROUND_CATEGORY_WEIGHTS);
  const resolved = unit.wellRun || rng.next() < 0.9;
  const satisfactionDraw = rng.next();
  const closeMinute = rng.int(9 * 60, 17 * 60 + 30);
  if (closedDay > periodEnd()) {
    return {
      receivedAt,
      unit,
      department,
      channel,
      category,
      status: '待办理',
      closedAt: null,
      satisfied: '',
    };
  }
  // Resolved: mostly satisfied, some not asked; a few unsatisfied outside the well-run districts.
  let satisfied: Complaint['satisfied'] = '';
  if (!resolved) satisfied = satisfactionDraw < 0.6 ? '否' : '';
  else if (satisfactionDraw < (unit.wellRun ? 0.85 : 0.8)) satisfied = '是';
  else if (!unit.wellRun && satisfactionDraw >= 0.95) satisfied = '否';
  return {
    receivedAt,
    unit,
    department,
    channel,
    category,
    status: resolved ? '已解决' : '已答复',
    closedAt: closedDay * MINUTES_PER_DAY + closeMinute,
    satisfied,
  };
}

/** Received on a working day of the surge week, answered 1–3 days later within the same week. */
function surgeComplaint(unit: Unit, week: string, rng: Rng): Complaint {
  const surge = PLANTED.surge;
  const monday = isoWeekMonday(week);
  const day = monday + rng.int(0, 4);
  const delay = Math.min(rng.int(...surge.closedAfterDays), monday + 6 - day);
  return {
    receivedAt: day * MINUTES_PER_DAY + rng.int(8 * 60, 18 * 60 - 1),
    unit,
    department: surge.department,
    channel: rng.weighted(CHANNELS, SURGE_CHANNEL_WEIGHTS),
    category: rng.weighted(CATEGORIES, SURGE_CATEGORY_WEIGHTS),
    status: surge.status,
    closedAt: (day + delay) * MINUTES_PER_DAY + rng.int(9 * 60, 17 * 60 + 30),
    satisfied: rng.next() < 0.85 ? '否' : '',
  };
}

/** The days of an ISO week that fall inside the demo period. */
function weekDaysInPeriod(week: string): number[] {
  const monday = isoWeekMonday(week);
  const days: number[] = [];
  for (let d = monday; d < monday + 7; d++) {
    if (d >= toDay(DEMO_PERIOD.from) && d <= periodEnd()) days.push(d);
  }
  return days;
}

/** The 12345 platform's format: `2020/8/18 09:30`. */
function formatDateTime(minutes: number): string {
  const day = Math.floor(minutes / MINUTES_PER_DAY);
  const minuteOfDay = minutes - day * MINUTES_PER_DAY;
  const { year, month, date } = dayParts(day);
  const hh = String(Math.floor(minuteOfDay / 60)).padStart(2, '0');
  const mm = String(minuteOfDay % 60).padStart(2, '0');
  return `${year}/${month}/${date} ${hh}:${mm}`;
}

// ---------------------------------------------------------------------------------------------
// delegations.csv — UTF-8, Chinese headers; every power of a batch to every district

function buildDelegations(): string {
  const rows: Cell[][] = [];
  for (const batch of DELEGATION_BATCHES) {
    const powers = batchPowers(batch.department, batch.codePrefix, batch.count);
    for (const district of DISTRICT_UNITS) {
      for (const power of powers) {
        rows.push([
          batch.batch,
          batch.noticeDate,
          power.code,
          power.name,
          batch.department,
          batch.fromUnit,
          district.code,
          batch.effective,
        ]);
      }
    }
  }
  return formatTable(
    [
      '批次',
      '通知日期',
      '事权编码',
      '事权名称',
      '业务条线',
      '下放单位',
      '承接区划代码',
      '承接日期',
    ],
    rows,
  );
}

function batchPowers(
  department: Department,
  prefix: string,
  count: number,
): { code: string; name: string }[] {
  const names = POWER_NAMES[department];
  if (names.length !== count) {
    throw new Error(`${department}: ${names.length} power names for a batch of ${count}`);
  }
  return names.map((name, i) => ({ code: `${prefix}-${String(i + 1).padStart(3, '0')}`, name }));
}

// ---------------------------------------------------------------------------------------------
// supervision.csv — UTF-8, English headers and action codes

type ActionType = 'training' | 'guidance' | 'inspection' | 'evaluation' | 'rectification';

interface Action {
  day: number;
  district: string;
  department: Department;
  powerCode: string;
  type: ActionType;
}

const NOTES: Readonly<Record<ActionType, readonly string[]>> = {
  training: ['承接事项业务培训 覆盖全部下放事权', '窗口人员下放事权办理流程培训'],
  guidance: ['派员驻点指导窗口办理', '现场指导承接事项办理流程'],
  inspection: ['承接事项办理情况督导检查', '随机抽查承接事项办件'],
  evaluation: ['下放事权承接运行情况评估', '承接能力阶段性评估'],
  rectification: ['针对督查发现问题下发整改通知', '限期整改办件超时问题'],
};

function buildSupervision(seed: number): string {
  const actions: Action[] = [];
  for (const batch of DELEGATION_BATCHES) {
    const powers = batchPowers(batch.department, batch.codePrefix, batch.count);
    for (const district of DISTRICT_UNITS) {
      const rng = createRng(seed, `supervision:${batch.batch}:${district.code}`);
      const act = (day: number, type: ActionType, powerCode = ''): void => {
        actions.push({
          day,
          district: district.code,
          department: batch.department,
          powerCode,
          type,
        });
      };
      const gap = PLANTED.supervisionGap.find(
        (g) => g.batch === batch.batch && isPlanted(g, district.code, batch.department),
      );
      const effective = toDay(batch.effective);
      let last: number;
      if (gap) {
        last = toDay(gap.firstActionDate);
        act(last, gap.actionType);
        if (gap.actionType === 'training') {
          last = workingDayBetween(last, TIMELY_SUPERVISION.inspectionAfterDays, rng);
          act(last, 'inspection');
        }
      } else {
        act(workingDayBetween(effective, TIMELY_SUPERVISION.trainingAfterDays, rng), 'training');
        last = workingDayBetween(effective, TIMELY_SUPERVISION.inspectionAfterDays, rng);
        act(last, 'inspection');
      }
      // Periodic follow-ups; some aimed at one power, some inspections ending in a rectification.
      for (;;) {
        last = workingDayBetween(last, TIMELY_SUPERVISION.periodicEveryDays, rng);
        if (last > periodEnd()) break;
        const type = rng.weighted(['inspection', 'guidance', 'evaluation'] as const, [5, 3, 2]);
        const powerCode = rng.next() < 0.3 ? rng.pick(powers).code : '';
        act(last, type, powerCode);
        if (type === 'inspection' && !district.wellRun && rng.next() < 0.2) {
          const fix = workingDayBetween(last, [7, 14], rng);
          if (fix <= periodEnd()) act(fix, 'rectification', powerCode);
        }
      }
    }
  }
  actions.sort(
    (a, b) =>
      a.day - b.day ||
      a.district.localeCompare(b.district) ||
      a.department.localeCompare(b.department) ||
      a.type.localeCompare(b.type),
  );
  const rows = actions.map((a) => {
    const rng = createRng(seed, `notes:${a.day}:${a.district}:${a.department}:${a.type}`);
    return [
      fromDay(a.day),
      a.district,
      a.department,
      a.powerCode,
      a.type,
      CITY_BUREAU[a.department],
      rng.pick(NOTES[a.type]),
    ];
  });
  return formatTable(
    ['date', 'district_code', 'department', 'power_code', 'action_type', 'performed_by', 'notes'],
    rows,
  );
}

/** A working day from..to days after `day` (inclusive), chosen at random. */
function workingDayBetween(day: number, [from, to]: readonly [number, number], rng: Rng): number {
  const candidates: number[] = [];
  for (let d = day + from; d <= day + to; d++) if (isWorkingDay(d)) candidates.push(d);
  return rng.pick(candidates);
}

// ---------------------------------------------------------------------------------------------
// targets.csv — UTF-8, Chinese headers

function buildTargets(): string {
  return formatTable(
    ['指标', '目标值', '区划代码', '业务条线', '生效日期'],
    DEMO_TARGETS.map((t) => [t.metric, t.target, t.district, t.department, t.effectiveFrom]),
  );
}

// ---------------------------------------------------------------------------------------------
// Plumbing: period, table formatting, seeded randomness

function periodEnd(): number {
  return toDay(DEMO_PERIOD.to);
}

function periodDays(): number[] {
  const days: number[] = [];
  for (let d = toDay(DEMO_PERIOD.from); d <= periodEnd(); d++) days.push(d);
  return days;
}

type Cell = string | number;

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

function utf8(name: string, kind: DemoFileKind, text: string): DemoFile {
  return { name, kind, bytes: Buffer.from(text, 'utf8') };
}

/** Header and rows as delimited text with LF line ends; refuses values that would need quoting. */
function formatTable(
  header: readonly string[],
  rows: readonly (readonly Cell[])[],
  delimiter: ',' | '\t' = ',',
): string {
  const lines = [header, ...rows].map((row, i) => {
    if (row.length !== header.length) {
      throw new Error(`row ${i} has ${row.length} values for ${header.length} columns`);
    }
    return row
      .map((cell) => {
        const text = String(cell);
        if (/[,\t"\r\n]/.test(text)) throw new Error(`value would need quoting: ${text}`);
        return text;
      })
      .join(delimiter);
  });
  return `${lines.join('\n')}\n`;
}

interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [lo, hi], both inclusive. */
  int(lo: number, hi: number): number;
  /** Uniform in [lo, hi). */
  uniform(lo: number, hi: number): number;
  pick<T>(items: readonly T[]): T;
  weighted<T>(items: readonly T[], weights: readonly number[]): T;
}

/**
 * mulberry32, seeded from the run's seed and a stream label (FNV-1a), so each stream is
 * independent of how many numbers the others drew.
 */
function createRng(seed: number, label: string): Rng {
  let h = 0x811c9dc5 ^ (seed | 0);
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  let state = h >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(items: readonly T[]): T => {
    const item = items[Math.floor(next() * items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  };
  const weighted = <T>(items: readonly T[], weights: readonly number[]): T => {
    const total = weights.reduce((a, b) => a + b, 0);
    let r = next() * total;
    let last: T | undefined;
    for (let i = 0; i < items.length; i++) {
      const w = weights[i] ?? 0;
      if (w <= 0) continue;
      last = items[i];
      r -= w;
      if (r < 0 && last !== undefined) return last;
    }
    if (last === undefined) throw new Error('weighted pick with no positive weight');
    return last;
  };
  return {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    uniform: (lo, hi) => lo + next() * (hi - lo),
    pick,
    weighted,
  };
}
