import { describe, expect, it } from 'vitest';
import type { Flag } from '../../oversight/flags/types';
import { EMPTY_COMPONENTS, type Components } from '../../oversight/metrics';
import { previousPeriod, weekPeriod } from '../../oversight/period';
import { buildScorecard, type ScorecardInput } from '../../oversight/scorecard';
import { METRICS, type FlagType, type Severity } from '../../oversight/types';
import type { District } from '../../oversight/inputs';
import type { UnitAggregates } from '../../oversight/inputs';

const CITY = '230100';
const DAOLI = '230102';
const NANGANG = '230103';
const DAOWAI = '230104';
const SONGBEI = '230109';

const W34 = weekPeriod('2020-W34');
const W33 = previousPeriod(W34);

const DISTRICTS: District[] = [
  {
    districtCode: CITY,
    districtName: '哈尔滨市',
    level: 'city',
    parentCode: null,
    population: 10_009_854,
  },
  {
    districtCode: DAOLI,
    districtName: '道里区',
    level: 'district',
    parentCode: CITY,
    population: 903_268,
  },
  {
    districtCode: NANGANG,
    districtName: '南岗区',
    level: 'district',
    parentCode: CITY,
    population: 1_108_914,
  },
  {
    districtCode: DAOWAI,
    districtName: '道外区',
    level: 'district',
    parentCode: CITY,
    population: 781_530,
  },
  {
    districtCode: SONGBEI,
    districtName: '松北区',
    level: 'district',
    parentCode: CITY,
    population: 463_065,
  },
];

/** A week that meets every target with a default: 7 metrics met, 2 without data. */
const GOOD: Partial<Components> = {
  daysReported: 5,
  ticketsIssued: 950,
  ticketCapacity: 1000,
  visitors: 900,
  demandServed: 900,
  unmetDemand: 0,
  casesAccepted: 890,
  casesCompleted: 880,
  casesOutOfQueue: 0,
  waitMinutesWeighted: 12 * 900,
  waitVisitors: 900,
  ratingsGood: 400,
  ratingsBad: 4,
  onlineAsOf: '2020-08-17',
  itemsTotal: 75,
  itemsExempt: 0,
  itemsOnline: 75,
  powersDue: 45,
  powersTimely: 45,
};
/** As GOOD, but 70 / 75 items online: near the 96.7% target. */
const NEAR: Partial<Components> = { ...GOOD, itemsOnline: 70 };
/** As GOOD, but half the accepted cases completed. */
const SLOW: Partial<Components> = { ...GOOD, casesCompleted: 445 };
/** The Harbin week: half the tickets, people turned away, 54 / 75 online, nothing followed up. */
const BAD: Partial<Components> = {
  daysReported: 5,
  ticketsIssued: 300,
  ticketCapacity: 600,
  visitors: 1000,
  demandServed: 300,
  unmetDemand: 700,
  casesAccepted: 340,
  casesCompleted: 330,
  casesOutOfQueue: 44,
  waitMinutesWeighted: 90 * 1000,
  waitVisitors: 1000,
  ratingsGood: 100,
  ratingsBad: 30,
  onlineAsOf: '2020-08-17',
  itemsTotal: 75,
  itemsExempt: 0,
  itemsOnline: 54,
  complaints: 26,
  complaintsClosed: 26,
  complaintsResolved: 0,
  complaintsResponded: 26,
  complaintsByCategory: { appointment: 10, queue: 16 },
  powersDue: 45,
  powersTimely: 0,
};

/** Oldest first, as every scan numbers its periods: 0 last week, 1 this week. */
const agg = (
  periodIndex: 0 | 1,
  districtCode: string,
  department: string,
  c: Partial<Components>,
): UnitAggregates => ({
  ...EMPTY_COMPONENTS,
  complaintsByCategory: {},
  ...c,
  periodIndex,
  districtCode,
  department,
});

