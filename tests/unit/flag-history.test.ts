import { describe, expect, it } from 'vitest';
import { DEFAULT_FLAG_CONFIG as CONFIG } from '../../oversight/flags/config';
import { evidenceOf } from '../../oversight/flags/rules';
import {
  evaluateFlags,
  evaluateFlagsFrom,
  type EvaluateInput,
} from '../../oversight/flags/evaluate';
import { EMPTY_COMPONENTS, type Components } from '../../oversight/metrics';
import { previousPeriods, weekPeriod, workingDays } from '../../oversight/period';
import type { TargetRow } from '../../oversight/types';
import type { FlagDay, FlagInputs } from '../../oversight/inputs';
import type { UnitAggregates } from '../../oversight/inputs';

const DAOLI = '230102';
const HULAN = '230111';
const YB = '医保';
const W34 = weekPeriod('2020-W34');

/**
 * W26..W34. The first four weeks are only the complaint-surge baseline; flags are evaluated for
 * the last five, W30..W34, the way loadFlags asks for its history.
 */
const PERIODS = [...previousPeriods(W34, CONFIG.surge.previousPeriods + 4), W34];
const EVALUATED = PERIODS.slice(CONFIG.surge.previousPeriods);
const FIRST_EVALUATED = CONFIG.surge.previousPeriods;

const NO_INPUTS: FlagInputs = {
  days: [],
  closedComplaints: [],
  snapshots: [],
  powers: [],
  actions: [],
  reportingUnits: [],
  // Every period's data complete to its last day unless a case says otherwise.
  cutoffs: PERIODS.map((p) => p.end),
  calendar: [],
};

/** "60 of 120 tickets with 200 visitors" on the first 3 working days of a period. */
function throttledWeek(periodIndex: number, districtCode = DAOLI, department = YB): FlagDay[] {
  return workingDays(PERIODS[periodIndex]!)
    .slice(0, 3)
    .map((date) => ({
      periodIndex,
      districtCode,
      department,
      date,
      ticketCapacity: 120,
      ticketsIssued: 60,
      visitors: 200,
      casesCompleted: 60,
      casesOutOfQueue: 0,
    }));
}

const aggregate = (
  periodIndex: number,
  c: Partial<Components>,
  districtCode = DAOLI,
  department = YB,
): UnitAggregates => ({
  ...EMPTY_COMPONENTS,
  complaintsByCategory: {},
  ...c,
  periodIndex,
  districtCode,
  department,
});

/**
 * Evaluates the periods. Days with window data also appear in the aggregates, as they do when
 * both come from window_daily, so each unit with days gets a row for the periods it has days in.
 */
function evaluate(
  over: Partial<Omit<EvaluateInput, 'inputs'>> & { inputs?: Partial<FlagInputs> } = {},
) {
  return evaluateFlags(inputOf(over));
}

function inputOf(
  over: Partial<Omit<EvaluateInput, 'inputs'>> & { inputs?: Partial<FlagInputs> } = {},
): EvaluateInput {
  const { inputs, aggregates = [], ...rest } = over;
  const withDays = new Map<string, UnitAggregates>();
  for (const d of inputs?.days ?? []) {
    const key = `${d.periodIndex}/${d.districtCode}/${d.department}`;
    const a = withDays.get(key) ?? aggregate(d.periodIndex, {}, d.districtCode, d.department);
    a.daysReported++;
    a.ticketsIssued += d.ticketsIssued;
    a.ticketCapacity += d.ticketCapacity;
    a.visitors += d.visitors;
    withDays.set(key, a);
  }
  const given = new Set(
    aggregates.map((a) => `${a.periodIndex}/${a.districtCode}/${a.department}`),
  );
  return {
    periods: PERIODS,
    aggregates: [...aggregates, ...[...withDays].filter(([k]) => !given.has(k)).map(([, a]) => a)],
    targets: [],
    districtNames: new Map([
      [DAOLI, '道里区'],
      [HULAN, '呼兰区'],
    ]),
    config: CONFIG,
    ...rest,
    inputs: { ...NO_INPUTS, ...inputs },
  };
}

/** Throttling in the evaluated weeks marked x: 'x x _ x x' is W30, W31, W33, W34. */
function throttledIn(pattern: string): FlagDay[] {
  return pattern
    .split(' ')
    .flatMap((mark, i) => (mark === 'x' ? throttledWeek(FIRST_EVALUATED + i) : []));
}

