/**
 * What the flag rules in oversight/flags read, for several periods at once (the period
 * asked for and the ones before it, so a flag's first week can be found). The rules themselves
 * are pure; SQL here only filters and sums. The one rule-shaped filter — days that look
 * throttled — takes the rule's own thresholds as parameters, to keep a national-scale week
 * from shipping every centre-day to JavaScript.
 */
import { SQL, sql } from 'drizzle-orm';
import { dateValue } from '@duckdb/node-api';
import type { Executor, Transaction } from '../client';
import { inScope, type Scope } from '../scope';
import { departmentIs, PERIOD_DAYS, periodsTable, spanOf, type PeriodSpan } from './periods';
import type {
  FlagDay,
  ClosedComplaints,
  OnlineSnapshot,
  DelegatedPower,
  SupervisionAction,
  ReportingHistory,
  FlagInputs,
} from '../../oversight/inputs';
import { getCalendarDays } from './calendar';
import type { FlagType, Severity } from '../../oversight/types';

export interface FlagInputQuery {
  scope: Scope;
  periods: readonly PeriodSpan[];
  department: string | null;
  throttling: { issuedBelowShareOfCapacity: number };
  /**
   * How many days of snapshots the rules look at before a period's end — or before the data
   * cut-off, when the period lies after it (pace, stalls, a snapshot's age).
   */
  onlineHistoryDays: number;
}

