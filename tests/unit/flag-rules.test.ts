import { describe, expect, it } from 'vitest';
import { DEFAULT_FLAG_CONFIG as CONFIG } from '../../oversight/flags/config';
import { evaluateUnitPeriod } from '../../oversight/flags/evaluate';
import {
  flagComplaintSurge,
  flagComplaintsUnresolved,
  flagDelegatedWithoutSupervision,
  flagMissingReports,
  flagOnlineTargetMissed,
  flagOutOfQueueHandling,
  flagTicketThrottling,
  isThrottledDay,
} from '../../oversight/flags/rules';
import { forecastOnline } from '../../oversight/forecast';
import type { FlagFinding } from '../../oversight/flags/types';
import type { UnitPeriod } from '../../oversight/flags/unit';
import { EMPTY_COMPONENTS, type Components } from '../../oversight/metrics';
import { isOfficialWorkingDay } from '../../oversight/calendar';
import { addDays, weekPeriod, workingDays } from '../../oversight/period';
import { DEFAULT_TARGETS } from '../../oversight/targets';
import type { MetricName } from '../../oversight/types';
import type {
  ClosedComplaints,
  DelegatedPower,
  FlagDay,
  OnlineSnapshot,
} from '../../oversight/inputs';

const DAOLI = '230102';
const YB = '医保';
/** Monday 2020-08-17 to Sunday 2020-08-23. */
const W34 = weekPeriod('2020-W34');
const [MON, TUE, WED, THU, FRI] = workingDays(W34) as [string, string, string, string, string];
const WEEKDAYS = [MON, TUE, WED, THU, FRI];

type UnitOverrides = Partial<Omit<UnitPeriod, 'components' | 'target'>> & {
  components?: Partial<Components>;
  /** Targets that differ from the built-in defaults. */
  targets?: Partial<Record<MetricName, number | null>>;
};

/** 道里区 医保 in 2020-W34 with nothing reported except what the case names. */
function unitPeriod({ components, targets = {}, ...rest }: UnitOverrides = {}): UnitPeriod {
  return {
    period: W34,
    districtCode: DAOLI,
    department: YB,
    components: { ...EMPTY_COMPONENTS, complaintsByCategory: {}, ...components },
    days: [],
    closed: null,
    previousComplaints: [],
    snapshots: [],
    powers: [],
    actions: [],
    reporting: null,
    isWorkingDay: isOfficialWorkingDay,
    dataCutoff: null,
    target: (metric) => (metric in targets ? (targets[metric] ?? null) : DEFAULT_TARGETS[metric]),
    ...rest,
  };
}

/** One centre-day (summed over the unit's centres). */
const day = (
  date: string,
  { capacity = 120, issued = 120, visitors = 100, completed = 100, outOfQueue = 0 } = {},
): FlagDay => ({
  periodIndex: 0,
  districtCode: DAOLI,
  department: YB,
  date,
  ticketCapacity: capacity,
  ticketsIssued: issued,
  visitors,
  casesCompleted: completed,
  casesOutOfQueue: outOfQueue,
});

/** The first n working days of the week, each with the same numbers. */
const days = (n: number, numbers: Parameters<typeof day>[1]) =>
  WEEKDAYS.slice(0, n).map((d) => day(d, numbers));

const snap = (asOf: string, itemsOnline: number, itemsTotal = 75, itemsExempt = 0) =>
  ({
    districtCode: DAOLI,
    department: YB,
    asOf,
    itemsTotal,
    itemsExempt,
    itemsOnline,
  }) satisfies OnlineSnapshot;

/** Weekly Monday snapshots ending on 2020-08-17, oldest first. */
const weekly = (...online: number[]) =>
  online.map((n, i) => snap(addDays(MON, -7 * (online.length - 1 - i)), n));

describe('isThrottledDay: fewer than 80% of capacity issued while people were turned away', () => {
  it.each<{ case: string; capacity: number; issued: number; visitors: number; throttled: boolean }>(
    [
      {
        case: '60 of 120 with 200 visitors',
        capacity: 120,
        issued: 60,
        visitors: 200,
        throttled: true,
      },
      {
        case: '95 of 120 (79%) with 200 visitors',
        capacity: 120,
        issued: 95,
        visitors: 200,
        throttled: true,
      },
      {
        case: '96 of 120 (80%) with 200 visitors',
        capacity: 120,
        issued: 96,
        visitors: 200,
        throttled: false,
      },
      {
        case: '60 of 120 with 50 visitors (nobody turned away)',
        capacity: 120,
        issued: 60,
        visitors: 50,
        throttled: false,
      },
      {
        case: '60 of 120 with exactly 60 visitors',
        capacity: 120,
        issued: 60,
        visitors: 60,
        throttled: false,
      },
      {
        // A door counter counts people who only came to ask: a few over the tickets is not
        // anyone turned away.
        case: '60 of 120 with 61 visitors (one more than tickets)',
        capacity: 120,
        issued: 60,
        visitors: 61,
        throttled: false,
      },
      {
        case: '60 of 120 with 71 visitors (11 unmet, below 10% of capacity)',
        capacity: 120,
        issued: 60,
        visitors: 71,
        throttled: false,
      },
      {
        case: '60 of 120 with 72 visitors (12 unmet: 10% of capacity)',
        capacity: 120,
        issued: 60,
        visitors: 72,
        throttled: true,
      },
      {
        case: 'a county at 70%: 56 of 80 with 60 visitors (4 only asked)',
        capacity: 80,
        issued: 56,
        visitors: 60,
        throttled: false,
      },
      {
        case: 'a small centre: 20 of 50 with 29 visitors (9 unmet, fewer than 10 people)',
        capacity: 50,
        issued: 20,
        visitors: 29,
        throttled: false,
      },
    ],
  )('$case: $throttled', ({ capacity, issued, visitors, throttled }) => {
    expect(
      isThrottledDay({ ticketCapacity: capacity, ticketsIssued: issued, visitors }, CONFIG),
    ).toBe(throttled);
  });

  it('takes the counted turned-away people over visitors − tickets where the centre counts them', () => {
    const day = (turnedAway: number | null, visitors = 61) => ({
      ticketCapacity: 120,
      ticketsIssued: 60,
      visitors,
      turnedAway,
    });
    // The door counter says 61, but the ticket machine turned 40 away: throttled.
    expect(isThrottledDay(day(40), CONFIG)).toBe(true);
    // 200 at the door, but only 3 counted as turned away (the rest came to ask): not throttled.
    expect(isThrottledDay(day(3, 200), CONFIG)).toBe(false);
    // Not counted: estimated from the visitors, as before.
    expect(isThrottledDay(day(null, 200), CONFIG)).toBe(true);
  });
});

