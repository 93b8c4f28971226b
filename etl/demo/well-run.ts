/**
 * A second demo city with no planted problems and ordinary noise: the precision harness
 * (bench/precision.ts, docs/metrics-and-flags.md). Nobody here is turned away, every power
 * handed down is followed up in time, every item that can go online is online. What it does
 * have is what real cities have, and what a careless rule mistakes for a failure:
 *
 * - door-counter visitors: 到场人数 counts everyone through the door, including the few percent
 *   who only came to ask, so it is a little above the tickets issued on most days;
 * - quiet counties that ordinarily serve 65–80 % of their capacity, and urban centres near it;
 * - the official holidays (closed) and make-up working days (调休, open on a Saturday or Sunday);
 * - a county closed for snow: one day reported with zero visitors, the next not reported at
 *   all, both recorded in the city's own calendar file;
 * - a centre opening mid-year (新城区, 3 August 2020) whose demand ramps up over four weeks;
 * - green-channel cases (老年人绿色通道) served without a ticket and recorded as 未取号办理;
 * - complaint counts of a few a week, that now and then double from a small base.
 *
 * Pure and deterministic like the planted demo (./generate.ts), with the same file kinds,
 * written in UTF-8 with the contract's Chinese or English headers.
 */
import { isOfficialWorkingDay } from '../../oversight/calendar';
import { fromDay, isoWeekday, toDay } from './calendar';
import { formatDateTime, COMPLAINTS_HEADER } from './complaints';
import { DELEGATIONS_HEADER, SUPERVISION_HEADER } from './follow-up';
import {
  DISTRICTS_HEADER,
  ONLINE_HEADER,
  TARGETS_HEADER,
  WINDOW_DAILY_HEADER,
  type DemoFile,
} from './generate';
import { DEMO_PERIOD, DEMO_TARGETS, ONLINE_ITEMS, type Department } from './planted';
import { createRng, formatTable, type Cell, type Rng } from './plumbing';
import { capacityFor, LEVEL_LABEL } from './units';

export const WELL_RUN_CITY = { code: '990100', name: '示范市' } as const;

type Level = 'district' | 'county' | 'county_city';

interface WellRunDistrict {
  code: string;
  name: string;
  level: Level;
  population: number;
}

export const WELL_RUN_DISTRICTS: readonly WellRunDistrict[] = [
  { code: '990102', name: '中心区', level: 'district', population: 900_000 },
  { code: '990103', name: '东湖区', level: 'district', population: 720_000 },
  { code: '990104', name: '西山区', level: 'district', population: 610_000 },
  { code: '990105', name: '南港区', level: 'district', population: 520_000 },
  { code: '990106', name: '北岭区', level: 'district', population: 450_000 },
  { code: '990107', name: '新城区', level: 'district', population: 300_000 },
  { code: '990121', name: '青山县', level: 'county', population: 260_000 },
  { code: '990122', name: '白水县', level: 'county', population: 210_000 },
  { code: '990123', name: '石门县', level: 'county', population: 180_000 },
  { code: '990124', name: '兰溪县', level: 'county', population: 150_000 },
  { code: '990125', name: '松林县', level: 'county', population: 165_000 },
  { code: '990181', name: '云江市', level: 'county_city', population: 380_000 },
];

/** The noise the rules must not mistake for failures, where and when it happens. */
export const WELL_RUN_NOISE = {
  /** The centre that opens mid-year and its first day; demand ramps up over rampWeeks. */
  opening: { district: '990107', firstDay: '2020-08-03', rampWeeks: 4 },
  /** Closed for snow: the first day reported with zero visitors, the second not at all. */
  snow: { district: '990124', days: ['2020-12-14', '2020-12-15'] },
  /** Share of capacity ordinarily served: counties are quiet, urban districts near full. */
  load: { county: [0.65, 0.8], urban: [0.86, 0.98] },
  /** People through the door who only came to ask, as a share of those who wanted a ticket. */
  askers: [0.02, 0.07],
  /** Green-channel cases a day at a 医保 centre. */
  greenChannelPerDay: [0, 3],
} as const;

