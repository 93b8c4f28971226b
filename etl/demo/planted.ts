/**
 * What the demo data contains on purpose. The generator plants every pattern from these constants
 * and the tests (the generator's, and later the flag tests on the loaded demo) read their
 * expectations from here, so a number lives in exactly one place.
 *
 * The patterns are the failures the product exists to catch, as they happened in Harbin in 2020:
 * 60 tickets a day against a capacity of 120 while people queued overnight, 54 of 75 items online
 * against a 96.7% target, 45 powers handed down with no training or inspection, 82 complaints
 * answered and closed unsolved, cases handled for intermediaries out of queue.
 */
import { countWorkingDays, isoWeekSpan } from './calendar';

export type DistrictLevel = 'city' | 'district' | 'county' | 'county_city';
export type Department = '医保' | '社保';

export interface DemoDistrict {
  /** 6-digit administrative division code (GB/T 2260). */
  code: string;
  name: string;
  level: DistrictLevel;
  /** Resident population, roughly the 2020 census. */
  population: number;
}

/** The demo city; its own code also stands for the city-level units (市本级). */
export const DEMO_CITY = { code: '230100', name: '哈尔滨市', level: 'city' } as const;

/** Harbin's 18 districts, counties and county-level cities, with their real codes. */
export const DEMO_DISTRICTS: readonly DemoDistrict[] = [
  { code: '230102', name: '道里区', level: 'district', population: 903_268 },
  { code: '230103', name: '南岗区', level: 'district', population: 1_108_914 },
  { code: '230104', name: '道外区', level: 'district', population: 781_530 },
  { code: '230108', name: '平房区', level: 'district', population: 276_493 },
  { code: '230109', name: '松北区', level: 'district', population: 463_065 },
  { code: '230110', name: '香坊区', level: 'district', population: 1_002_475 },
  { code: '230111', name: '呼兰区', level: 'district', population: 601_412 },
  { code: '230112', name: '阿城区', level: 'district', population: 447_926 },
  { code: '230113', name: '双城区', level: 'district', population: 618_387 },
  { code: '230123', name: '依兰县', level: 'county', population: 271_602 },
  { code: '230124', name: '方正县', level: 'county', population: 157_318 },
  { code: '230125', name: '宾县', level: 'county', population: 428_754 },
  { code: '230126', name: '巴彦县', level: 'county', population: 427_190 },
  { code: '230127', name: '木兰县', level: 'county', population: 178_236 },
  { code: '230128', name: '通河县', level: 'county', population: 159_843 },
  { code: '230129', name: '延寿县', level: 'county', population: 170_415 },
  { code: '230183', name: '尚志市', level: 'county_city', population: 470_861 },
  { code: '230184', name: '五常市', level: 'county_city', population: 690_517 },
];

export const DEMO_DEPARTMENTS: readonly Department[] = ['医保', '社保'];

/** The span every file covers; window rows are written for its working days (Mon–Fri). */
export const DEMO_PERIOD = { from: '2020-05-01', to: '2020-12-31' } as const;

/** The seed used when none is given; any seed plants the same patterns. */
export const DEFAULT_SEED = 20200818;

/** Online item counts per department, the same in every district (事项总数, 不宜网办事项数). */
export const ONLINE_ITEMS: Readonly<Record<Department, { total: number; exempt: number }>> = {
  医保: { total: 75, exempt: 0 },
  社保: { total: 60, exempt: 2 },
};

/** The bureau that hands powers down and follows them up, per department. */
export const CITY_BUREAU: Readonly<Record<Department, string>> = {
  医保: '哈尔滨市医疗保障局',
  社保: '哈尔滨市人力资源和社会保障局',
};

export interface DelegationBatch {
  batch: string;
  department: Department;
  noticeDate: string;
  /** The day the districts take the powers over (承接日期). */
  effective: string;
  /** Powers handed down, each to every district (never to the city itself). */
  count: number;
  fromUnit: string;
  /** Power codes are `${codePrefix}-001` … */
  codePrefix: string;
}