/** This week: 南岗 good, 道外 near on one target, the city's own units slow, 道里 bad. */
const THIS_WEEK = [
  agg(1, NANGANG, '医保', GOOD),
  agg(1, NANGANG, '社保', GOOD),
  agg(1, DAOWAI, '医保', NEAR),
  agg(1, CITY, '医保', SLOW),
  agg(1, DAOLI, '医保', BAD),
  agg(1, DAOLI, '社保', GOOD),
];
/** Last week: the other way round, and nothing from the city's own units. */
const LAST_WEEK = [
  agg(0, DAOLI, '医保', GOOD),
  agg(0, DAOWAI, '医保', NEAR),
  agg(0, NANGANG, '医保', BAD),
];

const flag = (
  districtCode: string,
  severity: Severity,
  department = '医保',
  type: FlagType = 'ticket_throttling',
): Flag =>
  // The league table counts flags by type and severity; what they found does not matter here.
  ({
    type,
    severity,
    titleZh: '',
    titleEn: '',
    evidence: {},
    districtCode,
    districtName: districtCode,
    department,
    period: W34.label,
    firstSeen: W34.label,
    openPeriods: 1,
    openBeyondHistory: false,
  }) as Flag;

function scorecard(over: Partial<ScorecardInput> = {}) {
  return buildScorecard({
    period: W34,
    previousPeriod: W33,
    department: null,
    current: THIS_WEEK,
    previous: LAST_WEEK,
    targets: [],
    districts: DISTRICTS,
    flags: [],
    previousFlags: [],
    tolerance: 0.05,
    cityCode: CITY,
    ...over,
  });
}

const sumOf = (rows: UnitAggregates[], key: 'ticketsIssued' | 'ticketCapacity' | 'complaints') =>
  rows.reduce((s, r) => s + r[key], 0);

describe('buildScorecard: the city as a whole', () => {
  const card = scorecard();

  it('is the city registry row, not ranked', () => {
    expect(card.city).toMatchObject({
      districtCode: CITY,
      districtName: '哈尔滨市',
      level: 'city',
      rank: null,
      score: null,
      rankChange: null,
    });
  });

  it("adds every unit's tickets: utilisation is the sum of issued over the sum of capacity", () => {
    const issued = sumOf(THIS_WEEK, 'ticketsIssued');
    const capacity = sumOf(THIS_WEEK, 'ticketCapacity');
    expect(card.city.metrics.ticket_utilization).toMatchObject({
      numerator: issued,
      denominator: capacity,
    });
    expect(card.city.metrics.ticket_utilization.value).toBeCloseTo(issued / capacity, 12);
  });

  it('counts every complaint, per 10,000 residents of the city', () => {
    const complaints = sumOf(THIS_WEEK, 'complaints');
    expect(card.city.complaints.count).toBe(complaints);
    expect(card.city.complaints.per10k).toBeCloseTo((complaints / 10_009_854) * 10_000, 12);
    expect(card.city.complaints.byCategory).toEqual({ appointment: 10, queue: 16 });
  });

  it('adds the online items of every unit: 4 × 75 + 70 + 54 of 6 × 75', () => {
    expect(card.city.metrics.online_rate).toMatchObject({
      numerator: 4 * 75 + 70 + 54,
      denominator: 6 * 75,
    });
  });

  it("compares with last week's city totals", () => {
    expect(card.cityPrevious.ticket_utilization).toMatchObject({
      numerator: sumOf(LAST_WEEK, 'ticketsIssued'),
      denominator: sumOf(LAST_WEEK, 'ticketCapacity'),
    });
  });

  it('has data', () => {
    expect(card.hasData).toBe(true);
  });
});

