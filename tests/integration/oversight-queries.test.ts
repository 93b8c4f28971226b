/**
 * The metrics and flags as the SQL in db/queries computes their components, on a few CSV rows
 * loaded through the real ETL: what is summed per centre-day, which follow-up is timely, which
 * snapshot is the latest, which complaints a resolution rate counts, which days are missing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/client';
import { getUnitAggregates } from '../../db/queries/scorecard';
import { CITY_SCOPE } from '../../db/scope';
import { loadFlags } from '../../app/weeks/oversight.server';
import { DEFAULT_FLAG_CONFIG } from '../../oversight/flags/config';
import { computeMetric } from '../../oversight/metrics';
import { weekPeriod } from '../../oversight/period';
import { DEFAULT_TARGETS } from '../../oversight/targets';
import type { FlagType, MetricName } from '../../oversight/types';
import { load, type SourceFile } from '../../etl/load';
import { freshDb } from '../helpers/db';
import type { UnitAggregates } from '../../oversight/inputs';

const DAOLI = '230102';
const NANGANG = '230103';
const DAOWAI = '230104';
const HULAN = '230111';

/** Powers of batch A take effect on Friday 2020-07-24; day 30 after it is Sunday 2020-08-23. */
const EFFECTIVE = '2020-07-24';
const WEEKS = ['2020-W34', '2020-W35', '2020-W37'] as const;
const PERIODS = WEEKS.map(weekPeriod);

const csv = (name: string, lines: string[]): SourceFile => ({
  name,
  bytes: Buffer.from(`${lines.join('\n')}\n`, 'utf8'),
});

const DISTRICTS = csv('districts.csv', [
  'district_code,district_name,level,parent_code,population',
  '230100,哈尔滨市,city,,10009854',
  `${DAOLI},道里区,district,230100,903268`,
  `${NANGANG},南岗区,district,230100,1108914`,
  `${DAOWAI},道外区,district,230100,781530`,
  `${HULAN},呼兰区,district,230100,601412`,
]);

const yb = (code: string, name: string, district: string) =>
  `A,2020-07-10,${code},${name},医保,哈尔滨市医疗保障局,${district},${EFFECTIVE}`;

const DELEGATIONS = csv('delegations.csv', [
  'batch,notice_date,power_code,power_name,department,from_unit,district_code,effective_date',
  yb('YB-001', '参保登记', DAOLI),
  yb('YB-001', '参保登记', NANGANG),
  yb('YB-001', '参保登记', DAOWAI),
  yb('YB-001', '参保登记', HULAN),
  yb('YB-002', '异地就医备案', HULAN),
  `B,2020-08-01,SB-001,社会保险登记,社保,哈尔滨市人力资源和社会保障局,${DAOLI},2020-08-10`,
]);

const SUPERVISION = csv('supervision.csv', [
  'date,district_code,department,power_code,action_type,performed_by,notes',
  // Day 29, blank power code: covers every power of the district and department.
  `2020-08-22,${DAOLI},医保,,training,哈尔滨市医疗保障局,`,
  // Before the powers took effect: not a follow-up.
  `2020-07-20,${NANGANG},医保,,training,哈尔滨市医疗保障局,`,
  // Day 31: late.
  `2020-08-24,${NANGANG},医保,,training,哈尔滨市医疗保障局,`,
  // Day 30, for this very power: still within the grace days.
  `2020-08-23,${DAOWAI},医保,YB-001,inspection,哈尔滨市医疗保障局,`,
  // Day 10, but for YB-001 only: YB-002 is left without follow-up.
  `2020-08-03,${HULAN},医保,YB-001,inspection,哈尔滨市医疗保障局,`,
]);

const WINDOW_HEADER =
  'date,district_code,center_code,center_name,department,windows_open,staff_on_duty,ticket_capacity,tickets_issued,visitors,cases_accepted,cases_completed,cases_out_of_queue,avg_wait_minutes,ratings_good,ratings_bad';

/** An ordinary day: 110 of 120 tickets, 100 visitors, nothing out of queue. */
const ordinaryDay = (date: string, district: string) =>
  `${date},${district},${district}-YB,服务中心,医保,6,7,120,110,100,100,98,0,12.0,40,1`;