export async function getFlagInputs(db: Executor, q: FlagInputQuery): Promise<FlagInputs> {
  const span = spanOf(q.periods);
  const scoped = (column: string) => inScope(q.scope, sql.raw(column));
  const department = (column: string) => departmentIs(q.department, sql.raw(column));
  const [days, closedComplaints, snapshots, powers, actions, reportingUnits, cutoffs, calendar] =
    await Promise.all([
      db.all<FlagDay>(sql`
      WITH p AS (${periodsTable(q.periods)}), pd AS (${PERIOD_DAYS})
      SELECT pd.idx AS "periodIndex", w.district_code AS "districtCode", w.department,
             strftime(w.date, '%Y-%m-%d') AS date,
             sum(w.ticket_capacity)::INTEGER AS "ticketCapacity",
             sum(w.tickets_issued)::INTEGER AS "ticketsIssued",
             sum(w.visitors)::INTEGER AS visitors,
             sum(w.turned_away)::INTEGER AS "turnedAway",
             sum(w.cases_completed)::INTEGER AS "casesCompleted",
             sum(w.cases_out_of_queue)::INTEGER AS "casesOutOfQueue"
      FROM window_daily w JOIN pd ON w.date = pd.date
      WHERE w.date BETWEEN ${span.start}::DATE AND ${span.end}::DATE
        AND ${scoped('w.district_code')} AND ${department('w.department')}
      GROUP BY ALL
      HAVING (sum(w.tickets_issued) < ${q.throttling.issuedBelowShareOfCapacity} * sum(w.ticket_capacity)
              AND (sum(w.visitors) > sum(w.tickets_issued) OR sum(w.turned_away) > 0))
          OR sum(w.cases_out_of_queue) > 0
      ORDER BY ALL`),
      db
        .all<Omit<ClosedComplaints, 'byCategory'> & { categories: string }>(
          sql`
      WITH p AS (${periodsTable(q.periods)}), pd AS (${PERIOD_DAYS})
      SELECT pd.idx AS "periodIndex", c.district_code AS "districtCode",
             coalesce(c.department, '') AS department,
             count(*)::INTEGER AS closed,
             count(*) FILTER (WHERE c.status = 'responded')::INTEGER AS responded,
             to_json(histogram(c.category))::VARCHAR AS categories
      FROM complaints c JOIN pd ON CAST(c.closed_at AS DATE) = pd.date
      WHERE c.status <> 'open'
        AND c.closed_at >= ${span.start}::DATE AND c.closed_at < ${span.end}::DATE + 1
        AND ${scoped('c.district_code')} AND ${department('c.department')}
      GROUP BY ALL`,
        )
        .then((rows) => {
          // In place, as in getUnitAggregates: no per-row copy.
          for (const row of rows as (ClosedComplaints & { categories: string })[]) {
            row.byCategory = JSON.parse(row.categories) as Record<string, number>;
          }
          return rows as unknown as ClosedComplaints[];
        }),
      db.all<OnlineSnapshot>(sql`
      SELECT district_code AS "districtCode", department, strftime(as_of, '%Y-%m-%d') AS "asOf",
             items_total AS "itemsTotal", items_exempt AS "itemsExempt",
             items_online AS "itemsOnline"
      FROM online_availability
      WHERE as_of <= ${span.end}::DATE
        AND as_of > least(${span.start}::DATE, coalesce(
              (SELECT max(date) FROM window_daily WHERE date <= ${q.periods[0]!.end}::DATE),
              ${span.start}::DATE)) - ${q.onlineHistoryDays}::INTEGER
        AND ${scoped('district_code')} AND ${department('department')}
      ORDER BY district_code, department, as_of`),
      // Powers first followed up before the earliest period began can never be flagged in
      // these periods, so only the others travel. Specific and blanket (power_code '') actions
      // are joined separately: an OR in the join condition defeats the hash join (43 s → ms).
      db.all<DelegatedPower>(sql`
      WITH d AS (
        SELECT * FROM delegations
        WHERE effective_date <= ${span.end}::DATE
          AND ${scoped('district_code')} AND ${department('department')}),
      actions AS (
        SELECT d.district_code, d.department, d.power_code, s.date, s.action_type
        FROM d JOIN supervision s
          ON s.district_code = d.district_code AND s.department = d.department
         AND s.power_code = d.power_code AND s.date >= d.effective_date
        UNION ALL
        SELECT d.district_code, d.department, d.power_code, s.date, s.action_type
        FROM d JOIN supervision s
          ON s.district_code = d.district_code AND s.department = d.department
         AND s.power_code = '' AND s.date >= d.effective_date),
      first_action AS (
        SELECT district_code, department, power_code, min(date) AS first_date,
               arg_min(action_type, date) AS first_type
        FROM actions GROUP BY ALL)
      SELECT d.district_code AS "districtCode", d.department, d.batch,
             strftime(d.notice_date, '%Y-%m-%d') AS "noticeDate",
             strftime(d.effective_date, '%Y-%m-%d') AS "effectiveDate",
             d.power_code AS "powerCode", d.power_name AS "powerName", d.from_unit AS "fromUnit",
             strftime(f.first_date, '%Y-%m-%d') AS "firstActionDate",
             f.first_type AS "firstActionType"
      FROM d LEFT JOIN first_action f USING (district_code, department, power_code)
      WHERE f.first_date IS NULL OR f.first_date > ${span.start}::DATE
      ORDER BY ALL`),
      // Only units that have a power without follow-up need their actions (for the evidence).
      db.all<SupervisionAction>(sql`
      SELECT s.district_code AS "districtCode", s.department, strftime(s.date, '%Y-%m-%d') AS date,
             s.action_type AS "actionType", s.power_code AS "powerCode"
      FROM supervision s
      WHERE s.date <= ${span.end}::DATE
        AND ${scoped('s.district_code')} AND ${department('s.department')}
        AND EXISTS (
          SELECT 1 FROM delegations d
          WHERE d.district_code = s.district_code AND d.department = s.department
            AND d.effective_date <= ${span.end}::DATE
            AND NOT EXISTS (
              SELECT 1 FROM supervision f
              WHERE f.district_code = d.district_code AND f.department = d.department
                AND f.power_code IN ('', d.power_code)
                AND f.date BETWEEN d.effective_date AND ${span.start}::DATE))
      ORDER BY ALL`),
      db.all<ReportingHistory>(sql`
      SELECT district_code AS "districtCode", department,
             strftime(min(date), '%Y-%m-%d') AS "firstDate",
             strftime(max(date) FILTER (WHERE date < ${span.start}::DATE), '%Y-%m-%d') AS "lastBefore"
      FROM window_daily
      WHERE date <= ${span.end}::DATE
        AND ${scoped('district_code')} AND ${department('department')}
      GROUP BY ALL`),
      getDataCutoffs(db, q.periods),
      getCalendarDays(db, { scope: q.scope, from: span.start, to: span.end }),
    ]);
  return { days, closedComplaints, snapshots, powers, actions, reportingUnits, cutoffs, calendar };
}