describe('ticket_throttling (限号)', () => {
  it.each<{ case: string; days: FlagDay[]; throttledDays: number | null }>([
    {
      case: '60 of 120 tickets with 200 visitors on 3 days flags throttling',
      days: days(3, { issued: 60, visitors: 200 }),
      throttledDays: 3,
    },
    {
      case: '60 of 120 tickets with 200 visitors on 2 days does not',
      days: days(2, { issued: 60, visitors: 200 }),
      throttledDays: null,
    },
    {
      case: '60 of 120 with 50 visitors is not throttling (nobody turned away)',
      days: days(5, { issued: 60, visitors: 50 }),
      throttledDays: null,
    },
    {
      case: '96 of 120 (80%) with 200 visitors on 5 days is not throttling',
      days: days(5, { issued: 96, visitors: 200 }),
      throttledDays: null,
    },
    {
      case: 'two throttled days and three full days does not',
      days: [
        ...days(2, { issued: 60, visitors: 200 }),
        day(WED, { issued: 120, visitors: 200 }),
        day(THU, { issued: 120, visitors: 200 }),
        day(FRI, { issued: 120, visitors: 200 }),
      ],
      throttledDays: null,
    },
    {
      case: 'three throttled days among five count as 3',
      days: [
        ...days(3, { issued: 60, visitors: 200 }),
        day(THU, { issued: 120, visitors: 200 }),
        day(FRI, { issued: 60, visitors: 40 }),
      ],
      throttledDays: 3,
    },
  ])('$case', ({ days: d, throttledDays }) => {
    const flag = flagTicketThrottling(unitPeriod({ days: d }), CONFIG);
    if (throttledDays === null) expect(flag).toBeNull();
    else expect(flag?.evidence.throttledDays).toBe(throttledDays);
  });

  it('carries capacity, issued, visitors per day and the unmet demand as evidence', () => {
    const flag = flagTicketThrottling(
      unitPeriod({ days: days(3, { issued: 60, visitors: 200 }) }),
      CONFIG,
    );
    expect(flag).toMatchObject({
      type: 'ticket_throttling',
      evidence: {
        throttledDays: 3,
        threshold: 0.8,
        ticketsIssued: 180,
        ticketCapacity: 360,
        visitors: 600,
        unmetDemand: 420,
        days: [MON, TUE, WED].map((date) => ({
          date,
          ticketCapacity: 120,
          ticketsIssued: 60,
          visitors: 200,
          unmetDemand: 140,
        })),
      },
    });
    expect(flag?.titleEn).toBe(
      'Tickets withheld on 3 days: 60 issued of 120 capacity a day, 200 visitors',
    );
    expect(flag?.titleZh).toContain('3 天');
    expect(flag?.titleZh).toContain('60 / 日可办理量 120');
  });

  it.each<{ case: string; days: FlagDay[]; severity: FlagFinding['severity'] }>([
    {
      case: '80 of 120 with 200 visitors on 3 days is medium',
      days: days(3, { issued: 80, visitors: 200 }),
      severity: 'medium',
    },
    {
      case: '80 of 120 with 200 visitors on 5 days is high',
      days: days(5, { issued: 80, visitors: 200 }),
      severity: 'high',
    },
    {
      case: 'half the capacity (60 of 120) on 3 days is already high',
      days: days(3, { issued: 60, visitors: 200 }),
      severity: 'high',
    },
    {
      case: 'near the threshold — 90 of 120 with 108 visitors (15% turned away) on 3 days — is low',
      days: days(3, { issued: 90, visitors: 108 }),
      severity: 'low',
    },
    {
      case: 'the same on 4 days is medium',
      days: days(4, { issued: 90, visitors: 108 }),
      severity: 'medium',
    },
  ])('$case', ({ days: d, severity }) => {
    expect(flagTicketThrottling(unitPeriod({ days: d }), CONFIG)?.severity).toBe(severity);
  });

  it('says so in its title when it is near the threshold, and gives the margins as evidence', () => {
    const flag = flagTicketThrottling(
      unitPeriod({ days: days(3, { issued: 90, visitors: 108 }) }),
      CONFIG,
    );
    expect(flag?.titleEn).toBe(
      'Tickets withheld on 3 days: 90 issued of 120 capacity a day, 108 visitors (near the threshold)',
    );
    expect(flag?.titleZh).toMatch(/（接近阈值）$/);
    expect(flag?.evidence).toMatchObject({
      issuedShare: 0.75,
      unmetShare: 0.15,
      minUnmetShare: 0.1,
    });
  });

  it('does not judge a centre in its ramp-up weeks: low issue against capacity not yet staffed', () => {
    const opening = (firstDate: string) =>
      flagTicketThrottling(
        unitPeriod({
          days: days(5, { issued: 60, visitors: 200 }),
          reporting: { districtCode: DAOLI, department: YB, firstDate, lastDate: FRI },
        }),
        CONFIG,
      );
    expect(opening('2020-08-03')).toBeNull();
    expect(opening('2020-07-13')?.severity).toBe('high');
  });
});

