/**
 * The overview's one question: how does the city and each district stand against its targets
 * this period, what changed, and where are the flags — the scorecard, the open flags by type,
 * and the last eight weeks' statuses for the heat grid.
 */
import type { Executor } from '../../db/client';
import { listDepartments } from '../../db/queries/districts';
import type { Scope } from '../../db/scope';
import type { UnitScore } from '../oversight/scorecard';
import { FLAG_TYPES, type FlagType, type Period } from '../oversight/types';
import { defaultWeek, loadScorecard } from './oversight.server';
import type { LeagueSort, SortDirection } from './params.server';
import { loadStatusHistory } from './status-history.server';

export interface OverviewQuery {
  scope: Scope;
  period: Period;
  department: string | null;
  sort: LeagueSort;
  dir: SortDirection;
}

export interface FlagCount {
  type: FlagType;
  count: number;
  high: number;
}

/** Flags of the period by type, in the dashboard's order; types with none are left out. */
export function countFlagsByType(flags: readonly { type: FlagType; severity: string }[]) {
  return FLAG_TYPES.map((type) => {
    const own = flags.filter((f) => f.type === type);
    return { type, count: own.length, high: own.filter((f) => f.severity === 'high').length };
  }).filter((c) => c.count > 0);
}

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

export async function loadOverview(db: Executor, q: OverviewQuery) {
  const [scorecard, history, departments, latest] = await Promise.all([
    loadScorecard(db, q),
    loadStatusHistory(db, q),
    listDepartments(db, q.scope),
    defaultWeek(db, q.scope),
  ]);
  const previousComplaints = history.cityComplaints.at(-2)?.complaints ?? null;
  return {
    scorecard: { ...scorecard, units: sortUnits(scorecard.units, q.sort, q.dir) },
    rankedCount: scorecard.units.filter((u) => u.rank !== null).length,
    flagCounts: countFlagsByType(scorecard.city.flags),
    previousComplaints,
    history,
    departments,
    latestWeek: latest?.label ?? null,
  };
}

export type Overview = Awaited<ReturnType<typeof loadOverview>>;