const DEPARTMENTS: readonly Department[] = ['医保', '社保'];
const CODE: Readonly<Record<Department, string>> = { 医保: 'YB', 社保: 'SB' };

const FIRST = toDay(DEMO_PERIOD.from);
const LAST = toDay(DEMO_PERIOD.to);
const days = (): number[] => Array.from({ length: LAST - FIRST + 1 }, (_, i) => FIRST + i);

/** Every file of the well-run city, in memory. */
export function generateWellRunFiles(seed = 20200822): DemoFile[] {
  const utf8 = (name: string, kind: DemoFile['kind'], text: string): DemoFile => ({
    name,
    kind,
    bytes: Buffer.from(text, 'utf8'),
  });
  return [
    utf8('districts.csv', 'districts', buildDistricts()),
    utf8('window_daily.csv', 'window_daily', buildWindowDaily(seed)),
    utf8('online_availability.csv', 'online_availability', buildOnline(seed)),
    utf8('complaints.csv', 'complaints', buildComplaints(seed)),
    utf8('delegations.csv', 'delegations', buildDelegations()),
    utf8('supervision.csv', 'supervision', buildSupervision(seed)),
    // The city's own calendar: the snow closure, as its clerks would record it.
    utf8(
      'calendar.csv',
      'calendar',
      formatTable(
        ['日期', '类型', '区划代码', '原因'],
        WELL_RUN_NOISE.snow.days.map((d) => [
          d,
          '不办公',
          WELL_RUN_NOISE.snow.district,
          '暴雪闭厅',
        ]),
      ),
    ),
    utf8(
      'targets.csv',
      'targets',
      formatTable(
        TARGETS_HEADER,
        // The city-wide targets of the planted city; its district-specific ones name its districts.
        DEMO_TARGETS.filter((t) => t.district === '').map((t) => [
          t.metric,
          t.target,
          '',
          t.department,
          t.effectiveFrom,
        ]),
      ),
    ),
  ];
}

function buildDistricts(): string {
  const population = WELL_RUN_DISTRICTS.reduce((s, d) => s + d.population, 0);
  return formatTable(DISTRICTS_HEADER, [
    [WELL_RUN_CITY.code, WELL_RUN_CITY.name, LEVEL_LABEL.city, '', population],
    ...WELL_RUN_DISTRICTS.map((d) => [
      d.code,
      d.name,
      LEVEL_LABEL[d.level],
      WELL_RUN_CITY.code,
      d.population,
    ]),
  ]);
}

// ---------------------------------------------------------------------------------------------
// window_daily.csv

function buildWindowDaily(seed: number): string {
  const { opening, snow } = WELL_RUN_NOISE;
  const centres = WELL_RUN_DISTRICTS.flatMap((d) =>
    DEPARTMENTS.map((department) => ({
      district: d,
      department,
      code: `${d.code}-${CODE[department]}`,
      capacity: capacityFor(d.population, department),
      rng: createRng(seed, `well-run:window:${d.code}:${department}`),
      // Each centre's ordinary load, drawn once: some counties are quieter than others.
      load: ordinaryLoad(createRng(seed, `well-run:load:${d.code}:${department}`), d.level),
    })),
  );
  const rows: Cell[][] = [];
  let afterHoliday = false;
  for (const day of days()) {
    const date = fromDay(day);
    if (!isOfficialWorkingDay(date)) {
      afterHoliday ||= isoWeekday(day) <= 5;
      continue;
    }
    for (const c of centres) {
      if (c.district.code === opening.district && date < opening.firstDay) continue;
      if (c.district.code === snow.district && date === snow.days[1]) continue;
      const closed = c.district.code === snow.district && date === snow.days[0];
      const rampWeeks = (day - toDay(opening.firstDay)) / 7;
      const ramp =
        c.district.code === opening.district && rampWeeks < opening.rampWeeks
          ? 0.45 + (0.55 * rampWeeks) / opening.rampWeeks
          : 1;
      rows.push([
        date,
        c.district.code,
        c.code,
        `${c.district.name}${c.department}服务中心`,
        c.department,
        ...centreDay(c, { weekday: isoWeekday(day), afterHoliday, ramp, closed }),
      ]);
    }
    afterHoliday = false;
  }
  return formatTable(WINDOW_DAILY_HEADER, rows);
}

