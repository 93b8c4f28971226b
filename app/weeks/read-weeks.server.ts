/**
 * The one reader of weekly numbers: every league table, flag list and status history is read
 * through here, always within the viewer's scope. It decides, in one place, whether the weekly
 * rollups (docs/decisions/004) can answer — ISO weeks they cover, built by this version of the
 * rules, asked with the thresholds they were built with — or the raw tables must be read and
 * the rules run; both roads give the same answer (tests/integration/rollups.test.ts).
 *
 * Periods are oldest first everywhere: week k of the answer is week k of the question.
 */
import type { Executor } from '../../db/client';
import { listDistricts } from '../../db/queries/districts';
import {
  flaggedDistricts,
  getFlagInputs,
  getSourceFiles,
  getWeekFlagMarks,
  getWeekFlags,
  type SourceFile,
} from '../../db/queries/flags';
import { getRollupState, ROLLUP_VERSION } from '../../db/queries/rollups';
import {
  getScorecardApiDocument,
  getScorecardWeek,
  getUnitAggregates,
  getWeekAggregates,
} from '../../db/queries/scorecard';
import { listTargets } from '../../db/queries/targets';
import { narrowScope, type Scope } from '../../db/scope';
import {
  DEFAULT_FLAG_CONFIG,
  onlineHistoryDays,
  type FlagConfig,
} from '../../oversight/flags/config';
import { evaluateFlags, evaluateFlagsFrom, sortFlags } from '../../oversight/flags/evaluate';
import type { Flag } from '../../oversight/flags/types';
import { byPeriod, type District, type TargetRow } from '../../oversight/inputs';
import { previousPeriod, previousPeriods } from '../../oversight/period';
import type { Scorecard, WeekRows } from '../../oversight/scorecard';
import { unpackScorecard } from '../../oversight/scorecard-store';
import type { FlagType, Period, Severity } from '../../oversight/types';

export interface WeeksQuery {
  scope: Scope;
  /** Consecutive periods, oldest first: ISO weeks (the rollups' unit), or months and ranges. */
  weeks: readonly Period[];
  /** null: every department. */
  department: string | null;
  config?: FlagConfig;
  /** False reads the raw tables even where the rollups could answer. */
  useRollups?: boolean;
}

export interface WeekNumbers extends WeekRows {
  period: Period;
}

export interface Weeks {
  /** Oldest first, one per week asked for. */
  weeks: WeekNumbers[];
  targets: TargetRow[];
  districts: District[];
}

/** What can be told without the database: rollups hold ISO weeks at the default thresholds. */
const coverable = (q: Pick<WeeksQuery, 'weeks' | 'config' | 'useRollups'>) =>
  q.useRollups !== false &&
  q.weeks.length > 0 &&
  q.weeks.every((p) => p.kind === 'week') &&
  (!q.config || q.config === DEFAULT_FLAG_CONFIG);

/**
 * Whether the weekly rollups can answer for these weeks: ISO weeks up to one inside the span
 * they cover, built by this version of the rules, asked with the default thresholds.
 */
export async function rollupsCover(
  db: Executor,
  q: Pick<WeeksQuery, 'weeks' | 'config' | 'useRollups'>,
): Promise<boolean> {
  if (!coverable(q)) return false;
  const state = await getRollupState(db);
  if (!state || state.version !== ROLLUP_VERSION) return false;
  // Weeks are consecutive and oldest first: the last one inside the span covers them all,
  // since a week before the first data has no numbers on either road.
  const last = q.weeks[q.weeks.length - 1]!;
  return (
    state.firstWeek !== null &&
    state.lastWeek !== null &&
    last.start >= state.firstWeek &&
    last.start <= state.lastWeek
  );
}

/**
 * The rollups' answer, read beside the check that they may give it (one round trip, not two),
 * or null when they may not; a read that turns out not to be wanted is dropped.
 */
