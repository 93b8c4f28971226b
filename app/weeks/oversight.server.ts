/**
 * The questions every road out asks — the league table, its API document, the flags with their
 * source files — answered through the one reader of weekly numbers (read-weeks.server.ts),
 * always within the viewer's scope. Routes, the JSON API, the CLI and the PDF report all ask
 * through here.
 */
import type { Executor } from '../../db/client';
import { getLastDataDate } from '../../db/queries/districts';
import { CITY_SCOPE, type Scope } from '../../db/scope';
import { DEFAULT_FLAG_CONFIG, type FlagConfig } from '../../oversight/flags/config';
import { FLAG_SOURCE_KINDS } from '../../oversight/flags/rules';
import type { Flag } from '../../oversight/flags/types';
import { latestCompleteWeek, previousPeriod } from '../../oversight/period';
import { scorecardOfWeek, withCityRanks, type Scorecard } from '../../oversight/scorecard';
import { scorecardApiDocument } from '../../oversight/scorecard-store';
import type { Period } from '../../oversight/types';
import {
  readStoredLeagueDocument,
  readStoredLeagueTable,
  readWeekFlags,
  readWeeks,
  type FlagFilter,
} from './read-weeks.server';

export type { FlagFilter };

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

/**
 * The period's league table against the previous period's: the stored city-wide one when the
 * rollups hold it, else scored from the two periods' numbers. Ranks are always the city's:
 * a scope narrower than the city is ranked within the whole city (withCityRanks), the one
 * read past the viewer's scope, of which only ranks and their count come back.
 */
export async function loadScorecard(db: Executor, q: OversightQuery): Promise<Scorecard> {
  const own = await scorecardOfScope(db, q);
  if (q.scope.kind === 'city') return own;
  return withCityRanks(own, await scorecardOfScope(db, { ...q, scope: CITY_SCOPE }));
}

async function scorecardOfScope(db: Executor, q: OversightQuery): Promise<Scorecard> {
  const stored = await readStoredLeagueTable(db, q);
  if (stored) return stored;
  const previous = previousPeriod(q.period);
  const { weeks, targets, districts } = await readWeeks(db, { ...q, weeks: [previous, q.period] });
  return scorecardOfWeek({
    period: q.period,
    previousPeriod: previous,
    department: q.department,
    previous: weeks[0]!,
    current: weeks[1]!,
    targets,
    districts,
    tolerance: (q.config ?? DEFAULT_FLAG_CONFIG).tolerance,
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
  const gzip = await readStoredLeagueDocument(db, q);
  if (gzip) return { gzip };
  return { json: scorecardApiDocument(await loadScorecard(db, q)) };
}

export type FlagWithSources = Flag & {
  sources: { kind: string; fileName: string; sha256: string; loadedAt: string }[];
};

/** Flags of the period, filtered, each with the files its district's numbers came from. */
export async function loadFlags(
  db: Executor,
  q: OversightQuery,
  filter: FlagFilter = {},
): Promise<FlagWithSources[]> {
  const { flags, sources } = await readWeekFlags(db, q, filter);
  return flags.map((f) => ({
    ...f,
    sources: (sources.get(f.districtCode) ?? [])
      .filter((s) => FLAG_SOURCE_KINDS[f.type].includes(s.kind))
      .map(({ kind, fileName, sha256, loadedAt }) => ({ kind, fileName, sha256, loadedAt })),
  }));
}
