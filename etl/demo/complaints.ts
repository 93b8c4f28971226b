/** complaints.tsv for the demo: background tickets everywhere, the planted surge in one district. */
import { dayParts, fromDay, isoWeekMonday, isoWeekOf, listIsoWeeks, toDay } from './calendar';
import { DEMO_CITY, DEMO_DEPARTMENTS, DEMO_PERIOD, PLANTED, type Department } from './planted';
import { createRng, formatTable, periodEnd, type Rng } from './plumbing';
import { ALL_UNITS, type Unit } from './units';

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

export const COMPLAINTS_HEADER = [
  '工单编号',
  '受理时间',
  '区划代码',
  '业务条线',
  '来源渠道',
  '诉求类别',
  '办理状态',
  '办结时间',
  '是否满意',
];

export function buildComplaints(seed: number): string {
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
  return formatTable(COMPLAINTS_HEADER, rows, '\t');
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
export function formatDateTime(minutes: number): string {
  const day = Math.floor(minutes / MINUTES_PER_DAY);
  const minuteOfDay = minutes - day * MINUTES_PER_DAY;
  const { year, month, date } = dayParts(day);
  const hh = String(Math.floor(minuteOfDay / 60)).padStart(2, '0');
  const mm = String(minuteOfDay % 60).padStart(2, '0');
  return `${year}/${month}/${date} ${hh}:${mm}`;
}
