/**
 * The laggard ranking: one score per district (or city-level unit) from its statuses and flags,
 * a rank shared by equal scores (competition ranking, "1, 1, 3"), an explicit display order
 * with every tie broken, and the movement against the previous period.
 */
import type { Severity, Status } from './types';

/** What is taken off the score for each open flag, by severity. */
export const DEFAULT_PENALTIES: Readonly<Record<Severity, number>> = {
  high: 0.15,
  medium: 0.08,
  low: 0.03,
};

/** One unit to rank: its metric statuses and flags for the period, and its online rate. */
export interface RankInput {
  districtCode: string;
  districtName: string;
  statuses: readonly Status[];
  flags: readonly { severity: Severity }[];
  onlineRate: number | null;
}

export type RankedUnit<T extends RankInput = RankInput> = T & {
  /** null when none of the unit's metrics had data. */
  score: number | null;
  /**
   * 1 = best. Units with the same score share a rank and the next rank skips as many places
   * ("1, 1, 3"): the order inside a tie is only for display, so no district is called better
   * than another on a tie-break nobody reads as a judgement.
   */
  rank: number;
};

/** Scores closer than this are treated as equal, so float noise never decides a rank. */
const SCORE_EPSILON = 1e-9;

/**
 * A unit's score: the share of its targets it met (a "near" counts half, metrics without data
 * are left out), minus 0.15 for each high, 0.08 for each medium and 0.03 for each low flag.
 * Null when no metric had data. The score can go below 0; it is only used to order units.
 */
export function scoreUnit(
  statuses: readonly Status[],
  flags: readonly { severity: Severity }[],
  weights: Readonly<Record<Severity, number>> = DEFAULT_PENALTIES,
): number | null {
  let met = 0;
  let near = 0;
  let withData = 0;
  for (const status of statuses) {
    if (status === 'no_data') continue;
    withData++;
    if (status === 'met') met++;
    else if (status === 'near') near++;
  }
  if (withData === 0) return null;
  const penalty = flags.reduce((sum, flag) => sum + weights[flag.severity], 0);
  return (met + 0.5 * near) / withData - penalty;
}

/**
 * Ranks units best first (rank 1 = best). A unit's rank is one more than the number of units
 * with a strictly higher score, so equal scores share a rank; units with no score share the
 * rank after every scored unit. Within a shared rank the units are listed by: fewer
 * high-severity flags; fewer flags overall; higher online rate (no rate last); district code.
 */
export function rankUnits<T extends RankInput>(
  units: readonly T[],
  weights: Readonly<Record<Severity, number>> = DEFAULT_PENALTIES,
): RankedUnit<T>[] {
  const scored = units.map((unit) => ({
    unit,
    score: scoreUnit(unit.statuses, unit.flags, weights),
    high: unit.flags.filter((f) => f.severity === 'high').length,
  }));
  scored.sort(
    (a, b) =>
      compareScores(a.score, b.score) ||
      (a.score === null ? 0 : a.high - b.high) ||
      (a.score === null ? 0 : a.unit.flags.length - b.unit.flags.length) ||
      (a.score === null ? 0 : compareRates(a.unit.onlineRate, b.unit.onlineRate)) ||
      compareCodes(a.unit.districtCode, b.unit.districtCode),
  );
  let rank = 0;
  return scored.map(({ unit, score }, i) => {
    if (i === 0 || compareScores(scored[i - 1]!.score, score) !== 0) rank = i + 1;
    return { ...unit, score, rank };
  });
}

/**
 * How far each current unit moved: previous rank − current rank, so +2 means up two places and
 * a negative number means down; null when the unit had no rank in the previous period. Units
 * only in the previous ranking are left out.
 */
export function rankChange(
  current: ReadonlyMap<string, number>,
  previous: ReadonlyMap<string, number>,
): Map<string, number | null> {
  const changes = new Map<string, number | null>();
  for (const [code, rank] of current) {
    const before = previous.get(code);
    changes.set(code, before === undefined ? null : before - rank);
  }
  return changes;
}

/** Higher score first; null scores after all numbers. */
function compareScores(a: number | null, b: number | null): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  return Math.abs(a - b) < SCORE_EPSILON ? 0 : b - a;
}

/** Higher rate first; no rate last. */
function compareRates(a: number | null, b: number | null): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  return b - a;
}

/** Plain code-point order, the same on every machine (codes are digits). */
function compareCodes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