export const DELEGATION_BATCHES: readonly DelegationBatch[] = [
  {
    batch: 'A',
    department: '医保',
    noticeDate: '2020-06-15',
    effective: '2020-06-22',
    count: 45,
    fromUnit: CITY_BUREAU['医保'],
    codePrefix: 'YB',
  },
  {
    batch: 'B',
    department: '社保',
    noticeDate: '2020-07-20',
    effective: '2020-08-03',
    count: 12,
    fromUnit: CITY_BUREAU['社保'],
    codePrefix: 'SB',
  },
];

/**
 * How a district that follows up on time does it: a training 7–20 days after the effective date
 * and an inspection 21–28 days after it (both inside the 30-day grace period), then periodic
 * actions every 6–8 weeks.
 */
export const TIMELY_SUPERVISION = {
  trainingAfterDays: [7, 20],
  inspectionAfterDays: [21, 28],
  periodicEveryDays: [42, 56],
} as const;

export interface OnlineStall {
  district: string;
  department: Department;
  /** items_online on every Monday snapshot up to and including stuckUntil. */
  stuckAt: number;
  total: number;
  exempt: number;
  stuckUntil: string;
  /** items_online from reachedBy on, reached by steady weekly rises after stuckUntil. */
  reaches: number;
  reachedBy: string;
}

/** 道里区 医保: 54 of 75 items online (72.0%) against 96.7% until September, then 73 of 75. */
const ONLINE_DAOLI: OnlineStall = {
  district: '230102',
  department: '医保',
  stuckAt: 54,
  total: ONLINE_ITEMS['医保'].total,
  exempt: ONLINE_ITEMS['医保'].exempt,
  stuckUntil: '2020-08-31',
  reaches: 73,
  reachedBy: '2020-10-26',
};

/** 呼兰区 社保: 50 of 58 applicable items online (86.2%) until the end of September. */
const ONLINE_HULAN: OnlineStall = {
  district: '230111',
  department: '社保',
  stuckAt: 50,
  total: ONLINE_ITEMS['社保'].total,
  exempt: ONLINE_ITEMS['社保'].exempt,
  stuckUntil: '2020-09-28',
  reaches: 57,
  reachedBy: '2020-11-16',
};

const THROTTLING_WEEKS = ['2020-W30', '2020-W36'] as const;
const SURGE_WEEKS = ['2020-W33', '2020-W35'] as const;
const MISSING_WEEKS = ['2020-W40', '2020-W42'] as const;

/**
 * Rising week on week so that each surge week is at least twice the mean of the four weeks before
 * it (the complaint_surge rule), which a flat 26/28/28 would miss in the third week.
 */
const SURGE_PER_WEEK = [18, 26, 38] as const;

