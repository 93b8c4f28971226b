/**
 * Where queries meet rules: fetch what a question needs from db/queries (always within the
 * viewer's scope), hand it to the pure functions in oversight, return plain data. Routes,
 * the JSON API, the CLI and the PDF report all ask through here.
 */
import type { Executor } from '../../db/client';
import { getLastDataDate, listDistricts } from '../../db/queries/districts';
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
import { latestCompleteWeek, previousPeriod, previousPeriods } from '../../oversight/period';
import {
  buildScorecard,
  scorecardOfWeek,
  type FlagMark,
  type Scorecard,
} from '../../oversight/scorecard';
import { scorecardApiDocument, unpackScorecard } from '../../oversight/scorecard-store';
import type { FlagType, Period, Severity } from '../../oversight/types';
import type { District } from '../../oversight/inputs';
import type { UnitAggregates } from '../../oversight/inputs';
import type { TargetRow } from '../../oversight/inputs';

export interface OversightQuery {
  scope: Scope;
  period: Period;
  /** null: every department. */
  department: string | null;
  config?: FlagConfig;
  /** False computes from the raw tables even where the weekly rollups could answer. */
  useRollups?: boolean;
}

/** The default period: the latest complete ISO week with data, or null when nothing is loaded. */
export async function defaultWeek(db: Executor, scope: Scope): Promise<Period | null> {
  const last = await getLastDataDate(db, scope);
  return last ? latestCompleteWeek(last) : null;
}

