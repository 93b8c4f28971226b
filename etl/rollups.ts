/**
 * Keeps the weekly rollups (docs/decisions/004) in step with the data: after a batch is merged,
 * inside the same transaction, the weeks it can have changed are recomputed — their metric
 * components by the same SQL the raw path runs, their flags by the same pure rules — so a
 * week's scorecard and flags are read, not recomputed, and stay exactly what the raw path
 * gives (tests/integration/rollups.test.ts compares every week).
 *
 * The loader runs the pure rules of oversight/ itself, so that every road in (CLI, inbox,
 * upload) leaves the rollups current. Rollups stored by other rule code (ROLLUP_VERSION, derived
 * from this file among others: scripts/rollup-fingerprint.ts) are rebuilt whole.
 */
import { gzipSync } from 'node:zlib';
import type { Executor, Transaction } from '../db/client';
import {
  getFlagInputs,
  getWeekFlagMarks,
  writeFlagWeeks,
  type StoredFlag,
} from '../db/queries/flags';
import { listDistricts } from '../db/queries/districts';
import {
  clearRollups,
  countUnits,
  getDataSpan,
  getRollupState,
  ROLLUP_VERSION,
  setRollupState,
} from '../db/queries/rollups';
import {
  clearScorecardWeeksBefore,
  getWeekAggregates,
  writeScorecardWeeks,
  writeUnitWeeks,
} from '../db/queries/scorecard';
import { listTargets } from '../db/queries/targets';
import { CITY_SCOPE } from '../db/scope';
import { DEFAULT_FLAG_CONFIG, onlineHistoryDays } from '../oversight/flags/config';
import { evaluateFlagsFrom } from '../oversight/flags/evaluate';
import {
  addDays,
  isoWeekOf,
  previousPeriod,
  previousPeriods,
  weekPeriod,
} from '../oversight/period';
import { asciiJson } from '../oversight/ascii-json';
import { scorecardOfWeek } from '../oversight/scorecard';
import { packScorecard, scorecardApiDocument } from '../oversight/scorecard-store';
import { byPeriod } from '../oversight/inputs';
import type { Period } from '../oversight/types';

/**
 * Unit-weeks per step, at least 26 weeks. A step reads its weeks plus 16 weeks of context
 * (surge baseline, a flag's run), so longer steps re-read less; the bound keeps a step's JS
 * heap near 100 MB live (200 units: 100 weeks a step; 3,000 districts × 2 departments: 26, as
 * before). Results do not depend on it: each week is judged as of its own end, from exact sums
 * (tests/integration/rollups.test.ts compares every week with the raw path's one-week answer).
 */
const UNIT_WEEKS_PER_STEP = 20_000;

const weeksPerStep = (units: number) =>
  Math.max(26, Math.floor(UNIT_WEEKS_PER_STEP / Math.max(1, units)));

/** How many of the latest weeks keep their city-wide league table stored. */
const STORED_SCORECARD_WEEKS = 26;

const mondayOf = (date: string) => weekPeriod(isoWeekOf(date)).start;

/** Consecutive ISO weeks from the one holding `from` to the one holding `to`. */
function weeksBetween(from: string, to: string): Period[] {
  const weeks: Period[] = [];
  for (let monday = mondayOf(from); monday <= to; monday = addDays(monday, 7)) {
    weeks.push(weekPeriod(isoWeekOf(monday)));
  }
  return weeks;
}

export interface RollupRefresh {
  /** How many weeks were recomputed. */
  weeks: number;
  ms: number;
}

/**
 * Recomputes the rollups from the week holding `changedFrom` to the last week with data;
 * everything when `changedFrom` is 'all' or the stored rollups are missing or from another
 * version. Null `changedFrom`: nothing dated changed, only weeks new since the last refresh.
 */