function ordinaryLoad(rng: Rng, level: Level): number {
  const [lo, hi] = WELL_RUN_NOISE.load[level === 'district' ? 'urban' : 'county'];
  return rng.uniform(lo, hi);
}

function centreDay(
  c: { capacity: number; load: number; department: Department; rng: Rng },
  day: { weekday: number; afterHoliday: boolean; ramp: number; closed: boolean },
): Cell[] {
  const { rng, capacity } = c;
  const windowsOpen = Math.max(4, Math.round(capacity / 20));
  if (day.closed) return [0, 0, capacity, 0, 0, 0, 0, 0, '', 0, 0];
  // Mondays and the first day after a holiday are busy, Fridays a little quieter.
  const peak = day.afterHoliday ? 1.12 : day.weekday === 1 ? 1.06 : day.weekday === 5 ? 0.95 : 1;
  const wanted = Math.round(capacity * c.load * peak * day.ramp * rng.uniform(0.94, 1.06));
  // Everyone who wants a ticket gets one up to capacity; the few beyond book the next day.
  const issued = Math.min(capacity, wanted);
  const visitors = wanted + Math.round(wanted * rng.uniform(...WELL_RUN_NOISE.askers));
  const green = c.department === '医保' ? rng.int(...WELL_RUN_NOISE.greenChannelPerDay) : 0;
  const accepted = Math.max(0, issued - rng.int(0, 3)) + green;
  const completed = Math.max(green, Math.round(accepted * rng.uniform(0.97, 1)));
  const rated = Math.round(completed * rng.uniform(0.35, 0.6));
  const bad = Math.floor(rated * rng.uniform(0, 0.02));
  return [
    windowsOpen,
    windowsOpen + rng.int(1, 2),
    capacity,
    issued,
    visitors,
    accepted,
    completed,
    green,
    rng.uniform(8, 18).toFixed(1),
    rated - bad,
    bad,
  ];
}

// ---------------------------------------------------------------------------------------------
// online_availability.csv: every unit at or above target all along, complete by some Monday

function buildOnline(seed: number): string {
  const mondays = days().filter((d) => isoWeekday(d) === 1);
  const units = [WELL_RUN_CITY.code, ...WELL_RUN_DISTRICTS.map((d) => d.code)];
  const rows: Cell[][] = [];
  const series = units.flatMap((code) =>
    DEPARTMENTS.map((department) => {
      const rng = createRng(seed, `well-run:online:${code}:${department}`);
      const { total, exempt } = ONLINE_ITEMS[department];
      const applicable = total - exempt;
      return {
        code,
        department,
        total,
        exempt,
        start: rng.int(Math.ceil(0.97 * applicable), applicable),
        completedOn: rng.pick(mondays),
        applicable,
      };
    }),
  );
  for (const monday of mondays) {
    for (const s of series) {
      const online = monday >= s.completedOn ? s.applicable : s.start;
      rows.push([fromDay(monday), s.code, s.department, s.total, s.exempt, online, s.total]);
    }
  }
  return formatTable(ONLINE_HEADER, rows);
}

// ---------------------------------------------------------------------------------------------
// complaints.csv: a few a week per unit, nearly all resolved

const CATEGORIES = ['预约难', '排队', '电话不通', '服务态度', '网办故障', '其他'] as const;
const CATEGORY_WEIGHTS = [15, 20, 15, 20, 15, 15];