async function fromRollups<T>(
  db: Executor,
  q: Pick<WeeksQuery, 'weeks' | 'config' | 'useRollups'>,
  read: () => Promise<T>,
): Promise<{ answer: T } | null> {
  if (!coverable(q)) return null;
  const [covered, answer] = await Promise.all([rollupsCover(db, q), read()]);
  return covered ? { answer } : null;
}

/** One period asked of the reader. */
export type WeekQuery = Omit<WeeksQuery, 'weeks'> & { period: Period };

/**
 * The whole city's league table of a week as the rollups store it — packed (unpacked here) or
 * as the API's gzip-compressed document — or null when they cannot answer: a narrower view, a
 * period they do not cover, other thresholds, or a week older than the latest ones kept. The
 * stored row is read beside the rollup state, so the fast path costs one round trip.
 */
export async function readStoredLeagueTable(db: Executor, q: WeekQuery): Promise<Scorecard | null> {
  const packed = await readStored(db, q, getScorecardWeek);
  return packed === null ? null : unpackScorecard(packed);
}

/** The stored API document of the whole city's league table (see readStoredLeagueTable). */
export async function readStoredLeagueDocument(
  db: Executor,
  q: WeekQuery,
): Promise<Uint8Array | null> {
  return readStored(db, q, getScorecardApiDocument);
}

async function readStored<T>(
  db: Executor,
  q: WeekQuery,
  read: (db: Executor, weekStart: string) => Promise<T | null>,
): Promise<T | null> {
  if (q.scope.kind !== 'city' || q.department !== null) return null;
  const stored = await fromRollups(db, { ...q, weeks: [q.period] }, () => read(db, q.period.start));
  return stored?.answer ?? null;
}

/** Each week's unit aggregates and flag marks, with the targets and districts to score them. */
export async function readWeeks(db: Executor, q: WeeksQuery): Promise<Weeks> {
  const stored = await fromRollups(db, q, () => weeksFromRollups(db, q));
  return stored ? stored.answer : weeksFromRawTables(db, q);
}

async function weeksFromRollups(db: Executor, q: WeeksQuery): Promise<Weeks> {
  const scoped = { scope: q.scope, weeks: q.weeks, department: q.department };
  const [aggregates, marks, targets, districts] = await Promise.all([
    getWeekAggregates(db, scoped),
    getWeekFlagMarks(db, scoped),
    listTargets(db),
    listDistricts(db, q.scope),
  ]);
  const rows = byPeriod(aggregates, q.weeks.length);
  const flags = byPeriod(marks, q.weeks.length);
  return {
    weeks: q.weeks.map((period, k) => ({ period, aggregates: rows[k]!, marks: flags[k]! })),
    targets,
    districts,
  };
}

/** A week computed from the raw tables: its marks are whole flags, with their evidence. */
type RawWeek = Omit<WeekNumbers, 'marks'> & { marks: Flag[] };

/**
 * The weeks computed from the raw tables in one aggregate scan and one flag-input scan, with
 * the periods before the first one that the surge baseline looks back on.
 */
async function weeksFromRawTables(
  db: Executor,
  q: WeeksQuery,
): Promise<Omit<Weeks, 'weeks'> & { weeks: RawWeek[] }> {
  const config = q.config ?? DEFAULT_FLAG_CONFIG;
  const back = config.surge.previousPeriods;
  const periods = [...previousPeriods(q.weeks[0]!, back), ...q.weeks];
  const [[aggregates, inputs], targets, districts] = await Promise.all([
    fetchInputs(db, q.scope, q, periods),
    listTargets(db),
    listDistricts(db, q.scope),
  ]);
  const districtNames = new Map(districts.map((d) => [d.districtCode, d.districtName]));
  const flags = evaluateFlagsFrom(
    { periods, aggregates, inputs, targets, districtNames, config },
    back,
  );
  const rows = byPeriod(aggregates, periods.length).slice(back);
  return {
    weeks: q.weeks.map((period, k) => ({ period, aggregates: rows[k]!, marks: flags[k]! })),
    targets,
    districts,
  };
}

