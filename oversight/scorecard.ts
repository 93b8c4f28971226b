/**
 * The league table: every district against its targets for one period, the city as a whole,
 * and each district's rank and how it moved since the previous period.
 */
import type { Flag } from './flags/types';
import {
  answeredUnresolvedShare,
  complaintsPer10k,
  computeMetric,
  sumComponents,
  type Components,
} from './metrics';
import { rankChange, rankUnits } from './ranking';
import { resolveTarget } from './targets';
import {
  METRICS,
  type FlagType,
  type MetricName,
  type MetricResult,
  type Period,
  type Severity,
  type TargetRow,
} from './types';
import type { District } from './inputs';
import type { UnitAggregates } from './inputs';

export interface UnitScore {
  districtCode: string;
  districtName: string;
  level: string;
  /** null: every department together. */
  department: string | null;
  metrics: Record<MetricName, MetricResult>;
  complaints: {
    count: number;
    per10k: number | null;
    byCategory: Record<string, number>;
    answeredUnresolvedShare: number | null;
  };
  unmetDemand: number;
  daysReported: number;
  flags: { type: FlagType; severity: Severity }[];
  score: number | null;
  rank: number | null;
  /** Previous rank − this rank: positive means the district moved up. */
  rankChange: number | null;
}

export interface Scorecard {
  period: Period;
  previousPeriod: Period;
  department: string | null;
  /** False when nothing at all was reported for the period: the UI says "no data". */
  hasData: boolean;
  city: UnitScore;
  /** Best first. */
  units: UnitScore[];
  /** How many units the ranks are out of: "第 19 / 19 名". */
  rankedCount: number;
  /** The city's metrics in the previous period, for "change since last week". */
  cityPrevious: Record<MetricName, MetricResult>;
}

export type FlagMark = Pick<Flag, 'type' | 'severity' | 'districtCode' | 'department'>;

export interface ScorecardInput {
  period: Period;
  previousPeriod: Period;
  department: string | null;
  /** The period's rows and the previous period's (their periodIndex is not read). */
  current: readonly UnitAggregates[];
  previous: readonly UnitAggregates[];
  targets: readonly TargetRow[];
  districts: readonly District[];
  /** What the league table needs of each flag: whose it is and how severe. */
  flags: readonly FlagMark[];
  previousFlags: readonly FlagMark[];
  tolerance: number;
  /** The code the city as a whole is shown under (its own registry row, if any). */
  cityCode: string | null;
}

function metricsFor(
  c: Components,
  districtCode: string,
  department: string | null,
  asOf: string,
  targets: readonly TargetRow[],
  tolerance: number,
): Record<MetricName, MetricResult> {
  const out = {} as Record<MetricName, MetricResult>;
  for (const metric of METRICS) {
    const target = resolveTarget(targets, metric, districtCode, department ?? '', asOf);
    out[metric] = computeMetric(metric, c, target, tolerance);
  }
  return out;
}

/**
 * Whether anything was reported within the period: window days, complaints, or an online
 * snapshot dated in it. Carried-forward state (an older snapshot, powers still due) is not
 * data for a week in which nothing came in.
 */
function hasAnyData(c: Components, period: Period): boolean {
  return (
    c.daysReported > 0 ||
    c.complaints > 0 ||
    (c.onlineAsOf !== null && c.onlineAsOf >= period.start)
  );
}