/** Aggregates and flag inputs for some periods, one scan each. */
async function fetchInputs(db: Executor, scope: Scope, q: OversightQuery, periods: Period[]) {
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

const flagKey = (f: Flag) => `${f.type}\u0000${f.districtCode}\u0000${f.department}`;

interface Evaluated {
  /** Rows of the period (periodIndex 0) and the previous one (1). */
  aggregates: UnitAggregates[];
  targets: TargetRow[];
  districts: District[];
  flags: FlagMark[];
  previousFlags: FlagMark[];
  config: FlagConfig;
}

/**
 * Whether the weekly rollups can answer: an ISO week they cover, built by this version of the
 * rules, asked with the default thresholds they were built with.
 */
export async function rollupsCover(
  db: Executor,
  q: Pick<OversightQuery, 'period' | 'config' | 'useRollups'>,
): Promise<boolean> {
  if (q.useRollups === false || q.period.kind !== 'week') return false;
  if (q.config && q.config !== DEFAULT_FLAG_CONFIG) return false;
  const state = await getRollupState(db);
  return (
    state !== null &&
    state.version === ROLLUP_VERSION &&
    state.firstWeek !== null &&
    state.lastWeek !== null &&
    q.period.start >= state.firstWeek &&
    q.period.start <= state.lastWeek
  );
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

/** The view whose league table the rollups store: the whole city, every department. */
const storedView = (q: OversightQuery) => q.scope.kind === 'city' && q.department === null;

/**
 * A covered week's league table from the rollups: the stored city-wide one when the whole
 * city and every department are asked for, else built from the week's rollup rows in scope.
 */
async function scorecardFromRollups(db: Executor, q: OversightQuery): Promise<Scorecard> {
  if (storedView(q)) {
    const stored = await getScorecardWeek(db, q.period.start);
    if (stored) return unpackScorecard(stored);
  }
  const previous = previousPeriod(q.period);
  const scoped = { scope: q.scope, weeks: [q.period, previous], department: q.department };
  const [aggregates, marks, targets, districts] = await Promise.all([
    getWeekAggregates(db, scoped),
    getWeekFlagMarks(db, scoped),
    listTargets(db),
    listDistricts(db, q.scope),
  ]);
  return scorecardOfWeek({
    period: q.period,
    previousPeriod: previous,
    department: q.department,
    aggregates,
    marks,
    targets,
    districts,
    tolerance: DEFAULT_FLAG_CONFIG.tolerance,
  });
}

/**
 * The week's flags with their evidence, read from the rollups, filtered in the query, and the
 * files their districts' numbers came from, read at the same time.
 */
async function flagsFromRollups(
  db: Executor,
  q: OversightQuery,
  filter: FlagFilter,
): Promise<{ flags: Flag[]; sources: Map<string, SourceFile[]> }> {
  const week = { scope: q.scope, weeks: [q.period], department: q.department, ...filter };
  const [stored, sources] = await Promise.all([
    getWeekFlags(db, week),
    getSourceFiles(db, q.scope, flaggedDistricts(week)),
  ]);
  return { flags: parseStoredFlags(stored, 1)[0]!, sources };
}

/**
 * The period's flags and the previous period's (for rank changes), computed from the raw
 * tables. First every unit over the few periods the rules need (the surge baseline and the
 * previous period); then, when asked, history — how long each flag has been open — only for
 * the districts that have flags, so a long range does not evaluate twelve periods for
 * every quiet district.
 */
async function fromRawTables(
  db: Executor,
  q: OversightQuery,
  withHistory: boolean,
): Promise<Evaluated & { flags: Flag[] }> {
  const config = q.config ?? DEFAULT_FLAG_CONFIG;
  const periods = [...previousPeriods(q.period, config.surge.previousPeriods + 1), q.period];
  const [[aggregates, inputs], targets, districts] = await Promise.all([
    fetchInputs(db, q.scope, q, periods),
    listTargets(db),
    listDistricts(db, q.scope),
  ]);
  const districtNames = new Map(districts.map((d) => [d.districtCode, d.districtName]));
  const base = { aggregates, inputs, targets, districtNames, config };
  const [previousFlags = [], current = []] = evaluateFlagsFrom(
    { ...base, periods },
    periods.length - 2,
  );
  let flags = current;

  if (withHistory && flags.length > 0 && config.historyPeriods > 1) {
    const flagged = [...new Set(flags.map((f) => f.districtCode))];
    const historyScope = narrowScope(q.scope, flagged);
    const longer = [
      ...previousPeriods(q.period, config.historyPeriods + config.surge.previousPeriods),
      q.period,
    ];
    const [historyAggregates, historyInputs] = await fetchInputs(db, historyScope, q, longer);
    const withRuns = new Map(
      evaluateFlags({
        ...base,
        aggregates: historyAggregates,
        inputs: historyInputs,
        periods: longer,
      }).map((f) => [flagKey(f), f]),
    );
    flags = flags.map((f) => {
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
  const last = periods.length - 1;
  // buildScorecard wants the period at index 0 and the previous one at 1.
  const shifted = aggregates
    .filter((a) => a.periodIndex >= last - 1)
    .map((a) => ({ ...a, periodIndex: last - a.periodIndex }));
  return { aggregates: shifted, targets, districts, flags, previousFlags, config };
}

export async function loadScorecard(db: Executor, q: OversightQuery): Promise<Scorecard> {
  if (await rollupsCover(db, q)) return scorecardFromRollups(db, q);
  const e = await fromRawTables(db, q, false);
  const city = e.districts.find((d) => d.level === 'city');
  return buildScorecard({
    period: q.period,
    previousPeriod: previousPeriod(q.period),
    department: q.department,
    aggregates: e.aggregates,
    targets: e.targets,
    districts: e.districts,
    flags: e.flags,
    previousFlags: e.previousFlags,
    tolerance: e.config.tolerance,
    cityCode: city?.districtCode ?? null,
  });
}

/**
 * The league table as the API's JSON document (scorecard-store.ts): for a week the rollups
 * store, the stored gzip-compressed bytes — at national scale serialising the 6.9 MB document
 * took longer than the whole request may — else the document of loadScorecard's answer.
 */
export async function loadScorecardDocument(
  db: Executor,
  q: OversightQuery,
): Promise<{ gzip: Uint8Array } | { json: string }> {
  if (storedView(q) && (await rollupsCover(db, q))) {
    const gzip = await getScorecardApiDocument(db, q.period.start);
    if (gzip) return { gzip };
  }
  return { json: scorecardApiDocument(await loadScorecard(db, q)) };
}

export interface FlagFilter {
  type?: FlagType;
  severity?: Severity;
  districtCode?: string;
}

export interface FlagWithSources extends Flag {
  sources: { kind: string; fileName: string; sha256: string; loadedAt: string }[];
}

/** Flags of the period, filtered, each with the files its district's numbers came from. */
export async function loadFlags(
  db: Executor,
  q: OversightQuery,
  filter: FlagFilter = {},
): Promise<FlagWithSources[]> {
  const { flags, sources } = (await rollupsCover(db, q))
    ? await flagsFromRollups(db, q, filter)
    : await flagsFromRawTables(db, q, filter);
  return flags.map((f) => ({
    ...f,
    sources: (sources.get(f.districtCode) ?? [])
      .filter((s) => SOURCE_KINDS[f.type].includes(s.kind))
      .map(({ kind, fileName, sha256, loadedAt }) => ({ kind, fileName, sha256, loadedAt })),
  }));
}

/** The period's flags computed from the raw tables, filtered, and their districts' files. */
async function flagsFromRawTables(
  db: Executor,
  q: OversightQuery,
  filter: FlagFilter,
): Promise<{ flags: Flag[]; sources: Map<string, SourceFile[]> }> {
  const all: Flag[] = (await fromRawTables(db, q, true)).flags;
  const flags = all.filter(
    (f) =>
      (!filter.type || f.type === filter.type) &&
      (!filter.severity || f.severity === filter.severity) &&
      (!filter.districtCode || f.districtCode === filter.districtCode),
  );
  const codes = [...new Set(flags.map((f) => f.districtCode))];
  return { flags, sources: await getSourceFiles(db, q.scope, codes) };
}

/** Which kinds of file each flag's numbers come from. */
const SOURCE_KINDS: Record<FlagType, string[]> = {
  delegated_without_supervision: ['delegations', 'supervision'],
  ticket_throttling: ['window_daily'],
  online_target_missed: ['online_availability'],
  complaint_surge: ['complaints'],
  complaints_unresolved: ['complaints'],
  out_of_queue_handling: ['window_daily'],
  missing_reports: ['window_daily', 'online_availability'],
};