/** Aggregates and flag inputs for some periods, one scan each. */
async function fetchInputs(
  db: Executor,
  scope: Scope,
  q: Pick<WeeksQuery, 'department' | 'config'>,
  periods: Period[],
) {
  const config = q.config ?? DEFAULT_FLAG_CONFIG;
  return Promise.all([
    getUnitAggregates(db, {
      scope,
      periods,
      department: q.department,
      graceDays: config.graceDays,
    }),
    getFlagInputs(db, {
      scope,
      periods,
      department: q.department,
      throttling: config.throttling,
      onlineHistoryDays: onlineHistoryDays(config),
    }),
  ]);
}

export interface FlagFilter {
  type?: FlagType;
  severity?: Severity;
  districtCode?: string;
}

/**
 * One period's flags with their evidence and history (since when each has been open),
 * filtered, and the files their districts' numbers came from, read at the same time.
 */
export async function readWeekFlags(
  db: Executor,
  q: WeekQuery,
  filter: FlagFilter = {},
): Promise<{ flags: Flag[]; sources: Map<string, SourceFile[]> }> {
  const week = { scope: q.scope, weeks: [q.period], department: q.department, ...filter };
  const stored = await fromRollups(db, { ...q, weeks: week.weeks }, () =>
    Promise.all([getWeekFlags(db, week), getSourceFiles(db, q.scope, flaggedDistricts(week))]),
  );
  if (stored) {
    const [rows, sources] = stored.answer;
    return { flags: parseStoredFlags(rows, 1)[0]!, sources };
  }
  const all = await flagsFromRawTables(db, q);
  const flags = all.filter(
    (f) =>
      (!filter.type || f.type === filter.type) &&
      (!filter.severity || f.severity === filter.severity) &&
      (!filter.districtCode || f.districtCode === filter.districtCode),
  );
  const codes = [...new Set(flags.map((f) => f.districtCode))];
  return { flags, sources: await getSourceFiles(db, q.scope, codes) };
}

/** Stored flags grouped by week (periodIndex), each sorted as the rules sort them. */
export function parseStoredFlags(
  stored: readonly { periodIndex: number; districtName: string; json: string }[],
  weeks: number,
): Flag[][] {
  const byWeek: Flag[][] = Array.from({ length: weeks }, () => []);
  for (const row of stored) {
    const flag = JSON.parse(row.json) as Flag;
    flag.districtName = row.districtName;
    byWeek[row.periodIndex]!.push(flag);
  }
  return byWeek.map(sortFlags);
}

const flagKey = (f: Flag) => `${f.type}\u0000${f.districtCode}\u0000${f.department}`;

/**
 * The period's flags from the raw tables: first every unit over the few periods the rules need;
 * then history — how long each flag has been open — only for the districts that have flags, so
 * a long range does not evaluate twelve periods for every quiet district.
 */
async function flagsFromRawTables(db: Executor, q: WeekQuery): Promise<Flag[]> {
  const config = q.config ?? DEFAULT_FLAG_CONFIG;
  const raw = await weeksFromRawTables(db, { ...q, weeks: [previousPeriod(q.period), q.period] });
  const flags = raw.weeks[1]!.marks;
  if (flags.length === 0 || config.historyPeriods <= 1) return flags;

  const flagged = [...new Set(flags.map((f) => f.districtCode))];
  const longer = [
    ...previousPeriods(q.period, config.historyPeriods + config.surge.previousPeriods),
    q.period,
  ];
  const [aggregates, inputs] = await fetchInputs(db, narrowScope(q.scope, flagged), q, longer);
  const districtNames = new Map(raw.districts.map((d) => [d.districtCode, d.districtName]));
  const withRuns = new Map(
    evaluateFlags({
      periods: longer,
      aggregates,
      inputs,
      targets: raw.targets,
      districtNames,
      config,
    }).map((f) => [flagKey(f), f]),
  );
  return flags.map((f) => {
    const h = withRuns.get(flagKey(f));
    return h
      ? {
          ...f,
          firstSeen: h.firstSeen,
          openPeriods: h.openPeriods,
          openBeyondHistory: h.openBeyondHistory,
        }
      : f;
  });
}