describe('online_target_missed (网办未达标)', () => {
  it('54 / 75 (72.0%) vs 96.7% flags, with those numbers in the evidence and both titles', () => {
    const flag = flagOnlineTargetMissed(unitPeriod({ snapshots: [snap(MON, 54)] }), CONFIG);
    expect(flag).toMatchObject({
      type: 'online_target_missed',
      severity: 'high',
      evidence: {
        asOf: MON,
        itemsOnline: 54,
        itemsTotal: 75,
        itemsExempt: 0,
        eligible: 75,
        target: 0.967,
        itemsNeeded: 73,
        stalled: false,
      },
    });
    expect(flag?.evidence.rate).toBeCloseTo(0.72, 12);
    expect(flag?.titleEn).toContain('54 / 75 items online (72.0%) against 96.7%');
    expect(flag?.titleZh).toContain('54 / 75（72.0%），目标 96.7%');
  });

  it.each<{
    case: string;
    snapshots: OnlineSnapshot[];
    targets?: Partial<Record<MetricName, number | null>>;
    flagged: { itemsOnline: number; eligible: number; title: string } | null;
  }>([
    {
      case: '73 / 75 (97.3%) meets 96.7%',
      snapshots: [snap(MON, 73)],
      flagged: null,
    },
    {
      case: 'exempt items are left out: 50 of 60 with 2 exempt is 50 / 58 (86.2%) against 95%',
      snapshots: [snap(MON, 50, 60, 2)],
      targets: { online_rate: 0.95 },
      flagged: {
        itemsOnline: 50,
        eligible: 58,
        title: '50 / 58 items online (86.2%) against 95.0%',
      },
    },
    {
      case: '56 of 60 with 2 exempt is 56 / 58 (96.6%), above a 95% target',
      snapshots: [snap(MON, 56, 60, 2)],
      targets: { online_rate: 0.95 },
      flagged: null,
    },
    {
      case: 'the latest snapshot on or before the week end counts, not a later one',
      snapshots: [snap(MON, 54), snap('2020-08-24', 75)],
      flagged: { itemsOnline: 54, eligible: 75, title: '54 / 75' },
    },
    {
      case: 'the latest of several snapshots in the week counts',
      snapshots: [snap(MON, 54), snap(THU, 60)],
      flagged: { itemsOnline: 60, eligible: 75, title: '60 / 75 items online (80.0%)' },
    },
    { case: 'no snapshot yet: nothing to compare', snapshots: [], flagged: null },
  ])('$case', ({ snapshots, targets, flagged }) => {
    const flag = flagOnlineTargetMissed(unitPeriod({ snapshots, targets }), CONFIG);
    if (flagged === null) return expect(flag).toBeNull();
    expect(flag?.evidence).toMatchObject({
      itemsOnline: flagged.itemsOnline,
      eligible: flagged.eligible,
    });
    expect(flag?.titleEn).toContain(flagged.title);
  });

  it.each<{ case: string; snapshots: OnlineSnapshot[]; stalled: boolean }>([
    {
      case: 'unchanged at 54 for 4 weeks is stalled',
      snapshots: weekly(54, 54, 54, 54, 54),
      stalled: true,
    },
    {
      case: 'up from 52 four weeks ago is not stalled',
      snapshots: weekly(52, 53, 54, 54, 54),
      stalled: false,
    },
    {
      case: 'only 3 weeks of unchanged snapshots is not stalled yet',
      snapshots: weekly(54, 54, 54, 54),
      stalled: false,
    },
  ])('$case', ({ snapshots, stalled }) => {
    const flag = flagOnlineTargetMissed(unitPeriod({ snapshots }), CONFIG);
    expect(flag?.evidence.stalled).toBe(stalled);
    if (stalled) {
      expect(flag?.evidence.stalledSince).toBe(snapshots[0]!.asOf);
      expect(flag?.severity).toBe('high');
      expect(flag?.titleEn).toContain('stalled for 4 weeks');
      expect(flag?.titleZh).toContain('已 4 周无进展');
    } else {
      expect(flag?.evidence.stalledSince).toBeNull();
      expect(flag?.titleEn).not.toContain('stalled');
    }
  });

  it.each<{ case: string; online: number; severity: FlagFinding['severity'] }>([
    { case: '54 / 75 (72.0%), 24.7 points short, is high', online: 54, severity: 'high' },
    { case: '66 / 75 (88.0%), 8.7 points short, is medium', online: 66, severity: 'medium' },
    { case: '70 / 75 (93.3%), 3.4 points short, is low', online: 70, severity: 'low' },
  ])('$case', ({ online, severity }) => {
    const flag = flagOnlineTargetMissed(unitPeriod({ snapshots: [snap(MON, online)] }), CONFIG);
    expect(flag?.severity).toBe(severity);
  });

  it.each<{ case: string; snapshots: OnlineSnapshot[]; reachedBy: string | null }>([
    {
      case: 'rising 1 a week from 60 to 68 over 8 weeks reaches 73 five weeks later',
      snapshots: weekly(60, 61, 62, 63, 64, 65, 66, 67, 68),
      reachedBy: '2020-09-21',
    },
    {
      case: 'unchanged for 8 weeks: not at this pace',
      snapshots: weekly(54, 54, 54, 54, 54, 54, 54, 54, 54),
      reachedBy: null,
    },
  ])('the forecast: $case', ({ snapshots, reachedBy }) => {
    const flag = flagOnlineTargetMissed(unitPeriod({ snapshots }), CONFIG);
    expect(flag?.evidence.forecastReachedBy).toBe(reachedBy);
    if (reachedBy) {
      expect(flag?.titleEn).toContain(`at this pace the target is reached by ${reachedBy}`);
      expect(flag?.titleZh).toContain(`按当前进度预计 ${reachedBy} 达标`);
    } else {
      expect(flag?.titleEn).toContain('not reached at this pace');
      expect(flag?.titleZh).toContain('按当前进度无法达标');
    }
  });
});