describe('buildScorecard: the league table', () => {
  const card = scorecard();
  const byCode = (code: string) => card.units.find((u) => u.districtCode === code)!;

  it('ranks best first, units with no data last and without a rank', () => {
    expect(card.units.map((u) => [u.districtCode, u.rank])).toEqual([
      [NANGANG, 1],
      [DAOWAI, 2],
      [CITY, 3],
      [DAOLI, 4],
      [SONGBEI, null],
    ]);
    const scores = card.units.flatMap((u) => (u.score === null ? [] : [u.score]));
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(byCode(SONGBEI)).toMatchObject({ score: null, rankChange: null, daysReported: 0 });
  });

  it('scores the share of targets met, a near one counting half', () => {
    // Seven metrics have a target and data; 70 / 75 online is near the 96.7% target.
    expect(byCode(NANGANG).score).toBeCloseTo(1, 12);
    expect(byCode(DAOWAI).score).toBeCloseTo(6.5 / 7, 12);
    expect(byCode(DAOWAI).metrics.online_rate.status).toBe('near');
  });

  it.each<{ case: string; code: string; change: number | null }>([
    { case: 'last week 3rd, now 1st: moved up 2 (+2)', code: NANGANG, change: 2 },
    { case: 'last week 2nd, now 2nd: 0', code: DAOWAI, change: 0 },
    { case: 'last week 1st, now 4th: moved down 3 (−3)', code: DAOLI, change: -3 },
    { case: 'not ranked last week: no change to show', code: CITY, change: null },
  ])('rank change — $case', ({ code, change }) => {
    expect(byCode(code).rankChange).toBe(change);
  });

  it("scores a district with two departments on their sum: 道里区's 60 of 120 beside a full 社保", () => {
    const daoli = byCode(DAOLI);
    expect(daoli.metrics.ticket_utilization).toMatchObject({
      numerator: 300 + 950,
      denominator: 600 + 1000,
    });
    expect(daoli.unmetDemand).toBe(700);
    expect(daoli.complaints.per10k).toBeCloseTo((26 / 903_268) * 10_000, 12);
    expect(daoli.complaints.answeredUnresolvedShare).toBe(1);
  });

  it('gives every unit every metric, each with its target and status', () => {
    for (const unit of card.units) {
      expect(Object.keys(unit.metrics).sort()).toEqual([...METRICS].sort());
    }
    expect(byCode(DAOLI).metrics.online_rate).toMatchObject({
      numerator: 54 + 75,
      denominator: 150,
      target: { value: 0.967, source: 'default' },
      status: 'missed',
    });
  });

  it('takes flags off the score: three high flags drop 南岗区 from 1st to 3rd', () => {
    const flagged = scorecard({
      flags: [
        flag(NANGANG, 'high'),
        flag(NANGANG, 'high', '社保'),
        flag(NANGANG, 'high', '医保', 'missing_reports'),
      ],
    });
    const nangang = flagged.units.find((u) => u.districtCode === NANGANG)!;
    expect(nangang.score).toBeCloseTo(1 - 3 * 0.15, 12);
    expect(nangang.rank).toBe(3);
    expect(nangang.flags).toHaveLength(3);
    expect(flagged.city.flags).toHaveLength(3);
  });

  it("for one department, counts only that department's flags", () => {
    const card = scorecard({
      department: '医保',
      current: THIS_WEEK.filter((a) => a.department === '医保'),
      previous: LAST_WEEK.filter((a) => a.department === '医保'),
      flags: [flag(NANGANG, 'high', '社保'), flag(DAOLI, 'medium', '医保')],
    });
    const flagsOf = (code: string) => card.units.find((u) => u.districtCode === code)!.flags;
    expect(flagsOf(NANGANG)).toEqual([]);
    expect(flagsOf(DAOLI)).toEqual([{ type: 'ticket_throttling', severity: 'medium' }]);
    expect(card.city.flags).toEqual([{ type: 'ticket_throttling', severity: 'medium' }]);
    expect(card.units.every((u) => u.department === '医保')).toBe(true);
  });
});

describe('buildScorecard: a week with nothing reported', () => {
  const card = scorecard({ current: [], previous: [] });

  it('says "no data" rather than ranking anyone', () => {
    expect(card.hasData).toBe(false);
    expect(card.units.map((u) => [u.rank, u.score, u.rankChange])).toEqual(
      DISTRICTS.map(() => [null, null, null]),
    );
  });

  it('shows every metric of the city as no data, not as missed', () => {
    for (const metric of METRICS) {
      expect(card.city.metrics[metric].status, metric).toBe('no_data');
      expect(card.city.metrics[metric].value, metric).toBeNull();
    }
  });

  it('is no data for this week when only last week was reported', () => {
    expect(scorecard({ current: [], previous: LAST_WEEK }).hasData).toBe(false);
    expect(scorecard({ current: THIS_WEEK, previous: [] }).hasData).toBe(true);
  });
});