describe('evaluateFlags: when a flag began and how long it has been open', () => {
  it('evaluates the five weeks W30..W34 after the four-week surge baseline', () => {
    expect(EVALUATED.map((p) => p.label)).toEqual([
      '2020-W30',
      '2020-W31',
      '2020-W32',
      '2020-W33',
      '2020-W34',
    ]);
  });

  it.each<{
    case: string;
    pattern: string;
    run: { firstSeen: string; openPeriods: number; openBeyondHistory: boolean } | null;
  }>([
    {
      case: 'a flag present in the last 3 of 5 weeks was first seen in the 3rd, open 3 weeks',
      pattern: '_ _ x x x',
      run: { firstSeen: '2020-W32', openPeriods: 3, openBeyondHistory: false },
    },
    {
      case: 'a gap resets the run: x x _ x x is open since the 4th week, for 2 weeks',
      pattern: 'x x _ x x',
      run: { firstSeen: '2020-W33', openPeriods: 2, openBeyondHistory: false },
    },
    {
      case: 'a flag new this week is first seen this week, open 1 week',
      pattern: '_ _ _ _ x',
      run: { firstSeen: '2020-W34', openPeriods: 1, openBeyondHistory: false },
    },
    {
      case: 'a flag in every evaluated week is open since the first, and maybe longer',
      pattern: 'x x x x x',
      run: { firstSeen: '2020-W30', openPeriods: 5, openBeyondHistory: true },
    },
    {
      case: 'a flag that ended last week is not reported this week',
      pattern: 'x x x x _',
      run: null,
    },
  ])('$case', ({ pattern, run }) => {
    const flags = evaluate({ inputs: { days: throttledIn(pattern) } });
    if (run === null) return expect(flags).toEqual([]);
    expect(flags).toHaveLength(1);
    expect(flags[0]).toMatchObject({
      type: 'ticket_throttling',
      districtCode: DAOLI,
      districtName: '道里区',
      department: YB,
      period: '2020-W34',
      ...run,
    });
  });

  it('keeps the current week’s finding: its severity and evidence, not the first week’s', () => {
    const fiveDays = workingDays(W34).map((date) => ({
      ...throttledWeek(PERIODS.length - 1)[0]!,
      date,
      ticketsIssued: 80,
    }));
    const days = [...throttledWeek(PERIODS.length - 2), ...fiveDays];
    const [flag] = evaluate({ inputs: { days } });
    expect(flag).toMatchObject({
      firstSeen: '2020-W33',
      openPeriods: 2,
      severity: 'high',
      evidence: { throttledDays: 5, ticketsIssued: 400 },
    });
  });

  it('tracks each district and department on its own', () => {
    const flags = evaluate({
      inputs: {
        days: [
          ...throttledIn('_ _ x x x'),
          ...[3, 4].flatMap((i) => throttledWeek(FIRST_EVALUATED + i, HULAN)),
          ...[2, 3, 4].flatMap((i) => throttledWeek(FIRST_EVALUATED + i, DAOLI, '社保')),
        ],
      },
    });
    expect(
      flags.map((f) => [f.districtCode, f.department, f.firstSeen, f.openPeriods]).sort(),
    ).toEqual([
      [DAOLI, YB, '2020-W32', 3],
      [DAOLI, '社保', '2020-W32', 3],
      [HULAN, YB, '2020-W33', 2],
    ]);
  });
});