/**
 * For consecutive periods (oldest first): the last day with window data anywhere on or before
 * each period's end. City-wide on purpose (see FlagInputs.cutoffs).
 */
export async function getDataCutoffs(
  db: Executor,
  periods: readonly PeriodSpan[],
): Promise<(string | null)[]> {
  const span = spanOf(periods);
  const rows = await db.all<{ idx: number; last: string | null }>(sql`
    WITH p AS (${periodsTable(periods)}), pd AS (${PERIOD_DAYS})
    SELECT -1 AS idx, strftime(max(date), '%Y-%m-%d') AS last
    FROM window_daily WHERE date < ${span.start}::DATE
    UNION ALL
    SELECT pd.idx, strftime(max(w.date), '%Y-%m-%d') AS last
    FROM pd LEFT JOIN window_daily w
      ON w.date = pd.date AND w.date BETWEEN ${span.start}::DATE AND ${span.end}::DATE
    GROUP BY pd.idx`);
  const lastIn = new Map(rows.map((r) => [r.idx, r.last]));
  let cutoff = lastIn.get(-1) ?? null;
  return periods.map((_, i) => {
    const last = lastIn.get(i) ?? null;
    if (last !== null && (cutoff === null || last > cutoff)) cutoff = last;
    return cutoff;
  });
}

export interface SourceFile {
  kind: string;
  fileName: string;
  sha256: string;
  batchId: string;
  loadedAt: string;
}

/**
 * The files whose rows a district's numbers came from: for each kind, the batches that last
 * wrote that district's rows (district_sources, kept by the loader), joined to the load audit.
 * The districts are a list of codes, or a query selecting them (`flaggedDistricts`), which
 * lets this run beside the query that reads the flags rather than after it.
 */
export async function getSourceFiles(
  db: Executor,
  scope: Scope,
  districts: readonly string[] | SQL,
): Promise<Map<string, SourceFile[]>> {
  const wanted =
    districts instanceof SQL
      ? districts
      : sql`SELECT unnest(${sql.param([...districts])}) AS district_code`;
  // One row per file with its districts as a list, not a row per district and file: strings
  // cost ~1.6 µs each to bring into JavaScript, and 721 flagged districts of 3,000 made 3,600
  // rows × 6 strings (35 ms); a semi-join, not list_contains, which compares every source row
  // with every code.
  const rows = await db.all<SourceFile & { districtCodes: string[] }>(sql`
    WITH wanted AS (${wanted})
    SELECT f.kind, f.file_name AS "fileName", f.sha256, f.batch_id AS "batchId",
           strftime(b.finished_at, '%Y-%m-%d %H:%M:%S') AS "loadedAt",
           list(s.district_code) AS "districtCodes"
    FROM district_sources s
    SEMI JOIN wanted w ON w.district_code = s.district_code
    JOIN load_files f ON f.batch_id = s.batch_id AND f.kind = s.kind
    JOIN load_batches b ON b.batch_id = f.batch_id
    WHERE ${inScope(scope, sql`s.district_code`)}
    GROUP BY ALL
    ORDER BY ALL`);
  // Files come in order, so each district's list is in that order too.
  const byDistrict = new Map<string, SourceFile[]>();
  for (const { districtCodes: codes, ...file } of rows) {
    for (const code of codes) {
      const list = byDistrict.get(code);
      if (list) list.push(file);
      else byDistrict.set(code, [file]);
    }
  }
  return byDistrict;
}

/** One stored flag of the weekly rollup: the finding as JSON, as the rules produced it. */
export interface StoredFlag {
  weekStart: string;
  type: string;
  districtCode: string;
  department: string;
  severity: string;
  json: string;
}

