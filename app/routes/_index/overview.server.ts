/**
 * The overview's one question: how does the city and each district stand against its targets
 * this period, what changed, and where are the flags — what needs attention first, the
 * scorecard, the open flags by type, and the last eight weeks' statuses for the heat grid.
 */
import type { Executor } from '../../../db/client';
import { listDepartments } from '../../../db/queries/districts';
import type { Scope } from '../../../db/scope';
import type { Period } from '../../../oversight/types';
import { defaultWeek, loadScorecard } from '../../weeks/oversight.server';
import {
  countFlagsByType,
  sortUnits,
  type LeagueSort,
  type SortDirection,
} from '../../../oversight/league';
import { loadStatusHistory } from '../../weeks/status-history.server';
import { attentionOf } from '../../../oversight/attention';

export interface OverviewQuery {
  scope: Scope;
  period: Period;
  department: string | null;
  sort: LeagueSort;
  dir: SortDirection;
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
    rankedCount: scorecard.rankedCount,
    attention: attentionOf({
      units: scorecard.units,
      rankedCount: scorecard.rankedCount,
      weeks: history.flagMarks,
    }),
    flagCounts: countFlagsByType(scorecard.city.flags),
    previousComplaints,
    history,
    departments,
    latestWeek: latest?.label ?? null,
  };
}

export type Overview = Awaited<ReturnType<typeof loadOverview>>;
