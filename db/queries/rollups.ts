/**
 * Bookkeeping for the weekly rollups (unit_week, flag_week; docs/decisions/004): which weeks
 * they cover, which build made them, and — while a batch is being merged — from which day
 * its rows can have changed anything a week's numbers or flags depend on.
 */
import { sql } from 'drizzle-orm';
import type { Executor } from '../client';
import { ROLLUP_VERSION } from '../rollup-version';
import { fromStage, stageName, type TableSpec } from '../staging';

/** Derived from the rules' code, never bumped by hand (scripts/rollup-fingerprint.ts). */
export { ROLLUP_VERSION };

export interface RollupState {
  version: string;
  /** Monday of the first and last week covered; null when there is no data. */
  firstWeek: string | null;
  lastWeek: string | null;
  builtAt: string;
  buildMs: number;
}

export async function getRollupState(db: Executor): Promise<RollupState | null> {
  const [row] = await db.all<RollupState>(sql`
    SELECT version, strftime(first_week, '%Y-%m-%d') AS "firstWeek",
           strftime(last_week, '%Y-%m-%d') AS "lastWeek",
           strftime(built_at, '%Y-%m-%d %H:%M:%S') AS "builtAt", build_ms AS "buildMs"
    FROM rollup_state WHERE id = 1`);
  return row ?? null;
}

export async function setRollupState(
  tx: Executor,
  s: { firstWeek: string | null; lastWeek: string | null; buildMs: number },
): Promise<void> {
  await tx.run(sql`
    INSERT OR REPLACE INTO rollup_state
    VALUES (1, ${ROLLUP_VERSION}, ${s.firstWeek}::DATE, ${s.lastWeek}::DATE,
            current_timestamp, ${s.buildMs})`);
}

/** Empties the rollups from a week on (all of them when null). */
export async function clearRollups(tx: Executor, fromWeek: string | null): Promise<void> {
  for (const table of ['unit_week', 'flag_week', 'scorecard_week']) {
    await tx.run(
      fromWeek === null
        ? sql`DELETE FROM ${sql.identifier(table)}`
        : sql`DELETE FROM ${sql.identifier(table)} WHERE week_start >= ${fromWeek}::DATE`,
    );
  }
}

/** The first and last day of anything a week's numbers or flags are made from. */
export async function getDataSpan(db: Executor): Promise<{ first: string; last: string } | null> {
  const [row] = await db.all<{ first: string | null; last: string | null }>(sql`
    WITH d AS (
      SELECT min(date) AS lo, max(date) AS hi FROM window_daily
      UNION ALL SELECT min(received_at)::DATE, max(coalesce(closed_at, received_at))::DATE FROM complaints
      UNION ALL SELECT min(as_of), max(as_of) FROM online_availability
      UNION ALL SELECT min(effective_date), max(effective_date) FROM delegations
      UNION ALL SELECT min(date), max(date) FROM supervision)
    SELECT strftime(min(lo), '%Y-%m-%d') AS first, strftime(max(hi), '%Y-%m-%d') AS last FROM d`);
  return row?.first && row.last ? { first: row.first, last: row.last } : null;
}

/** How many district × department units have window data: what sizes a rollup step. */
export async function countUnits(db: Executor): Promise<number> {
  const [row] = await db.all<{ n: number }>(sql`
    SELECT count(*)::INTEGER AS n FROM (SELECT DISTINCT district_code, department FROM window_daily)`);
  return row?.n ?? 0;
}

/**
 * The day columns of each table whose value says from when on a row matters: a complaint
 * counts in the week it was received and the week it was closed; a target from its date on;
 * the district registry feeds no rollup (names and population are joined when read).
 */
const DAY_COLUMNS: Record<string, readonly string[]> = {
  window_daily: ['date'],
  complaints: ['received_at', 'closed_at'],
  online_availability: ['as_of'],
  delegations: ['effective_date'],
  supervision: ['date'],
  targets: ['effective_from'],
  calendar_days: ['date'],
  districts: [],
};

/**
 * Before a stage is merged: the earliest day among its rows and the stored rows they will
 * replace (a row moved to another date changes both weeks). Null when nothing is dated.
 */
export async function stagedChangesFrom(tx: Executor, spec: TableSpec): Promise<string | null> {
  const columns = DAY_COLUMNS[spec.table] ?? [];
  if (columns.length === 0) return null;
  const join = spec.naturalKey.map((k) => `t."${k}" = ${fromStage(spec, k, 's')}`).join(' AND ');
  const days = columns.flatMap((c) => [
    `SELECT CAST(${fromStage(spec, c, 's')} AS DATE) AS day FROM ${stageName(spec)} s`,
    `SELECT CAST(t."${c}" AS DATE) FROM ${spec.table} t JOIN ${stageName(spec)} s ON ${join}`,
  ]);
  const [row] = await tx.all<{ day: string | null }>({
    sql: `SELECT strftime(min(day), '%Y-%m-%d') AS day FROM (${days.join(' UNION ALL ')})`,
  });
  return row?.day ?? null;
}
