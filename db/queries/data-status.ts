/**
 * The /data page's questions: what was loaded, when, by whom and with what outcome (the load
 * audit), and how fresh each district's data is. Both take the viewer's scope: a district
 * viewer sees the batches and files that wrote the rows their districts have now (kept in
 * district_sources by the loader), and only their districts' freshness; the city sees every
 * batch, rejected ones and dry runs included.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../client';
import { inScope, type Scope } from '../scope';
import type { LoadFileRecord } from './loads';

export type LoadFileRow = Omit<LoadFileRecord, 'encoding' | 'delimiter'>;

export interface LoadBatchRow {
  batchId: string;
  source: string;
  loadedBy: string;
  dryRun: boolean;
  /** UTC, 'YYYY-MM-DD HH:MM:SS'. */
  startedAt: string;
  finishedAt: string;
  outcome: string;
  fileCount: number;
  errorCount: number;
  message: string | null;
  files: LoadFileRow[];
}

/** For a district scope: the batch (and kind) wrote rows its districts have now. */
function visibleBatch(scope: Scope, batchId: SQL, kind: SQL | null): SQL {
  if (scope.kind === 'city') return sql`true`;
  const sameKind = kind ? sql`s.kind = ${kind}` : sql`true`;
  return sql`EXISTS (
    SELECT 1 FROM district_sources s
    WHERE s.batch_id = ${batchId} AND ${sameKind}
      AND ${inScope(scope, sql`s.district_code`)})`;
}

/** The latest load batches, newest first, each with its files. */
export async function listLoadHistory(
  db: Executor,
  scope: Scope,
  limit = 50,
): Promise<LoadBatchRow[]> {
  const batches = await db.all<Omit<LoadBatchRow, 'files'>>(sql`
    SELECT b.batch_id AS "batchId", b.source, b.loaded_by AS "loadedBy", b.dry_run AS "dryRun",
           strftime(b.started_at, '%Y-%m-%d %H:%M:%S') AS "startedAt",
           strftime(b.finished_at, '%Y-%m-%d %H:%M:%S') AS "finishedAt",
           b.outcome, b.file_count::INTEGER AS "fileCount", b.error_count::INTEGER AS "errorCount",
           b.message
    FROM load_batches b
    WHERE ${visibleBatch(scope, sql`b.batch_id`, null)}
    ORDER BY b.finished_at DESC, b.batch_id
    LIMIT ${limit}`);
  if (batches.length === 0) return [];
  const files = await db.all<LoadFileRow & { batchId: string }>(sql`
    SELECT f.batch_id AS "batchId", f.file_name AS "fileName", f.sha256, f.kind,
           f.bytes::DOUBLE AS bytes, f.rows_read::INTEGER AS "rowsRead",
           f.rows_inserted::INTEGER AS "rowsInserted", f.rows_updated::INTEGER AS "rowsUpdated",
           f.rows_unchanged::INTEGER AS "rowsUnchanged", f.error_count::INTEGER AS "errorCount",
           f.outcome
    FROM load_files f
    WHERE list_contains(${sql.param(batches.map((b) => b.batchId))}, f.batch_id)
      AND ${visibleBatch(scope, sql`f.batch_id`, sql`f.kind`)}
    ORDER BY f.batch_id, f.file_name`);
  const byBatch = new Map<string, LoadFileRow[]>();
  for (const { batchId, ...file } of files) {
    byBatch.set(batchId, [...(byBatch.get(batchId) ?? []), file]);
  }
  return batches.map((b) => ({ ...b, files: byBatch.get(b.batchId) ?? [] }));
}

/** One district × department: the last day of window data and the last online snapshot. */
export interface FreshnessRow {
  districtCode: string;
  districtName: string;
  level: string;
  /** null: the district has no window or online data at all. */
  department: string | null;
  lastWindowDate: string | null;
  lastOnlineSnapshot: string | null;
}

/**
 * Every district in scope with, per department it reports for, its latest window_daily date and
 * online snapshot; a district with no data at all is one row with department null — listed,
 * not left out.
 */
export async function getDataFreshness(db: Executor, scope: Scope): Promise<FreshnessRow[]> {
  return db.all<FreshnessRow>(sql`
    WITH w AS (
      SELECT district_code, department, max(date) AS last_window
      FROM window_daily WHERE ${inScope(scope, sql`district_code`)}
      GROUP BY ALL),
    o AS (
      SELECT district_code, department, max(as_of) AS last_online
      FROM online_availability WHERE ${inScope(scope, sql`district_code`)}
      GROUP BY ALL),
    units AS (
      SELECT district_code, department FROM w UNION SELECT district_code, department FROM o)
    SELECT d.district_code AS "districtCode", d.district_name AS "districtName", d.level,
           u.department,
           strftime(w.last_window, '%Y-%m-%d') AS "lastWindowDate",
           strftime(o.last_online, '%Y-%m-%d') AS "lastOnlineSnapshot"
    FROM districts d
    LEFT JOIN units u ON u.district_code = d.district_code
    LEFT JOIN w ON w.district_code = u.district_code AND w.department = u.department
    LEFT JOIN o ON o.district_code = u.district_code AND o.department = u.department
    WHERE ${inScope(scope, sql`d.district_code`)}
    ORDER BY d.district_code, u.department NULLS FIRST`);
}
