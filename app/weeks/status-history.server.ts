/**
 * "Where, and since when": every district's overall status in each of the last weeks, for the
 * overview's heat grid. The same rules as loadScorecard, read once for all the weeks —
 * one aggregate scan and one flag-input scan over 8 + 5 weeks instead of eight scorecards
 * (about 550 ms on the demo city against one query's ~100 ms).
 *
 * Each week is scored exactly as loadScorecard scores it: that week's aggregates, its flags
 * (each week judged as of its own end, with the four before it as the surge baseline), the
 * targets in force at its end.
 */
import type { Executor } from '../../db/client';
import type { Scope } from '../../db/scope';
import { DEFAULT_FLAG_CONFIG, type FlagConfig } from '../../oversight/flags/config';
import { previousPeriod, previousPeriods } from '../../oversight/period';
import { scorecardOfWeek } from '../../oversight/scorecard';
import { overallStatus } from '../../oversight/status';
import type { AttentionMark } from '../../oversight/attention';
import type { Period, Status } from '../../oversight/types';
import { readWeeks } from './read-weeks.server';

export interface StatusHistoryQuery {
  scope: Scope;
  /** The last week shown. */
  period: Period;
  department: string | null;
  /** How many periods, the last one included. */
  weeks?: number;
  config?: FlagConfig;
  /** False computes from the raw tables even where the weekly rollups could answer. */
  useRollups?: boolean;
}

export interface DistrictWeekStatus {
  districtCode: string;
  districtName: string;
  /** The period's label, e.g. 2020-W34. */
  week: string;
  status: Status;
  score: number | null;
}

export interface StatusHistory {
  /** Oldest first. */
  weeks: string[];
  cells: DistrictWeekStatus[];
  /** The city's complaint count per week (for "change since last week"), oldest first. */
  cityComplaints: { week: string; complaints: number }[];
  /** Each week's flags where they stand (for what is new, persists, resolved), oldest first. */
  flagMarks: AttentionMark[][];
}

export async function loadStatusHistory(
  db: Executor,
  q: StatusHistoryQuery,
): Promise<StatusHistory> {
  const config = q.config ?? DEFAULT_FLAG_CONFIG;
  const count = q.weeks ?? 8;
  const shown = [...previousPeriods(q.period, count - 1), q.period];
  const { weeks, targets, districts } = await readWeeks(db, { ...q, weeks: shown });
  const none = { aggregates: [], marks: [] };

  const cells: DistrictWeekStatus[] = [];
  const cityComplaints: StatusHistory['cityComplaints'] = [];
  const flagMarks: StatusHistory['flagMarks'] = [];
  for (const week of weeks) {
    flagMarks.push(
      week.marks
        .filter((m) => q.department === null || m.department === q.department)
        .map(({ type, severity, districtCode, department }) => ({
          type,
          severity,
          districtCode,
          department,
        })),
    );
    const { period } = week;
    // Only the week's own score counts here, not its move since the week before.
    const scorecard = scorecardOfWeek({
      period,
      previousPeriod: previousPeriod(period),
      department: q.department,
      current: week,
      previous: none,
      targets,
      districts,
      tolerance: config.tolerance,
    });
    cityComplaints.push({ week: period.label, complaints: scorecard.city.complaints.count });
    for (const unit of scorecard.units) {
      cells.push({
        districtCode: unit.districtCode,
        districtName: unit.districtName,
        week: period.label,
        status: overallStatus(unit),
        score: unit.score,
      });
    }
  }
  return { weeks: shown.map((p) => p.label), cells, cityComplaints, flagMarks };
}