/** Replaces the stored flags of the given (consecutive) weeks. */
export async function writeFlagWeeks(
  tx: Transaction,
  weeks: readonly PeriodSpan[],
  flags: readonly StoredFlag[],
): Promise<void> {
  if (weeks.length === 0) return;
  const span = spanOf(weeks);
  await tx.run(
    sql`DELETE FROM flag_week WHERE week_start BETWEEN ${span.start}::DATE AND ${span.end}::DATE`,
  );
  if (flags.length === 0) return;
  // The Appender, not lists bound as parameters: binding 28,000 flags' JSON value by value
  // took 0.7 s of a 3 s rollup refresh. Values still never become SQL text.
  const appender = await tx.connection.createAppender('flag_week');
  for (const f of flags) {
    appender.appendDate(
      dateValue({
        year: Number(f.weekStart.slice(0, 4)),
        month: Number(f.weekStart.slice(5, 7)),
        day: Number(f.weekStart.slice(8, 10)),
      }),
    );
    appender.appendVarchar(f.type);
    appender.appendVarchar(f.districtCode);
    appender.appendVarchar(f.department);
    appender.appendVarchar(f.severity);
    appender.appendVarchar(f.json);
    appender.endRow();
  }
  appender.closeSync();
}

/** Which stored flags to read: weeks, the viewer's scope, and optional filters. */
export interface WeekFlagQuery {
  scope: Scope;
  weeks: readonly PeriodSpan[];
  department: string | null;
  type?: string;
  severity?: string;
  districtCode?: string;
}

function weekFlagsWhere(q: WeekFlagQuery): SQL {
  const span = spanOf(q.weeks);
  const equals = (column: SQL, value: string | undefined) =>
    value === undefined ? sql`true` : sql`${column} = ${value}`;
  return sql`f.week_start BETWEEN ${span.start}::DATE AND ${span.end}::DATE
      AND ${inScope(q.scope, sql`f.district_code`)}
      AND ${departmentIs(q.department, sql`f.department`)}
      AND ${equals(sql`f.type`, q.type)}
      AND ${equals(sql`f.severity`, q.severity)}
      AND ${equals(sql`f.district_code`, q.districtCode)}`;
}

/**
 * The stored flags of some weeks within the scope, periodIndex pointing into `weeks`, with the
 * district's current name (names are joined when read, so a renamed district reads right).
 */
export async function getWeekFlags(
  db: Executor,
  q: WeekFlagQuery,
): Promise<{ periodIndex: number; districtName: string; json: string }[]> {
  if (q.weeks.length === 0) return [];
  return db.all(sql`
    WITH p AS (${periodsTable(q.weeks)})
    SELECT p.idx AS "periodIndex", coalesce(d.district_name, f.district_code) AS "districtName",
           f.flag AS json
    FROM flag_week f JOIN p ON f.week_start = p.start_date
    LEFT JOIN districts d ON d.district_code = f.district_code
    WHERE ${weekFlagsWhere(q)}`);
}

/** A query selecting the districts that have stored flags matching q (for getSourceFiles). */
export function flaggedDistricts(q: WeekFlagQuery): SQL {
  if (q.weeks.length === 0) return sql`SELECT NULL::VARCHAR AS district_code WHERE false`;
  return sql`SELECT DISTINCT f.district_code FROM flag_week f WHERE ${weekFlagsWhere(q)}`;
}

/** Who has which flag how severely in some weeks: the league table's part, without evidence. */
export async function getWeekFlagMarks(
  db: Executor,
  q: { scope: Scope; weeks: readonly PeriodSpan[]; department: string | null },
): Promise<
  {
    periodIndex: number;
    type: FlagType;
    severity: Severity;
    districtCode: string;
    department: string;
  }[]
> {
  if (q.weeks.length === 0) return [];
  const span = spanOf(q.weeks);
  return db.all(sql`
    WITH p AS (${periodsTable(q.weeks)})
    SELECT p.idx AS "periodIndex", f.type, f.severity, f.district_code AS "districtCode",
           f.department
    FROM flag_week f JOIN p ON f.week_start = p.start_date
    WHERE f.week_start BETWEEN ${span.start}::DATE AND ${span.end}::DATE
      AND ${inScope(q.scope, sql`f.district_code`)}
      AND ${departmentIs(q.department, sql`f.department`)}`);
}