describe('evaluateFlags: what the rules are given', () => {
  it('gives the surge rule the complaints of the four weeks before', () => {
    const complaints = [1, 1, 1, 1, 5, 5, 5, 5, 20];
    const flags = evaluate({
      aggregates: complaints.map((n, i) => aggregate(i, { complaints: n })),
    });
    expect(flags).toHaveLength(1);
    expect(flags[0]).toMatchObject({
      type: 'complaint_surge',
      firstSeen: '2020-W34',
      evidence: { complaints: 20, previousPeriods: [5, 5, 5, 5], previousMean: 5 },
    });
  });

  it('counts a week without any complaint row as 0 in the baseline', () => {
    const flags = evaluate({ aggregates: [aggregate(PERIODS.length - 1, { complaints: 12 })] });
    expect(flags.map((f) => [f.type, evidenceOf(f, 'complaint_surge').previousPeriods])).toEqual([
      ['complaint_surge', [0, 0, 0, 0]],
    ]);
  });

  it.each<{ case: string; targets: TargetRow[]; flagged: boolean }>([
    {
      case: 'with no targets row the green channel’s 3% applies: 16 of 200 flags',
      targets: [],
      flagged: true,
    },
    {
      case: "a 5% row for the district's department applies: 16 of 200 does not flag",
      targets: [
        {
          metric: 'out_of_queue_rate',
          target: 0.05,
          districtCode: DAOLI,
          department: YB,
          effectiveFrom: '2020-01-01',
        },
      ],
      flagged: false,
    },
    {
      case: 'a 5% row that takes effect after the week does not apply yet',
      targets: [
        {
          metric: 'out_of_queue_rate',
          target: 0.05,
          districtCode: DAOLI,
          department: YB,
          effectiveFrom: '2020-09-01',
        },
      ],
      flagged: true,
    },
  ])('out-of-queue targets: $case', ({ targets, flagged }) => {
    const flags = evaluate({
      targets,
      aggregates: [
        aggregate(PERIODS.length - 1, {
          casesCompleted: 200,
          casesOutOfQueue: 16,
          daysReported: 5,
        }),
      ],
    });
    expect(flags.some((f) => f.type === 'out_of_queue_handling')).toBe(flagged);
  });

  it("judges missing reports against the city-wide data cut-off, not the district's own", () => {
    // The city's data runs to Friday (呼兰区 sent the whole working week); 道里区 sent Monday
    // to Wednesday, so its Thursday and Friday are missing, not merely not yet in.
    const reportingUnits = [
      { districtCode: DAOLI, department: YB, firstDate: '2020-05-04', lastBefore: '2020-08-14' },
    ];
    const snapshots = [
      {
        districtCode: DAOLI,
        department: YB,
        asOf: '2020-08-17',
        itemsTotal: 75,
        itemsExempt: 0,
        itemsOnline: 75,
      },
    ];
    const week = PERIODS.length - 1;
    const cutoffs = PERIODS.map((p, i) => (i === week ? '2020-08-21' : p.end));
    const flags = evaluate({
      inputs: { reportingUnits, snapshots, cutoffs },
      aggregates: [
        aggregate(week, { daysReported: 3, workingDaysReported: 3, lastWindowDate: '2020-08-19' }),
        ...[0, 1, 2, 3, 4, 5, 6, 7].map((i) =>
          aggregate(i, {
            daysReported: 5,
            workingDaysReported: 5,
            lastWindowDate: PERIODS[i]!.end,
          }),
        ),
      ],
    });
    expect(
      flags.map((f) => [
        f.type,
        f.districtCode,
        evidenceOf(f, 'missing_reports').missingWorkingDays,
        evidenceOf(f, 'missing_reports').lastWindowDate,
      ]),
    ).toEqual([['missing_reports', DAOLI, 2, '2020-08-19']]);
  });

  it('gives a week the same flags whether it is asked for or is part of a longer run', () => {
    const input = inputOf({ inputs: { days: throttledIn('_ x x x x') } });
    const everyWeek = evaluateFlagsFrom(input, FIRST_EVALUATED);
    expect(everyWeek.map((flags) => flags.map((f) => [f.period, f.openPeriods]))).toEqual([
      [],
      [['2020-W31', 1]],
      [['2020-W32', 2]],
      [['2020-W33', 3]],
      [['2020-W34', 4]],
    ]);
    for (const [k, flags] of everyWeek.entries()) {
      const last = FIRST_EVALUATED + k;
      const alone = evaluateFlags({
        ...input,
        periods: PERIODS.slice(0, last + 1),
        aggregates: input.aggregates.filter((a) => a.periodIndex <= last),
        inputs: {
          ...input.inputs,
          days: input.inputs.days.filter((d) => d.periodIndex <= last),
          cutoffs: input.inputs.cutoffs.slice(0, last + 1),
        },
      });
      expect(alone).toEqual(flags);
    }
  });

  it('names a district missing from the registry by its code', () => {
    const flags = evaluate({
      districtNames: new Map(),
      inputs: { days: throttledIn('_ _ _ _ x') },
    });
    expect(flags[0]?.districtName).toBe(DAOLI);
  });

  it('lists the most severe first, then by type and district', () => {
    const week = PERIODS.length - 1;
    const flags = evaluate({
      inputs: {
        days: [
          // 80 of 120 on 3 days: medium.
          ...throttledWeek(week, HULAN).map((d) => ({ ...d, ticketsIssued: 80 })),
          ...throttledWeek(week),
        ],
      },
      aggregates: [aggregate(week, { casesCompleted: 2000, casesOutOfQueue: 98 }, HULAN)],
    });
    expect(flags.map((f) => [f.severity, f.type, f.districtCode])).toEqual([
      ['high', 'ticket_throttling', DAOLI],
      ['medium', 'ticket_throttling', HULAN],
      ['low', 'out_of_queue_handling', HULAN],
    ]);
  });
});