const W33_DAYS = ['2020-08-10', '2020-08-11', '2020-08-12', '2020-08-13', '2020-08-14'];

const WINDOW = csv('window_daily.csv', [
  WINDOW_HEADER,
  // 道外区 社保, two centres. Served per centre-day: 60 + 50 on Monday, then 100 and 100.
  `2020-08-17,${DAOWAI},${DAOWAI}-SB,道外区社保服务中心,社保,6,7,120,60,200,60,58,0,100,20,5`,
  `2020-08-17,${DAOWAI},${DAOWAI}-SB2,道外区社保分中心,社保,4,5,120,100,50,50,50,0,,10,0`,
  `2020-08-18,${DAOWAI},${DAOWAI}-SB,道外区社保服务中心,社保,6,7,120,120,100,100,99,0,10,30,1`,
  `2020-08-19,${DAOWAI},${DAOWAI}-SB,道外区社保服务中心,社保,6,7,120,100,100,100,97,0,,30,0`,
  // 道里区 医保 has reported since July (past a new centre's ramp-up weeks) and the whole of
  // W33, then only Wednesday to Friday of W34.
  ordinaryDay('2020-07-06', DAOLI),
  ...W33_DAYS.map((d) => ordinaryDay(d, DAOLI)),
  ...['2020-08-19', '2020-08-20', '2020-08-21'].map((d) => ordinaryDay(d, DAOLI)),
  // 南岗区 医保 the same, but also opens on the weekend (Saturday and Sunday of W34).
  ordinaryDay('2020-07-06', NANGANG),
  ...W33_DAYS.map((d) => ordinaryDay(d, NANGANG)),
  ...['2020-08-19', '2020-08-20', '2020-08-21', '2020-08-22', '2020-08-23'].map((d) =>
    ordinaryDay(d, NANGANG),
  ),
]);

const ONLINE = csv('online_availability.csv', [
  'as_of,district_code,department,items_total,items_exempt,items_online,items_queryable',
  `2020-08-10,${DAOWAI},医保,75,0,54,70`,
  `2020-08-17,${DAOWAI},医保,75,0,60,70`,
  `2020-08-24,${DAOWAI},医保,75,0,70,75`,
  `2020-08-17,${DAOWAI},社保,60,2,50,`,
  `2020-08-17,${DAOLI},医保,75,0,75,75`,
  `2020-08-17,${NANGANG},医保,75,0,75,75`,
]);

const COMPLAINTS = csv('complaints.csv', [
  'ticket_id,received_at,district_code,department,channel,category,status,closed_at,satisfied',
  // Received in W33, resolved in W34: not part of W34's resolution rate.
  `12345-0001,2020-08-14 09:00,${DAOWAI},医保,hotline,queue,resolved,2020-08-18 10:00,true`,
  // Received in W34: 4 resolved, 1 answered but not resolved, 1 still open.
  `12345-0002,2020-08-17 09:00,${DAOWAI},医保,hotline,queue,resolved,2020-08-18 10:00,true`,
  `12345-0003,2020-08-17 10:00,${DAOWAI},医保,hotline,queue,resolved,2020-08-18 11:00,true`,
  `12345-0004,2020-08-18 09:00,${DAOWAI},医保,web,appointment,resolved,2020-08-19 10:00,true`,
  `12345-0005,2020-08-18 10:00,${DAOWAI},医保,web,appointment,resolved,2020-08-20 10:00,`,
  `12345-0006,2020-08-19 09:00,${DAOWAI},医保,hotline,queue,responded,2020-08-20 10:00,false`,
  `12345-0007,2020-08-21 09:00,${DAOWAI},医保,hotline,queue,open,,`,
]);

let db: Db;
let aggregates: UnitAggregates[];

async function loadOk(files: SourceFile[]) {
  const report = await load(db, files, { source: 'test', loadedBy: 'oversight-queries.test' });
  expect(report.errors).toEqual([]);
  expect(report.outcome).toBe('committed');
}