export async function refreshRollups(
  tx: Transaction,
  changedFrom: string | null | 'all',
  options: { districtsChanged?: boolean } = {},
): Promise<RollupRefresh> {
  const started = performance.now();
  const [span, state] = await Promise.all([getDataSpan(tx), getRollupState(tx)]);
  if (!span) {
    await clearRollups(tx, null);
    await setRollupState(tx, { firstWeek: null, lastWeek: null, buildMs: 0 });
    return { weeks: 0, ms: performance.now() - started };
  }
  const firstWeek = mondayOf(span.first);
  const lastWeek = mondayOf(span.last);
  const rebuild =
    changedFrom === 'all' ||
    !state ||
    state.version !== ROLLUP_VERSION ||
    state.firstWeek === null ||
    state.lastWeek === null;
  let from = firstWeek;
  if (!rebuild) {
    const candidates = [addDays(state.lastWeek!, 7)];
    if (changedFrom !== null) candidates.push(mondayOf(changedFrom));
    if (firstWeek < state.firstWeek!) candidates.push(firstWeek);
    from = candidates.reduce((a, b) => (b < a ? b : a));
    if (from < firstWeek) from = firstWeek;
  }
  await clearRollups(tx, rebuild ? null : from);

  const weeks = from <= lastWeek ? weeksBetween(from, lastWeek) : [];
  const config = DEFAULT_FLAG_CONFIG;
  const [targets, units] = await Promise.all([listTargets(tx), countUnits(tx)]);
  const step = weeksPerStep(units);
  for (let i = 0; i < weeks.length; i += step) {
    const chunk = weeks.slice(i, i + step);
    await writeUnitWeeks(tx, chunk, config.graceDays);
    // Enough weeks before the chunk for the surge baseline and for tracing a flag's run back.
    const context = previousPeriods(
      chunk[0]!,
      config.historyPeriods + config.surge.previousPeriods,
    );
    const periods = [...context, ...chunk];
    const [aggregates, inputs] = await Promise.all([
      getWeekAggregates(tx, { scope: CITY_SCOPE, weeks: periods, department: null }),
      getFlagInputs(tx, {
        scope: CITY_SCOPE,
        periods,
        department: null,
        throttling: config.throttling,
        onlineHistoryDays: onlineHistoryDays(config),
      }),
    ]);
    const perWeek = evaluateFlagsFrom(
      { periods, aggregates, inputs, targets, districtNames: new Map(), config },
      context.length,
    );
    const stored: StoredFlag[] = perWeek.flatMap((flags, k) =>
      flags.map((f) => ({
        weekStart: chunk[k]!.start,
        type: f.type,
        districtCode: f.districtCode,
        department: f.department,
        severity: f.severity,
        json: asciiJson(f),
      })),
    );
    await writeFlagWeeks(tx, chunk, stored);
  }
  // League tables name districts and count per 10,000 residents: a change to the registry
  // reaches every stored week's, though no number behind them changed. Only the latest
  // weeks' are stored (at national scale one is megabytes of JSON); older weeks are built
  // from their rollup rows when asked.
  const keepFrom = addDays(lastWeek, -7 * (STORED_SCORECARD_WEEKS - 1));
  await clearScorecardWeeksBefore(tx, options.districtsChanged ? lastWeek : keepFrom);
  const tables = (options.districtsChanged ? weeksBetween(firstWeek, lastWeek) : weeks).filter(
    (w) => w.start >= keepFrom,
  );
  await writeCityScorecards(tx, tables, step);
  const ms = performance.now() - started;
  await setRollupState(tx, { firstWeek, lastWeek, buildMs: ms });
  return { weeks: weeks.length, ms };
}

/** Stores the city-wide, every-department league table of each week from its rollup rows. */
async function writeCityScorecards(
  tx: Executor,
  weeks: readonly Period[],
  step: number,
): Promise<void> {
  const [targets, districts] = await Promise.all([listTargets(tx), listDistricts(tx, CITY_SCOPE)]);
  for (let i = 0; i < weeks.length; i += step) {
    const chunk = weeks.slice(i, i + step);
    // Each week and the one before it, read in one go: previous of chunk[k] is periods[k].
    const periods = [previousPeriod(chunk[0]!), ...chunk];
    const scoped = { scope: CITY_SCOPE, weeks: periods, department: null };
    const [aggregates, marks] = await Promise.all([
      getWeekAggregates(tx, scoped),
      getWeekFlagMarks(tx, scoped),
    ]);
    const weekRows = byPeriod(aggregates, periods.length);
    const weekMarks = byPeriod(marks, periods.length);
    const week = (j: number) => ({ aggregates: weekRows[j]!, marks: weekMarks[j]! });
    const rows = chunk.map((period, k) => {
      const scorecard = scorecardOfWeek({
        period,
        previousPeriod: periods[k]!,
        department: null,
        previous: week(k),
        current: week(k + 1),
        targets,
        districts,
        tolerance: DEFAULT_FLAG_CONFIG.tolerance,
      });
      return {
        start: period.start,
        packed: packScorecard(scorecard),
        apiDocumentGzip: gzipSync(scorecardApiDocument(scorecard)),
      };
    });
    await writeScorecardWeeks(tx, rows);
  }
}

/** Rebuilds the rollups when they are missing or were made by another version of the rules. */
export async function ensureRollups(tx: Transaction): Promise<RollupRefresh | null> {
  const state = await getRollupState(tx);
  if (state && state.version === ROLLUP_VERSION) return null;
  return refreshRollups(tx, 'all');
}