describe('forecastOnline: when the target is reached at the last 8 weeks’ pace', () => {
  it.each<{
    case: string;
    snapshots: { asOf: string; itemsOnline: number }[];
    needed: number;
    perWeek: number;
    reachedBy: string | null;
  }>([
    {
      case: '1 item a week, 5 short: in 5 weeks',
      snapshots: weekly(60, 61, 62, 63, 64, 65, 66, 67, 68),
      needed: 73,
      perWeek: 1,
      reachedBy: '2020-09-21',
    },
    {
      case: '2 items a week, 5 short: 2.5 weeks, rounded up to whole days (18)',
      snapshots: weekly(52, 54, 56, 58, 60, 62, 64, 66, 68),
      needed: 73,
      perWeek: 2,
      reachedBy: '2020-09-04',
    },
    {
      case: 'the pace counts only the last 8 weeks, not a fast start in the 9th week back',
      snapshots: [snap('2020-06-15', 30), ...weekly(60, 61, 62, 63, 64, 65, 66, 67, 68)],
      needed: 73,
      perWeek: 1,
      reachedBy: '2020-09-21',
    },
    {
      case: 'unchanged: not at this pace',
      snapshots: weekly(54, 54, 54),
      needed: 73,
      perWeek: 0,
      reachedBy: null,
    },
    {
      case: 'falling: not at this pace',
      snapshots: weekly(60, 58, 56),
      needed: 73,
      perWeek: -2,
      reachedBy: null,
    },
    {
      case: 'a single snapshot gives no pace',
      snapshots: weekly(60),
      needed: 73,
      perWeek: 0,
      reachedBy: null,
    },
  ])('$case', ({ snapshots, needed, perWeek, reachedBy }) => {
    expect(forecastOnline(snapshots, needed, MON, CONFIG.online.paceWeeks)).toEqual({
      perWeek,
      reachedBy,
    });
  });
});

describe('complaint_surge (投诉激增)', () => {
  it.each<{
    case: string;
    complaints: number;
    previous: number[];
    severity: FlagFinding['severity'] | null;
  }>([
    {
      case: '20 after 4 weeks of 5 flags',
      complaints: 20,
      previous: [5, 5, 5, 5],
      severity: 'high',
    },
    {
      // Twice the baseline, but 10 or more happen in about 3% of such weeks by chance.
      case: "10 after 4 weeks of 5 (exactly twice) doesn't: not unusual enough",
      complaints: 10,
      previous: [5, 5, 5, 5],
      severity: null,
    },
    {
      case: '12 after 4 weeks of 2 flags (about once in 700,000 weeks by chance)',
      complaints: 12,
      previous: [2, 2, 2, 2],
      severity: 'medium',
    },
    { case: "9 after 4 weeks of 5 doesn't", complaints: 9, previous: [5, 5, 5, 5], severity: null },
    {
      case: "4 after 4 quiet weeks doesn't (fewer than 10)",
      complaints: 4,
      previous: [0, 0, 0, 0],
      severity: null,
    },
    {
      case: "5 after weeks of 2 doesn't: a small base",
      complaints: 5,
      previous: [2, 2, 2, 2],
      severity: null,
    },
    {
      case: '10 after 4 quiet weeks flags',
      complaints: 10,
      previous: [0, 0, 0, 0],
      severity: 'medium',
    },
    {
      // A mean of 11.5 would hide it; the median of 2 does not.
      case: 'a median, not a mean: one odd week of 40 does not hide 12 after weeks of 2',
      complaints: 12,
      previous: [2, 2, 2, 40],
      severity: 'medium',
    },
    {
      case: '26 after weeks of 2, 3, 3 and 18 flags',
      complaints: 26,
      previous: [2, 3, 3, 18],
      severity: 'high',
    },
  ])('$case', ({ complaints, previous, severity }) => {
    const flag = flagComplaintSurge(
      unitPeriod({ components: { complaints }, previousComplaints: previous }),
      CONFIG,
    );
    expect(flag?.severity ?? null).toBe(severity);
  });

  it('shows the count, the previous weeks, the baseline it was compared with, the factor, how unlikely, and the categories', () => {
    const byCategory = { queue: 12, appointment: 8 };
    const flag = flagComplaintSurge(
      unitPeriod({
        components: { complaints: 20, complaintsByCategory: byCategory },
        previousComplaints: [4, 6, 5, 5],
      }),
      CONFIG,
    );
    expect(flag).toMatchObject({
      type: 'complaint_surge',
      evidence: {
        complaints: 20,
        previousPeriods: [4, 6, 5, 5],
        previousMean: 5,
        baseline: 5,
        factor: 4,
        byCategory,
      },
    });
    expect(flag?.evidence.chance).toBeGreaterThan(0);
    expect(flag?.evidence.chance).toBeLessThan(0.001);
    expect(flag?.titleEn).toBe(
      '20 complaints against a median of 5 in the previous 4 periods (4×)',
    );
    expect(flag?.titleZh).toBe('投诉 20 件，前 4 期中位数 5 件（4 倍）');
  });
});