beforeAll(async () => {
  db = await freshDb();
  await loadOk([DISTRICTS]);
  await loadOk([DELEGATIONS, SUPERVISION, WINDOW, ONLINE, COMPLAINTS]);
  aggregates = await getUnitAggregates(db, {
    scope: CITY_SCOPE,
    periods: PERIODS,
    department: null,
    graceDays: DEFAULT_FLAG_CONFIG.graceDays,
  });
});
afterAll(() => db?.close());

/** One unit's components in one of WEEKS; a unit without any row has none. */
function unit(week: (typeof WEEKS)[number], districtCode: string, department: string) {
  return aggregates.find(
    (a) =>
      a.periodIndex === WEEKS.indexOf(week) &&
      a.districtCode === districtCode &&
      a.department === department,
  );
}

function metric(
  name: MetricName,
  week: (typeof WEEKS)[number],
  districtCode: string,
  department: string,
) {
  const c = unit(week, districtCode, department);
  expect(c, `${districtCode} ${department} ${week}`).toBeDefined();
  const target = DEFAULT_TARGETS[name];
  return computeMetric(
    name,
    c!,
    target === null ? null : { value: target, source: 'default', effectiveFrom: null },
    0.05,
  );
}

async function flagsOf(week: string, type: FlagType) {
  const flags = await loadFlags(
    db,
    { scope: CITY_SCOPE, period: weekPeriod(week), department: null },
    { type },
  );
  return flags.map((f) => ({
    district: f.districtCode,
    department: f.department,
    evidence: f.evidence,
  }));
}

describe('supervision_coverage: follow-ups within 30 days of the effective date', () => {
  it.each<{
    case: string;
    week: (typeof WEEKS)[number];
    district: string;
    department: string;
    due: number;
    timely: number;
  }>([
    {
      case: 'training on day 29 is a timely follow-up (1 of 1)',
      week: '2020-W34',
      district: DAOLI,
      department: '医保',
      due: 1,
      timely: 1,
    },
    {
      case: 'training on day 31 counts as late (0 of 1)',
      week: '2020-W34',
      district: NANGANG,
      department: '医保',
      due: 1,
      timely: 0,
    },
    {
      case: 'training on day 31 still counts as late once it has happened (0 of 1 in W35)',
      week: '2020-W35',
      district: NANGANG,
      department: '医保',
      due: 1,
      timely: 0,
    },
    {
      case: 'an inspection of the very power on day 30 is still timely (1 of 1)',
      week: '2020-W34',
      district: DAOWAI,
      department: '医保',
      due: 1,
      timely: 1,
    },
    {
      case: 'an inspection of one of two powers covers only that one (1 of 2)',
      week: '2020-W34',
      district: HULAN,
      department: '医保',
      due: 2,
      timely: 1,
    },
    {
      case: 'powers that took effect on 2020-08-10 fall due in W37, without follow-up (0 of 1)',
      week: '2020-W37',
      district: DAOLI,
      department: '社保',
      due: 1,
      timely: 0,
    },
  ])('$case', ({ week, district, department, due, timely }) => {
    expect(unit(week, district, department)).toMatchObject({
      powersDue: due,
      powersTimely: timely,
    });
    const coverage = metric('supervision_coverage', week, district, department);
    expect(coverage).toMatchObject({ numerator: timely, denominator: due });
    expect(coverage.status).toBe(timely === due ? 'met' : 'missed');
  });

  it('does not count powers that took effect less than 30 days before the week ends', () => {
    // Batch B (2020-08-10) is 20 days old at the end of W35.
    expect(unit('2020-W35', DAOLI, '社保')?.powersDue ?? 0).toBe(0);
  });
});