function buildComplaints(seed: number): string {
  const rows: Cell[][] = [];
  let n = 0;
  for (const d of WELL_RUN_DISTRICTS) {
    for (const department of DEPARTMENTS) {
      const rng = createRng(seed, `well-run:complaints:${d.code}:${department}`);
      // About one complaint a week per 250,000 residents, drawn day by day.
      const perDay = d.population / 250_000 / 7;
      for (const day of days()) {
        if (
          day < toDay(WELL_RUN_NOISE.opening.firstDay) &&
          d.code === WELL_RUN_NOISE.opening.district
        ) {
          continue;
        }
        let count = 0;
        for (let k = 0; k < 4; k++) if (rng.next() < perDay / 4) count++;
        for (let k = 0; k < count; k++) {
          const received = day * 1440 + rng.int(8 * 60, 20 * 60);
          const resolved = rng.next() < 0.93;
          const closed = received + rng.int(1, 5) * 1440;
          // Received in the last days of the period: still being handled when it ends.
          const open = closed > LAST * 1440 + 17 * 60;
          n++;
          rows.push([
            `12345-W-${String(n).padStart(6, '0')}`,
            formatDateTime(received),
            d.code,
            department,
            rng.weighted(['12345热线', '网民留言', '其他'] as const, [70, 25, 5]),
            rng.weighted(CATEGORIES, CATEGORY_WEIGHTS),
            open ? '待办理' : resolved ? '已解决' : '已答复',
            open ? '' : formatDateTime(closed),
            open ? '' : resolved ? '是' : rng.pick(['否', ''] as const),
          ]);
        }
      }
    }
  }
  return formatTable(COMPLAINTS_HEADER, rows);
}

// ---------------------------------------------------------------------------------------------
// delegations.csv and supervision.csv: one batch, trained and inspected in time, then guided

const BATCH = { batch: '示医保发〔2020〕8号', notice: '2020-06-01', effective: '2020-06-15' };
const POWERS = 10;
const BUREAU: Readonly<Record<Department, string>> = {
  医保: '示范市医疗保障局',
  社保: '示范市人力资源和社会保障局',
};

function buildDelegations(): string {
  const rows: Cell[][] = [];
  for (const d of WELL_RUN_DISTRICTS) {
    for (const department of DEPARTMENTS) {
      for (let i = 1; i <= POWERS; i++) {
        rows.push([
          BATCH.batch,
          BATCH.notice,
          `SF-${CODE[department]}-${String(i).padStart(3, '0')}`,
          `${department}下放事项${i}`,
          department,
          BUREAU[department],
          d.code,
          BATCH.effective,
        ]);
      }
    }
  }
  return formatTable(DELEGATIONS_HEADER, rows);
}

function buildSupervision(seed: number): string {
  const rows: Cell[][] = [];
  for (const d of WELL_RUN_DISTRICTS) {
    for (const department of DEPARTMENTS) {
      const rng = createRng(seed, `well-run:supervision:${d.code}:${department}`);
      const act = (day: number, type: string) =>
        rows.push([fromDay(day), d.code, department, '', type, BUREAU[department], '按计划开展']);
      const effective = toDay(BATCH.effective);
      act(workingDayFrom(effective + rng.int(3, 10)), 'training');
      let last = workingDayFrom(effective + rng.int(12, 24));
      act(last, 'inspection');
      for (;;) {
        last = workingDayFrom(last + rng.int(25, 40));
        if (last > LAST) break;
        act(last, rng.pick(['guidance', 'inspection', 'evaluation'] as const));
      }
    }
  }
  rows.sort((a, b) => String(a[0]).localeCompare(String(b[0])));
  return formatTable(SUPERVISION_HEADER, rows);
}

/** The day itself if it is a working day, else the next one. */
function workingDayFrom(day: number): number {
  let d = day;
  while (!isOfficialWorkingDay(fromDay(d))) d++;
  return d;
}