describe('complaints_unresolved (答复未解决)', () => {
  const closed = (n: number, responded: number): ClosedComplaints => ({
    periodIndex: 0,
    districtCode: DAOLI,
    department: YB,
    closed: n,
    responded,
    byCategory: { queue: n },
  });

  it.each<{
    case: string;
    closed: ClosedComplaints | null;
    severity: FlagFinding['severity'] | null;
  }>([
    {
      case: '6 closed, 3 answered-not-resolved flags at 50%',
      closed: closed(6, 3),
      severity: 'medium',
    },
    {
      case: "6 closed, 2 answered-not-resolved doesn't (33%)",
      closed: closed(6, 2),
      severity: null,
    },
    {
      case: "4 closed, all answered-not-resolved doesn't (fewer than 5)",
      closed: closed(4, 4),
      severity: null,
    },
    { case: '5 closed, 3 answered-not-resolved flags', closed: closed(5, 3), severity: 'medium' },
    {
      case: '82 closed, all answered-not-resolved (Harbin 2020) is high',
      closed: closed(82, 82),
      severity: 'high',
    },
    { case: "nothing closed this week doesn't", closed: null, severity: null },
  ])('$case', ({ closed: c, severity }) => {
    const flag = flagComplaintsUnresolved(unitPeriod({ closed: c }), CONFIG);
    expect(flag?.severity ?? null).toBe(severity);
  });

  it('shows how many were closed and how many of them only answered', () => {
    const flag = flagComplaintsUnresolved(unitPeriod({ closed: closed(6, 3) }), CONFIG);
    expect(flag).toMatchObject({
      type: 'complaints_unresolved',
      evidence: { closed: 6, answeredUnresolved: 3, share: 0.5, byCategory: { queue: 6 } },
    });
    expect(flag?.titleEn).toBe(
      '3 of 6 complaints closed this period were answered but not resolved (50.0%)',
    );
  });
});

describe('out_of_queue_handling (未取号办理)', () => {
  it.each<{
    case: string;
    unit: UnitOverrides;
    severity: FlagFinding['severity'] | null;
    onThrottledDays?: number;
  }>([
    {
      case: 'no case out of queue: nothing',
      unit: { components: { casesCompleted: 100, casesOutOfQueue: 0 } },
      severity: null,
    },
    {
      case: '16 of 200 completed out of queue, well above the green channel’s 3%, flags',
      unit: {
        components: { casesCompleted: 200, casesOutOfQueue: 16 },
        days: [day(MON, { outOfQueue: 16, completed: 40 })],
      },
      severity: 'medium',
      onThrottledDays: 0,
    },
    {
      case: '98 of 2,000 completed out of queue (4.9%), just above the 3% allowed, flags (low)',
      unit: {
        components: { casesCompleted: 2000, casesOutOfQueue: 98 },
        days: [day(MON, { outOfQueue: 98, completed: 400 })],
      },
      severity: 'low',
      onThrottledDays: 0,
    },
    {
      case: '5 of 100 (5%) does not: at a 3% allowance that many come up by chance',
      unit: {
        components: { casesCompleted: 100, casesOutOfQueue: 5 },
        days: [day(MON, { outOfQueue: 5, completed: 20 })],
      },
      severity: null,
    },
    {
      case: 'green channel: 3 of 100 completed without a ticket does not flag',
      unit: {
        components: { casesCompleted: 100, casesOutOfQueue: 3 },
        days: [day(MON, { outOfQueue: 3, completed: 20 })],
      },
      severity: null,
    },
    {
      case: 'fewer than 5 cases do not flag, whatever the rate',
      unit: {
        components: { casesCompleted: 20, casesOutOfQueue: 4 },
        days: [day(MON, { outOfQueue: 4, completed: 20 })],
      },
      severity: null,
    },
    {
      case: 'out of queue on days tickets were withheld is high',
      unit: {
        components: { casesCompleted: 200, casesOutOfQueue: 20 },
        days: [
          day(MON, { issued: 60, visitors: 200, outOfQueue: 12, completed: 70 }),
          day(TUE, { issued: 120, visitors: 100, outOfQueue: 8, completed: 110 }),
        ],
      },
      severity: 'high',
      onThrottledDays: 12,
    },
    {
      case: 'with a 10% target for the unit, 16 of 200 does not flag',
      unit: {
        components: { casesCompleted: 200, casesOutOfQueue: 16 },
        days: [day(MON, { outOfQueue: 16, completed: 40 })],
        targets: { out_of_queue_rate: 0.1 },
      },
      severity: null,
    },
  ])('$case', ({ unit, severity, onThrottledDays }) => {
    const flag = flagOutOfQueueHandling(unitPeriod(unit), CONFIG);
    expect(flag?.severity ?? null).toBe(severity);
    if (onThrottledDays !== undefined) {
      expect(flag?.evidence.onThrottledDays).toBe(onThrottledDays);
    }
  });

  it('lists the days with cases out of queue and whether tickets were withheld that day', () => {
    const flag = flagOutOfQueueHandling(
      unitPeriod({
        components: { casesCompleted: 200, casesOutOfQueue: 20 },
        days: [
          day(MON, { issued: 60, visitors: 200, outOfQueue: 12, completed: 70 }),
          day(TUE, { issued: 120, visitors: 100, outOfQueue: 8, completed: 110 }),
          day(WED, { issued: 60, visitors: 200, outOfQueue: 0, completed: 60 }),
        ],
      }),
      CONFIG,
    );
    expect(flag?.evidence).toMatchObject({
      casesOutOfQueue: 20,
      casesCompleted: 200,
      rate: 0.1,
      target: 0,
      days: [
        { date: MON, casesOutOfQueue: 12, casesCompleted: 70, throttled: true },
        { date: TUE, casesOutOfQueue: 8, casesCompleted: 110, throttled: false },
      ],
    });
    expect(flag?.titleEn).toBe(
      '20 cases handled out of queue (10.0% of completed), 12 on days tickets were withheld',
    );
  });
});