export function buildScorecard(input: ScorecardInput): Scorecard {
  const { period, previousPeriod, department, targets, tolerance } = input;
  const byPeriod = [input.current, input.previous].map((rows) => {
    const perDistrict = new Map<string, Components[]>();
    for (const a of rows) {
      const list = perDistrict.get(a.districtCode);
      if (list) list.push(a);
      else perDistrict.set(a.districtCode, [a]);
    }
    return perDistrict;
  });
  // Each district's flags, looked up once: a national week has thousands of both.
  const flagsByDistrict = (flags: readonly FlagMark[]) => {
    const by = new Map<string, { type: FlagType; severity: Severity }[]>();
    for (const f of flags) {
      if (department !== null && f.department !== department) continue;
      const own = { type: f.type, severity: f.severity };
      const list = by.get(f.districtCode);
      if (list) list.push(own);
      else by.set(f.districtCode, [own]);
    }
    return by;
  };

  const unitsFor = (idx: 0 | 1, flags: readonly FlagMark[]) => {
    const asOf = idx === 0 ? period.end : previousPeriod.end;
    const flagsOf = flagsByDistrict(flags);
    return input.districts.map((d) => {
      const c = sumComponents(byPeriod[idx]!.get(d.districtCode) ?? []);
      const metrics = metricsFor(c, d.districtCode, department, asOf, targets, tolerance);
      return {
        districtCode: d.districtCode,
        districtName: d.districtName,
        level: d.level,
        department,
        metrics,
        complaints: {
          count: c.complaints,
          per10k: complaintsPer10k(c.complaints, d.population),
          byCategory: c.complaintsByCategory,
          answeredUnresolvedShare: answeredUnresolvedShare(c),
        },
        unmetDemand: c.unmetDemand,
        daysReported: c.daysReported,
        flags: flagsOf.get(d.districtCode) ?? [],
        statuses: METRICS.map((m) => metrics[m].status),
        onlineRate: metrics.online_rate.value,
        hasData: hasAnyData(c, idx === 0 ? period : previousPeriod),
      };
    });
  };

  const current = unitsFor(0, input.flags);
  const previous = unitsFor(1, input.previousFlags);
  const ranked = rankUnits(current.filter((u) => u.hasData));
  const previousRanked = rankUnits(previous.filter((u) => u.hasData));
  const changes = rankChange(
    new Map(ranked.map((u) => [u.districtCode, u.rank])),
    new Map(previousRanked.map((u) => [u.districtCode, u.rank])),
  );
  const toScore = (
    u: (typeof current)[number] & { score?: number | null; rank?: number },
  ): UnitScore => ({
    districtCode: u.districtCode,
    districtName: u.districtName,
    level: u.level,
    department: u.department,
    metrics: u.metrics,
    complaints: u.complaints,
    unmetDemand: u.unmetDemand,
    daysReported: u.daysReported,
    flags: u.flags,
    score: u.score ?? null,
    rank: u.rank ?? null,
    rankChange: changes.get(u.districtCode) ?? null,
  });
  const unranked = current.filter((u) => !u.hasData);

  const cityComponents = sumComponents([...byPeriod[0]!.values()].flat());
  const cityPreviousComponents = sumComponents([...byPeriod[1]!.values()].flat());
  const cityRow = input.districts.find((d) => d.districtCode === input.cityCode);
  const city: UnitScore = {
    districtCode: input.cityCode ?? '',
    districtName: cityRow?.districtName ?? '',
    level: 'city',
    department,
    metrics: metricsFor(cityComponents, '', department, period.end, targets, tolerance),
    complaints: {
      count: cityComponents.complaints,
      per10k: complaintsPer10k(cityComponents.complaints, cityRow?.population ?? null),
      byCategory: cityComponents.complaintsByCategory,
      answeredUnresolvedShare: answeredUnresolvedShare(cityComponents),
    },
    unmetDemand: cityComponents.unmetDemand,
    daysReported: cityComponents.daysReported,
    flags: input.flags
      .filter((f) => department === null || f.department === department)
      .map((f) => ({ type: f.type, severity: f.severity })),
    score: null,
    rank: null,
    rankChange: null,
  };
  return {
    period,
    previousPeriod,
    department,
    hasData: hasAnyData(cityComponents, period),
    city,
    units: [...ranked.map(toScore), ...unranked.map(toScore)],
    rankedCount: ranked.length,
    cityPrevious: metricsFor(
      cityPreviousComponents,
      '',
      department,
      previousPeriod.end,
      targets,
      tolerance,
    ),
  };
}

/** The rows and flag marks of one week, as the rollups or the raw tables give them. */
export interface WeekRows {
  aggregates: readonly UnitAggregates[];
  marks: readonly FlagMark[];
}

/**
 * A week's league table from its rows and those of the week before: the loader stores the
 * city-wide one; loadScorecard builds narrower ones the same way.
 */
export function scorecardOfWeek(input: {
  period: Period;
  previousPeriod: Period;
  department: string | null;
  current: WeekRows;
  previous: WeekRows;
  targets: readonly TargetRow[];
  districts: readonly District[];
  tolerance: number;
}): Scorecard {
  const { current, previous, ...rest } = input;
  return buildScorecard({
    ...rest,
    current: current.aggregates,
    previous: previous.aggregates,
    flags: current.marks,
    previousFlags: previous.marks,
    cityCode: input.districts.find((d) => d.level === 'city')?.districtCode ?? null,
  });
}

/**
 * A scorecard of some districts with each district's rank (and its move) in the whole city's
 * ranking, and the whole city's count: a district officer sees "19 / 19", not "1 / 1" among
 * the one district they may see. Nothing else is taken from the city's scorecard, so no other
 * district's name or number reaches the viewer.
 */
export function withCityRanks(scoped: Scorecard, city: Scorecard): Scorecard {
  const cityUnits = new Map(city.units.map((u) => [u.districtCode, u]));
  return {
    ...scoped,
    rankedCount: city.rankedCount,
    units: scoped.units.map((u) => {
      const inCity = cityUnits.get(u.districtCode);
      return { ...u, rank: inCity?.rank ?? null, rankChange: inCity?.rankChange ?? null };
    }),
  };
}