export const PLANTED = {
  /**
   * 道里区 医保 issues about half its capacity while more people come, every working day of
   * 2020-W30..W36 (2020-07-20..2020-09-06); on those days staff handle cases out of queue for
   * intermediaries. Capacity stays 120 all year; only these weeks are throttled.
   */
  throttling: {
    district: '230102',
    department: '医保' as Department,
    weeks: THROTTLING_WEEKS,
    ...isoWeekSpan(THROTTLING_WEEKS),
    workingDays: countWorkingDays(isoWeekSpan(THROTTLING_WEEKS)),
    capacity: 120,
    issuedRange: [58, 62],
    visitorsRange: [180, 220],
    outOfQueueRange: [6, 15],
    avgWaitRange: [60, 120],
    /** Share of bad ratings on throttled days (normal days: at most 3%). */
    badRatingShareRange: [0.1, 0.25],
  },

  /** The headline online stall (道里区 医保); see onlineStalls for all of them. */
  online: ONLINE_DAOLI,
  onlineStalls: [ONLINE_DAOLI, ONLINE_HULAN] as readonly OnlineStall[],

  /**
   * 道里区 医保 complaints in 2020-W33..W35: all answered but not resolved (已答复), closed 1–3 days
   * after receipt within the same week, mostly unsatisfied; mostly 预约难/排队/黄牛代办 via 12345.
   * They replace the baseline for those weeks, so perWeek is the whole count.
   */
  surge: {
    district: '230102',
    department: '医保' as Department,
    weeks: SURGE_WEEKS,
    ...isoWeekSpan(SURGE_WEEKS),
    perWeek: SURGE_PER_WEEK,
    total: SURGE_PER_WEEK.reduce((a, b) => a + b, 0),
    status: '已答复',
    closedAfterDays: [1, 3],
    /** 道里区 医保 complaints per week in every other week. */
    baselinePerWeek: [2, 4],
    mainCategories: ['预约难', '排队', '黄牛代办'],
    mainChannel: '12345热线',
  },

  /**
   * Districts that took over a batch and got no supervision action at all in that department
   * until firstActionDate (every other district × batch gets the TIMELY_SUPERVISION pattern).
   */
  supervisionGap: [
    {
      district: '230102',
      department: '医保' as Department,
      batch: 'A',
      firstActionDate: '2020-09-28',
      actionType: 'training',
    },
    {
      district: '230111',
      department: '医保' as Department,
      batch: 'A',
      firstActionDate: '2020-08-31',
      actionType: 'inspection',
    },
  ],

  /**
   * 木兰县 sends no window_daily rows (either department) in 2020-W40..W42 (2020-09-28..10-18);
   * its online snapshots and complaints continue.
   */
  missingReports: {
    district: '230127',
    departments: ['医保', '社保'] as readonly Department[],
    weeks: MISSING_WEEKS,
    ...isoWeekSpan(MISSING_WEEKS),
    workingDays: countWorkingDays(isoWeekSpan(MISSING_WEEKS)),
  },

  /**
   * Districts that meet every target in every week and get no flag: visitors within capacity, no
   * out-of-queue cases, items_online ≥ 73/75 and ≥ 57/58, few complaints all resolved, timely
   * supervision.
   */
  wellRun: ['230103', '230109'] as readonly string[],

  delegationBatches: DELEGATION_BATCHES,
} as const;

export interface DemoTarget {
  metric: string;
  target: number;
  /** Blank = every district. */
  district: string;
  /** Blank = every department. */
  department: Department | '';
  /** Blank = always. */
  effectiveFrom: string;
}

/**
 * The demo targets: city-wide defaults plus one department row and one district row, so that
 * target precedence (district+department > district > department > all) is exercised.
 */
export const DEMO_TARGETS: readonly DemoTarget[] = [
  // 96.7%: the online-availability target of the 2019 work conference.
  { metric: 'online_rate', target: 0.967, district: '', department: '', effectiveFrom: '' },
  { metric: 'ticket_utilization', target: 0.9, district: '', department: '', effectiveFrom: '' },
  { metric: 'demand_coverage', target: 0.95, district: '', department: '', effectiveFrom: '' },
  { metric: 'completion_rate', target: 0.95, district: '', department: '', effectiveFrom: '' },
  {
    metric: 'complaint_resolution_rate',
    target: 0.9,
    district: '',
    department: '',
    effectiveFrom: '',
  },
  { metric: 'supervision_coverage', target: 1, district: '', department: '', effectiveFrom: '' },
  { metric: 'out_of_queue_rate', target: 0, district: '', department: '', effectiveFrom: '' },
  { metric: 'satisfaction_rate', target: 0.95, district: '', department: '', effectiveFrom: '' },
  { metric: 'online_rate', target: 0.95, district: '', department: '社保', effectiveFrom: '' },
  {
    metric: 'ticket_utilization',
    target: 0.85,
    district: '230108',
    department: '',
    effectiveFrom: '2020-07-01',
  },
];