describe('missing_reports (未按时报送)', () => {
  /** A unit that has reported since May and has a fresh online snapshot. */
  const reporting = (over: UnitOverrides = {}) =>
    unitPeriod({
      reporting: { districtCode: DAOLI, department: YB, firstDate: '2020-05-04', lastDate: FRI },
      dataCutoff: W34.end,
      snapshots: [snap(MON, 75)],
      ...over,
    });

  it.each<{
    case: string;
    unit: UnitPeriod;
    missing: { workingDaysDue: number; missingWorkingDays: number } | null;
    severity?: FlagFinding['severity'];
  }>([
    {
      case: '2 missing working days flags',
      unit: reporting({ components: { daysReported: 3, workingDaysReported: 3 } }),
      missing: { workingDaysDue: 5, missingWorkingDays: 2 },
      severity: 'medium',
    },
    {
      case: "1 missing working day doesn't",
      unit: reporting({ components: { daysReported: 4, workingDaysReported: 4 } }),
      missing: null,
    },
    {
      case: 'a whole week missing is high',
      unit: reporting({ components: { daysReported: 0, workingDaysReported: 0 } }),
      missing: { workingDaysDue: 5, missingWorkingDays: 5 },
      severity: 'high',
    },
    {
      case: "days after the data cut-off (Wednesday) don't count: Mon–Wed reported is complete",
      unit: reporting({ components: { daysReported: 3, workingDaysReported: 3 }, dataCutoff: WED }),
      missing: null,
    },
    {
      case: 'with the data cut on Wednesday, only Monday reported is 2 missing of 3 due',
      unit: reporting({ components: { daysReported: 1, workingDaysReported: 1 }, dataCutoff: WED }),
      missing: { workingDaysDue: 3, missingWorkingDays: 2 },
    },
    {
      case: "a unit that first reported this week isn't flagged",
      unit: reporting({
        components: { daysReported: 2, workingDaysReported: 2 },
        reporting: { districtCode: DAOLI, department: YB, firstDate: THU, lastDate: FRI },
      }),
      missing: null,
    },
    {
      case: "a centre in its ramp-up weeks (first report 3 weeks ago) isn't flagged",
      unit: reporting({
        components: { daysReported: 0, workingDaysReported: 0 },
        reporting: { districtCode: DAOLI, department: YB, firstDate: '2020-07-27', lastDate: FRI },
      }),
      missing: null,
    },
    {
      case: 'once its ramp-up is over (first report 5 weeks ago) it is',
      unit: reporting({
        components: { daysReported: 0, workingDaysReported: 0 },
        reporting: { districtCode: DAOLI, department: YB, firstDate: '2020-07-13', lastDate: FRI },
      }),
      missing: { workingDaysDue: 5, missingWorkingDays: 5 },
      severity: 'high',
    },
    {
      case: 'a holiday is never due: the Dragon Boat week of 2020 has 3 working days and a Sunday',
      unit: reporting({
        period: weekPeriod('2020-W26'),
        components: { daysReported: 3, workingDaysReported: 3 },
        dataCutoff: '2020-06-28',
        snapshots: [snap('2020-06-22', 75)],
      }),
      missing: null,
    },
    {
      case: 'a make-up Sunday is due: Dragon Boat week, Monday to Wednesday only reported',
      unit: reporting({
        period: weekPeriod('2020-W26'),
        components: { daysReported: 2, workingDaysReported: 2 },
        dataCutoff: '2020-06-28',
        snapshots: [snap('2020-06-22', 75)],
      }),
      missing: { workingDaysDue: 4, missingWorkingDays: 2 },
    },
    {
      case: "a unit that never reported isn't flagged",
      unit: reporting({ components: { daysReported: 0, workingDaysReported: 0 }, reporting: null }),
      missing: null,
    },
    {
      case: 'no data loaded anywhere yet: nothing is missing',
      unit: reporting({
        components: { daysReported: 0, workingDaysReported: 0 },
        dataCutoff: null,
      }),
      missing: null,
    },
  ])('$case', ({ unit, missing, severity }) => {
    const flag = flagMissingReports(unit, CONFIG);
    if (missing === null) return expect(flag).toBeNull();
    expect(flag?.evidence).toMatchObject(missing);
    expect(flag?.titleEn).toBe(`No window data on ${missing.missingWorkingDays} working days`);
    expect(flag?.titleZh).toBe(`${missing.missingWorkingDays} 个工作日未报送窗口数据`);
    if (severity) expect(flag?.severity).toBe(severity);
  });

  it.each<{ case: string; snapshots: OnlineSnapshot[]; stale: string | null | false }>([
    {
      case: 'an online snapshot 34 days old (> 30) flags',
      snapshots: [snap('2020-07-20', 75)],
      stale: '2020-07-20',
    },
    {
      case: 'no online snapshot at all flags',
      snapshots: [],
      stale: null,
    },
    {
      case: "a snapshot exactly 30 days old doesn't",
      snapshots: [snap('2020-07-24', 75)],
      stale: false,
    },
    {
      case: 'a snapshot after the week does not make the week’s reporting fresh',
      snapshots: [snap('2020-07-20', 75), snap('2020-08-24', 75)],
      stale: '2020-07-20',
    },
  ])('$case', ({ snapshots, stale }) => {
    const flag = flagMissingReports(
      reporting({ components: { daysReported: 5, workingDaysReported: 5 }, snapshots }),
      CONFIG,
    );
    if (stale === false) return expect(flag).toBeNull();
    expect(flag?.evidence).toMatchObject({ missingWorkingDays: 0, latestOnlineSnapshot: stale });
    expect(flag?.titleEn).toBe('No online snapshot in 30 days');
    expect(flag?.severity).toBe('medium');
  });

  it('names both gaps when window data and the online snapshot are missing', () => {
    const flag = flagMissingReports(
      reporting({ components: { daysReported: 2, workingDaysReported: 2 }, snapshots: [] }),
      CONFIG,
    );
    expect(flag?.titleEn).toBe('No window data on 3 working days; no online snapshot in 30 days');
  });
});

