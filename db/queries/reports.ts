/**
 * The weekly report's own questions — the city's name for the title, how fresh the data is
 * for the cover — and the report archive: record a generated file, list the archive, find one report. Scores and flags come
 * through app/weeks/oversight.server.ts like everywhere else.
 */
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Executor } from '../client';
import { reports } from '../schema';
import { inScope, type Scope } from '../scope';

/**
 * The city's name from the registry's city row (哈尔滨市), for the report's title. Not scoped:
 * the masthead names the city for a district officer too, and it is no district's data.
 */
export async function getCityName(db: Executor): Promise<string | null> {
  const [row] = await db.all<{ name: string }>(sql`
    SELECT district_name AS name FROM districts WHERE level = 'city'
    ORDER BY district_code LIMIT 1`);
  return row?.name ?? null;
}

export interface ReportDataStamp {
  /** The last day with window data on or before `until`, YYYY-MM-DD. */
  lastDataDate: string | null;
  /** When the last load that wrote data in scope was committed, UTC 'YYYY-MM-DD HH:MM:SS'. */
  lastLoadedAt: string | null;
}

/** How fresh the report's data is: its cover prints both, and its creation date is the second. */
export async function getReportDataStamp(
  db: Executor,
  scope: Scope,
  until: string,
): Promise<ReportDataStamp> {
  const [row] = await db.all<ReportDataStamp>(sql`
    SELECT
      (SELECT strftime(max(date), '%Y-%m-%d') FROM window_daily
        WHERE date <= ${until}::DATE AND ${inScope(scope, sql`district_code`)}) AS "lastDataDate",
      (SELECT strftime(max(b.finished_at), '%Y-%m-%d %H:%M:%S') FROM load_batches b
        WHERE b.outcome = 'committed' AND NOT b.dry_run
          AND ${
            scope.kind === 'city'
              ? sql`true`
              : sql`EXISTS (SELECT 1 FROM district_sources s WHERE s.batch_id = b.batch_id
                      AND ${inScope(scope, sql`s.district_code`)})`
          }) AS "lastLoadedAt"`);
  return { lastDataDate: row?.lastDataDate ?? null, lastLoadedAt: row?.lastLoadedAt ?? null };
}

export interface ReportKey {
  week: string;
  lang: string;
  /** '' = the whole city. */
  districtCode: string;
  /** '' = every department. */
  department: string;
}

export interface ReportRecord extends ReportKey {
  fileName: string;
  sha256: string;
  bytes: number;
  pages: number;
  dataCutoff: string | null;
  /** UTC 'YYYY-MM-DD HH:MM:SS'. */
  generatedAt: string;
  generatedBy: string;
}

/** Records a report written to the archive, replacing an earlier one with the same key. */
export async function recordReport(db: Executor, r: Omit<ReportRecord, 'generatedAt'>) {
  await db.run(sql`
    INSERT OR REPLACE INTO reports
      (week, lang, district_code, department, file_name, sha256, bytes, pages, data_cutoff,
       generated_at, generated_by)
    VALUES (${r.week}, ${r.lang}, ${r.districtCode}, ${r.department}, ${r.fileName},
            ${r.sha256}, ${r.bytes}, ${r.pages}, ${r.dataCutoff}::DATE, current_timestamp,
            ${r.generatedBy})`);
}

const columns = {
  week: reports.week,
  lang: reports.lang,
  districtCode: reports.districtCode,
  department: reports.department,
  fileName: reports.fileName,
  sha256: reports.sha256,
  bytes: reports.bytes,
  pages: reports.pages,
  dataCutoff: reports.dataCutoff,
  generatedAt: sql<string>`strftime(${reports.generatedAt}, '%Y-%m-%d %H:%M:%S')`,
  generatedBy: reports.generatedBy,
};

/**
 * A district report is visible within a scope that has its district; a city-wide report
 * ('' district) only to the city.
 */
const visible = (scope: Scope) =>
  scope.kind === 'city' ? sql`true` : inScope(scope, sql`${reports.districtCode}`);

/** The archive, newest week first. */
export async function listReports(
  db: Executor,
  scope: Scope,
  limit = 104,
): Promise<ReportRecord[]> {
  return db.orm
    .select(columns)
    .from(reports)
    .where(visible(scope))
    .orderBy(desc(reports.week), reports.districtCode, reports.department, reports.lang)
    .limit(limit);
}

/** One archived report, or null when there is none (or it is outside the scope). */
export async function getReport(
  db: Executor,
  scope: Scope,
  key: ReportKey,
): Promise<ReportRecord | null> {
  const [row] = await db.orm
    .select(columns)
    .from(reports)
    .where(
      and(
        eq(reports.week, key.week),
        eq(reports.lang, key.lang),
        eq(reports.districtCode, key.districtCode),
        eq(reports.department, key.department),
        visible(scope),
      ),
    );
  return row ?? null;
}