describe('delegated_without_supervision on the same rows', () => {
  it('training on day 31 leaves the powers flagged in W34, its evidence as of W34', async () => {
    const flags = await flagsOf('2020-W34', 'delegated_without_supervision');
    expect(flags.map((f) => [f.district, f.department]).sort()).toEqual([
      [NANGANG, '医保'],
      [HULAN, '医保'],
    ]);
    const nangang = flags.find((f) => f.district === NANGANG)?.evidence;
    expect(nangang).toMatchObject({ effectiveDate: EFFECTIVE, daysElapsed: 30, powers: 1 });
    // The training of 24 August came after W34 ended: not cited in W34's evidence.
    expect(JSON.stringify(nangang)).not.toContain('2020-08-24');
    expect(flags.find((f) => f.district === HULAN)?.evidence).toMatchObject({
      powers: 1,
      powerList: [{ code: 'YB-002', name: '异地就医备案' }],
    });
  });

  it('training on day 31 closes the delegation flag from W35 on', async () => {
    for (const week of ['2020-W35', '2020-W37']) {
      const flags = await flagsOf(week, 'delegated_without_supervision');
      expect(flags.map((f) => f.district)).not.toContain(NANGANG);
      expect(flags.map((f) => f.district)).toContain(HULAN);
    }
  });
});

describe('window metrics are summed per centre-day', () => {
  it('demand coverage takes min(issued, visitors) per centre and day: 310 of 450', () => {
    expect(unit('2020-W34', DAOWAI, '社保')).toMatchObject({
      daysReported: 3,
      ticketsIssued: 380,
      ticketCapacity: 480,
      visitors: 450,
      demandServed: 60 + 50 + 100 + 100,
      unmetDemand: 140,
    });
    const coverage = metric('demand_coverage', '2020-W34', DAOWAI, '社保');
    expect(coverage.value).toBeCloseTo(310 / 450, 12);
  });

  it('avg wait is weighted by visitors, over the days that report a wait: 70 minutes', () => {
    expect(unit('2020-W34', DAOWAI, '社保')).toMatchObject({
      waitMinutesWeighted: 100 * 200 + 10 * 100,
      waitVisitors: 300,
    });
    expect(metric('avg_wait_minutes', '2020-W34', DAOWAI, '社保').value).toBeCloseTo(70, 12);
  });
});

describe('online_rate uses the latest snapshot on or before the week ends', () => {
  it.each<{
    case: string;
    department: string;
    asOf: string;
    fraction: [number, number];
  }>([
    {
      case: '60 / 75 on 2020-08-17, not the 70 of 2020-08-24',
      department: '医保',
      asOf: '2020-08-17',
      fraction: [60, 75],
    },
    {
      case: '50 of 60 with 2 exempt is 50 / 58',
      department: '社保',
      asOf: '2020-08-17',
      fraction: [50, 58],
    },
  ])('$case', ({ department, asOf, fraction }) => {
    expect(unit('2020-W34', DAOWAI, department)?.onlineAsOf).toBe(asOf);
    expect(metric('online_rate', '2020-W34', DAOWAI, department)).toMatchObject({
      numerator: fraction[0],
      denominator: fraction[1],
    });
  });
});

describe('complaints: counted by the week they were received', () => {
  it('resolution is resolved over those received this week and no longer open: 4 of 5', () => {
    expect(unit('2020-W34', DAOWAI, '医保')).toMatchObject({
      complaints: 6,
      complaintsClosed: 5,
      complaintsResolved: 4,
      complaintsResponded: 1,
      complaintsByCategory: { queue: 4, appointment: 2 },
    });
    expect(metric('complaint_resolution_rate', '2020-W34', DAOWAI, '医保').value).toBeCloseTo(
      0.8,
      12,
    );
  });

  it('a district with no complaints has no resolution rate', () => {
    expect(metric('complaint_resolution_rate', '2020-W34', DAOLI, '医保')).toMatchObject({
      value: null,
      status: 'no_data',
    });
  });
});

describe('missing_reports counts working days without window data', () => {
  it.each<{ case: string; district: string }>([
    { case: 'reporting Wednesday to Friday misses 2 working days', district: DAOLI },
    {
      case: 'reporting Wednesday to Sunday still misses Monday and Tuesday (2 working days)',
      district: NANGANG,
    },
  ])('$case', async ({ district }) => {
    const flags = await flagsOf('2020-W34', 'missing_reports');
    const flag = flags.find((f) => f.district === district && f.department === '医保');
    expect(flag?.evidence).toMatchObject({ workingDaysDue: 5, missingWorkingDays: 2 });
  });
});