describe('delegated_without_supervision (放后失管)', () => {
  /** A Friday: day 30 after it is Sunday 2020-08-23, the end of W34. */
  const EFFECTIVE = '2020-07-24';
  const DAY_29 = '2020-08-22';
  const DAY_31 = '2020-08-24';

  const power = (powerCode: string, firstActionDate: string | null, effectiveDate = EFFECTIVE) =>
    ({
      districtCode: DAOLI,
      department: YB,
      batch: 'A',
      noticeDate: '2020-07-10',
      effectiveDate,
      powerCode,
      powerName: `事权 ${powerCode}`,
      fromUnit: '哈尔滨市医疗保障局',
      firstActionDate,
      firstActionType: firstActionDate ? 'training' : null,
    }) satisfies DelegatedPower;

  const training = (date: string) => ({
    districtCode: DAOLI,
    department: YB,
    date,
    actionType: 'training',
    powerCode: '',
  });

  /** Both powers of the batch, first followed up (blank power code: all of them) on `date`. */
  const batch = (date: string | null) => ({
    powers: [power('YB-001', date), power('YB-002', date)],
    actions: date ? [training(date)] : [],
  });

  it.each<{ case: string; followUp: string | null; week: string; flagged: boolean }>([
    {
      case: 'training on day 29 is a timely follow-up: no flag in W34, when the powers fall due',
      followUp: DAY_29,
      week: '2020-W34',
      flagged: false,
    },
    {
      case: 'training on day 29: no flag in W35 either',
      followUp: DAY_29,
      week: '2020-W35',
      flagged: false,
    },
    {
      case: 'training on day 30, the Sunday W34 ends, is in time: no flag in W34',
      followUp: W34.end,
      week: '2020-W34',
      flagged: false,
    },
    {
      case: 'training on day 31: flagged in W34 (30 days and nothing yet)',
      followUp: DAY_31,
      week: '2020-W34',
      flagged: true,
    },
    {
      case: 'training on day 31 closes the delegation flag from then on: W35',
      followUp: DAY_31,
      week: '2020-W35',
      flagged: false,
    },
    {
      case: 'training on day 31 closes the delegation flag from then on: W40',
      followUp: DAY_31,
      week: '2020-W40',
      flagged: false,
    },
    {
      case: 'no follow-up at all: still flagged in W40',
      followUp: null,
      week: '2020-W40',
      flagged: true,
    },
    {
      case: 'no follow-up, but only 23 days since the powers took effect (W33): not due yet',
      followUp: null,
      week: '2020-W33',
      flagged: false,
    },
  ])('$case', ({ followUp, week, flagged }) => {
    const flag = flagDelegatedWithoutSupervision(
      unitPeriod({ period: weekPeriod(week), ...batch(followUp) }),
      CONFIG,
    );
    expect(flag !== null).toBe(flagged);
  });

  it('shows the batch, dates, days elapsed, the powers, the missing action types and the late follow-up', () => {
    const flag = flagDelegatedWithoutSupervision(unitPeriod(batch(DAY_31)), CONFIG);
    expect(flag).toMatchObject({
      type: 'delegated_without_supervision',
      severity: 'medium',
      evidence: {
        batches: ['A'],
        fromUnit: '哈尔滨市医疗保障局',
        noticeDate: '2020-07-10',
        effectiveDate: EFFECTIVE,
        daysElapsed: 30,
        graceDays: 30,
        powers: 2,
        powerList: [
          { code: 'YB-001', name: '事权 YB-001' },
          { code: 'YB-002', name: '事权 YB-002' },
        ],
        missingActionTypes: ['training', 'inspection'],
      },
    });
    // As of the period's end: the follow-up on day 31 came after it and is not cited.
    expect(flag?.evidence).not.toHaveProperty('firstActionDate');
    expect(JSON.stringify(flag)).not.toContain(DAY_31);
    expect(flag?.titleEn).toBe(
      '2 delegated powers without any training, guidance or inspection for 30 days',
    );
    expect(flag?.titleZh).toContain('2 项下放事权承接 30 天');
  });

  it('lists only the powers still without follow-up', () => {
    const flag = flagDelegatedWithoutSupervision(
      unitPeriod({
        powers: [power('YB-001', '2020-08-03'), power('YB-002', null)],
        actions: [{ ...training('2020-08-03'), powerCode: 'YB-001' }],
      }),
      CONFIG,
    );
    expect(flag?.evidence).toMatchObject({
      powers: 1,
      powerList: [{ code: 'YB-002', name: '事权 YB-002' }],
    });
  });

  it.each<{ case: string; week: string; severity: FlagFinding['severity'] }>([
    { case: '30 days without follow-up is medium', week: '2020-W34', severity: 'medium' },
    { case: '58 days without follow-up is medium', week: '2020-W38', severity: 'medium' },
    { case: '65 days without follow-up is high', week: '2020-W39', severity: 'high' },
  ])('$case', ({ week, severity }) => {
    const flag = flagDelegatedWithoutSupervision(
      unitPeriod({ period: weekPeriod(week), ...batch(null) }),
      CONFIG,
    );
    expect(flag?.severity).toBe(severity);
  });
});

