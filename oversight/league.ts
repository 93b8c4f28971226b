/**
 * How the league table is ordered when a reader sorts it, and the flags it shows by type —
 * the same on the overview, the API and the weekly PDF.
 */
import type { UnitScore } from './scorecard';
import { FLAG_TYPES, METRICS, type FlagType, type Severity } from './types';

/** What the league table may be sorted by: rank, the district, a metric, counts. */
export const LEAGUE_SORTS = ['rank', 'district', 'complaints', 'flags', ...METRICS] as const;
export type LeagueSort = (typeof LEAGUE_SORTS)[number];
export type SortDirection = 'asc' | 'desc';

function sortValue(u: UnitScore, sort: LeagueSort): number | string | null {
  switch (sort) {
    case 'rank':
      return u.rank;
    case 'district':
      return u.districtCode;
    case 'complaints':
      return u.complaints.count;
    case 'flags':
      return u.flags.length;
    default:
      return u.metrics[sort].value;
  }
}

/**
 * The league table in the order asked for. Units without a value (no data, no rank) stay at
 * the bottom in either direction; ties keep rank order, so the laggard stays findable.
 */
export function sortUnits(
  units: readonly UnitScore[],
  sort: LeagueSort,
  dir: SortDirection,
): UnitScore[] {
  const sign = dir === 'asc' ? 1 : -1;
  const byRank = (a: UnitScore, b: UnitScore) =>
    (a.rank ?? Infinity) - (b.rank ?? Infinity) || a.districtCode.localeCompare(b.districtCode);
  return [...units].sort((a, b) => {
    const x = sortValue(a, sort);
    const y = sortValue(b, sort);
    if (x === null || y === null) return x === y ? byRank(a, b) : x === null ? 1 : -1;
    const order = typeof x === 'string' ? x.localeCompare(String(y)) : x - Number(y);
    return sign * order || byRank(a, b);
  });
}

export interface FlagCount {
  type: FlagType;
  count: number;
  high: number;
}

/** Flags of the period by type, in the dashboard's order, with how many are high; types with none are left out. */
export function countFlagsByType(
  flags: readonly { type: FlagType; severity: Severity }[],
): FlagCount[] {
  return FLAG_TYPES.map((type) => {
    const own = flags.filter((f) => f.type === type);
    return { type, count: own.length, high: own.filter((f) => f.severity === 'high').length };
  }).filter((c) => c.count > 0);
}