describe('evaluateUnitPeriod: a delegation flag weighs more beside throttling or a surge', () => {
  /** Powers 30 days without follow-up (medium on their own). */
  const unsupervised = {
    powers: [
      {
        districtCode: DAOLI,
        department: YB,
        batch: 'A',
        noticeDate: '2020-07-10',
        effectiveDate: '2020-07-24',
        powerCode: 'YB-001',
        powerName: '事权',
        fromUnit: '哈尔滨市医疗保障局',
        firstActionDate: null,
        firstActionType: null,
      },
    ],
  };
  const throttled = { days: days(3, { issued: 80, visitors: 200 }) };
  const surging = { components: { complaints: 20 }, previousComplaints: [5, 5, 5, 5] };
  const unresolved = {
    closed: {
      periodIndex: 0,
      districtCode: DAOLI,
      department: YB,
      closed: 6,
      responded: 6,
      byCategory: {},
    },
  };

  const severities = (u: UnitPeriod) =>
    Object.fromEntries(evaluateUnitPeriod(u, CONFIG).map((f) => [f.type, f.severity]));

  it.each<{
    case: string;
    unit: UnitOverrides;
    expected: Record<string, FlagFinding['severity']>;
  }>([
    {
      case: 'unsupervised powers alone are medium',
      unit: unsupervised,
      expected: { delegated_without_supervision: 'medium' },
    },
    {
      case: 'with throttling in the same district and department they are high',
      unit: { ...unsupervised, ...throttled },
      expected: { delegated_without_supervision: 'high', ticket_throttling: 'medium' },
    },
    {
      case: 'with a complaint surge in the same district and department they are high',
      unit: { ...unsupervised, ...surging },
      expected: { delegated_without_supervision: 'high', complaint_surge: 'high' },
    },
    {
      case: 'unresolved complaints alone do not raise them',
      unit: { ...unsupervised, ...unresolved },
      expected: { delegated_without_supervision: 'medium', complaints_unresolved: 'medium' },
    },
    {
      case: 'throttling without any delegation flag stays as it is',
      unit: throttled,
      expected: { ticket_throttling: 'medium' },
    },
    {
      case: '65 days unsupervised beside throttling stays high',
      unit: { ...unsupervised, ...throttled, period: weekPeriod('2020-W39') },
      expected: { delegated_without_supervision: 'high' },
    },
  ])('$case', ({ unit, expected }) => {
    expect(severities(unitPeriod(unit))).toMatchObject(expected);
    if (!('period' in unit)) {
      expect(Object.keys(severities(unitPeriod(unit))).sort()).toEqual(
        Object.keys(expected).sort(),
      );
    }
  });
});

describe('severity bands come from the configuration, not the rules', () => {
  const harbinThrottling = unitPeriod({ days: days(3, { issued: 60, visitors: 200 }) });
  const harbinOnline = unitPeriod({ snapshots: [snap(MON, 54)] });
  it.each<{ case: string; severity: () => string | undefined; expected: string }>([
    {
      case: '60 of 120 on 3 days, high by default',
      severity: () => flagTicketThrottling(harbinThrottling, CONFIG)?.severity,
      expected: 'high',
    },
    {
      case: '60 of 120 on 3 days, medium when high needs at most 40% of capacity',
      severity: () =>
        flagTicketThrottling(harbinThrottling, {
          ...CONFIG,
          throttling: { ...CONFIG.throttling, highShareOfCapacity: 0.4 },
        })?.severity,
      expected: 'medium',
    },
    {
      case: '54 / 75 online, medium when high needs 30 points short',
      severity: () =>
        flagOnlineTargetMissed(harbinOnline, {
          ...CONFIG,
          online: { ...CONFIG.online, highGap: 0.3 },
        })?.severity,
      expected: 'medium',
    },
    {
      case: '54 / 75 online, low when medium needs 30 points short too',
      severity: () =>
        flagOnlineTargetMissed(harbinOnline, {
          ...CONFIG,
          online: { ...CONFIG.online, highGap: 0.3, mediumGap: 0.3 },
        })?.severity,
      expected: 'low',
    },
  ])('$case', ({ severity, expected }) => {
    expect(severity()).toBe(expected);
  });
});
