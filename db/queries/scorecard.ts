/**
 * The numbers behind every metric, per period × district × department: sums and counts only.
 * Ratios, targets and statuses are computed from these in oversight (pure), so the city
 * total and the all-departments view are exact sums of the same components.
 */
import { sql } from 'drizzle-orm';
import type { Executor } from '../client';
import { CITY_SCOPE, inScope, type Scope } from '../scope';
import { departmentIs, PERIOD_DAYS, periodsTable, spanOf, type PeriodSpan } from './periods';
import type { UnitAggregates } from '../../oversight/inputs';
import { calendarExceptions } from '../../oversight/calendar';

export interface AggregateQuery {
  scope: Scope;
  periods: readonly PeriodSpan[];
  /** null: every department. */
  department: string | null;
  /** Days after a delegation's effective date within which follow-up counts as timely. */
  graceDays: number;
  /** How far back an online snapshot may be and still count as the latest. */
  onlineLookbackDays?: number;
}

export async function getUnitAggregates(
  db: Executor,
  q: AggregateQuery,
): Promise<UnitAggregates[]> {
  if (q.periods.length === 0) return [];
  return parseCategories(
    await db.all<UnitAggregates & { categories: string }>(sql`${aggregatesQuery(q)}
      ORDER BY u.idx, u.district_code, u.department`),
  );
}

/** The JSON histogram of categories, parsed in place: no per-row copy of 30 fields. */
function parseCategories(rows: (UnitAggregates & { categories: string })[]): UnitAggregates[] {
  for (const row of rows) {
    row.complaintsByCategory = JSON.parse(row.categories) as Record<string, number>;
  }
  return rows;
}

/**
 * Whether w.date is a working day for w's district, as the rules count them
 * (oversight/calendar.ts districtWorkingDays): the city's own calendar rows — the district's
 * (cd), else the whole city's (cc) — over the official calendar, whose departures from Monday
 * to Friday inside the span are passed as parameters.
 */
function workingDay(span: { start: string; end: string }) {
  const { holidays, workdays } = calendarExceptions(span.start, span.end);
  return sql`CASE WHEN coalesce(cd.day_kind, cc.day_kind) IS NOT NULL
                    THEN coalesce(cd.day_kind, cc.day_kind) = 'workday'
                  WHEN list_contains(${sql.param(workdays)}::DATE[], w.date) THEN true
                  WHEN list_contains(${sql.param(holidays)}::DATE[], w.date) THEN false
                  ELSE isodow(w.date) <= 5 END`;
}

/**
 * The aggregation itself, one row per period index × district × department. Shared by the
 * raw path above and the weekly rollup that stores its rows (writeUnitWeeks), so both are
 * the same numbers by construction.
 */
function aggregatesQuery(q: AggregateQuery) {
  const span = spanOf(q.periods);
  const lookback = q.onlineLookbackDays ?? 366;
  return sql`
    WITH p AS (${periodsTable(q.periods)}),
    pd AS (${PERIOD_DAYS}),
    w AS (
      SELECT p.idx, w.district_code, w.department,
             count(DISTINCT w.date)::INTEGER AS days_reported,
             strftime(max(w.date), '%Y-%m-%d') AS last_window_date,
             count(DISTINCT w.date) FILTER (WHERE ${workingDay(span)})::INTEGER AS working_days_reported,
             sum(w.tickets_issued)::DOUBLE AS tickets_issued,
             sum(w.ticket_capacity)::DOUBLE AS ticket_capacity,
             sum(w.visitors)::DOUBLE AS visitors,
             sum(least(w.tickets_issued, w.visitors))::DOUBLE AS demand_served,
             sum(greatest(w.visitors - w.tickets_issued, 0))::DOUBLE AS unmet_demand,
             sum(w.cases_accepted)::DOUBLE AS cases_accepted,
             sum(w.cases_completed)::DOUBLE AS cases_completed,
             sum(w.cases_out_of_queue)::DOUBLE AS cases_out_of_queue,
             -- In exact decimals (to the microminute): a DOUBLE sum depends on the order
             -- DuckDB's threads add in, so a week summed alone and in a longer run differed in
             -- the last bit. Exact sums make every road give the same number.
             coalesce(sum(CAST(w.avg_wait_minutes AS DECIMAL(38, 6)) * w.visitors), 0)::DOUBLE AS wait_weighted,
             coalesce(sum(w.visitors) FILTER (WHERE w.avg_wait_minutes IS NOT NULL), 0)::DOUBLE AS wait_visitors,
             coalesce(sum(w.ratings_good), 0)::DOUBLE AS ratings_good,
             coalesce(sum(w.ratings_bad), 0)::DOUBLE AS ratings_bad
      FROM window_daily w JOIN pd p ON w.date = p.date
      LEFT JOIN calendar_days cd ON cd.date = w.date AND cd.district_code = w.district_code
      LEFT JOIN calendar_days cc ON cc.date = w.date AND cc.district_code = ''
      WHERE w.date BETWEEN ${span.start}::DATE AND ${span.end}::DATE
        AND ${inScope(q.scope, sql`w.district_code`)}
        AND ${departmentIs(q.department, sql`w.department`)}
      GROUP BY ALL),
    o AS (
      SELECT p.idx, o.district_code, o.department,
             strftime(max(o.as_of), '%Y-%m-%d') AS online_as_of,
             arg_max(o.items_total, o.as_of) AS items_total,
             arg_max(o.items_exempt, o.as_of) AS items_exempt,
             arg_max(o.items_online, o.as_of) AS items_online
      FROM online_availability o JOIN p ON o.as_of <= p.end_date
                                       AND o.as_of > p.end_date - ${lookback}::INTEGER
      WHERE o.as_of <= ${span.end}::DATE
        AND ${inScope(q.scope, sql`o.district_code`)}
        AND ${departmentIs(q.department, sql`o.department`)}
      GROUP BY ALL),
    c AS (
      SELECT p.idx, c.district_code, coalesce(c.department, '') AS department,
             count(*)::INTEGER AS complaints,
             count(*) FILTER (WHERE c.status <> 'open')::INTEGER AS complaints_closed,
             count(*) FILTER (WHERE c.status = 'resolved')::INTEGER AS complaints_resolved,
             count(*) FILTER (WHERE c.status = 'responded')::INTEGER AS complaints_responded,
             to_json(histogram(c.category))::VARCHAR AS categories
      FROM complaints c JOIN pd p ON CAST(c.received_at AS DATE) = p.date
      WHERE c.received_at >= ${span.start}::DATE AND c.received_at < ${span.end}::DATE + 1
        AND ${inScope(q.scope, sql`c.district_code`)}
        AND ${departmentIs(q.department, sql`c.department`)}
      GROUP BY ALL),
    -- Per delegated power: was it followed up within the grace days? Specific and blanket
    -- (power_code '') actions are matched by two equi-joins: an OR in the join condition
    -- defeats the hash join and turned a national-scale week into minutes.
    due AS (
      SELECT district_code, department, power_code, effective_date FROM delegations
      WHERE effective_date <= ${span.end}::DATE - ${q.graceDays}::INTEGER
        AND ${inScope(q.scope, sql`district_code`)}
        AND ${departmentIs(q.department, sql`department`)}),
    timely AS (
      SELECT due.district_code, due.department, due.power_code FROM due JOIN supervision s
        ON s.district_code = due.district_code AND s.department = due.department
       AND s.power_code = due.power_code
       AND s.date BETWEEN due.effective_date AND due.effective_date + ${q.graceDays}::INTEGER
      UNION
      SELECT due.district_code, due.department, due.power_code FROM due JOIN supervision s
        ON s.district_code = due.district_code AND s.department = due.department
       AND s.power_code = ''
       AND s.date BETWEEN due.effective_date AND due.effective_date + ${q.graceDays}::INTEGER),
    followed AS (
      SELECT due.*, t.power_code IS NOT NULL AS timely
      FROM due LEFT JOIN timely t USING (district_code, department, power_code)),
    d AS (
      SELECT p.idx, f.district_code, f.department,
             count(*)::INTEGER AS powers_due,
             count(*) FILTER (WHERE f.timely)::INTEGER AS powers_timely
      FROM followed f JOIN p ON f.effective_date <= p.end_date - ${q.graceDays}::INTEGER
      GROUP BY ALL),
    units AS (
      SELECT idx, district_code, department FROM w UNION
      SELECT idx, district_code, department FROM o UNION
      SELECT idx, district_code, department FROM c UNION
      SELECT idx, district_code, department FROM d)
    SELECT u.idx AS "periodIndex", u.district_code AS "districtCode", u.department,
           coalesce(w.days_reported, 0) AS "daysReported",
           w.last_window_date AS "lastWindowDate",
           coalesce(w.working_days_reported, 0) AS "workingDaysReported",
           coalesce(w.tickets_issued, 0) AS "ticketsIssued",
           coalesce(w.ticket_capacity, 0) AS "ticketCapacity",
           coalesce(w.visitors, 0) AS visitors,
           coalesce(w.demand_served, 0) AS "demandServed",
           coalesce(w.unmet_demand, 0) AS "unmetDemand",
           coalesce(w.cases_accepted, 0) AS "casesAccepted",
           coalesce(w.cases_completed, 0) AS "casesCompleted",
           coalesce(w.cases_out_of_queue, 0) AS "casesOutOfQueue",
           coalesce(w.wait_weighted, 0) AS "waitMinutesWeighted",
           coalesce(w.wait_visitors, 0) AS "waitVisitors",
           coalesce(w.ratings_good, 0) AS "ratingsGood",
           coalesce(w.ratings_bad, 0) AS "ratingsBad",
           o.online_as_of AS "onlineAsOf", o.items_total AS "itemsTotal",
           o.items_exempt AS "itemsExempt", o.items_online AS "itemsOnline",
           coalesce(c.complaints, 0) AS complaints,
           coalesce(c.complaints_closed, 0) AS "complaintsClosed",
           coalesce(c.complaints_resolved, 0) AS "complaintsResolved",
           coalesce(c.complaints_responded, 0) AS "complaintsResponded",
           coalesce(c.categories, '{}') AS categories,
           coalesce(d.powers_due, 0) AS "powersDue",
           coalesce(d.powers_timely, 0) AS "powersTimely"
    FROM units u
    LEFT JOIN w USING (idx, district_code, department)
    LEFT JOIN o USING (idx, district_code, department)
    LEFT JOIN c USING (idx, district_code, department)
    LEFT JOIN d USING (idx, district_code, department)`;
}

/** Columns of unit_week in the order the aggregation's fields are written to them. */
const UNIT_WEEK_COLUMNS: [column: string, field: keyof UnitAggregates | 'categories'][] = [
  ['district_code', 'districtCode'],
  ['department', 'department'],
  ['days_reported', 'daysReported'],
  ['working_days_reported', 'workingDaysReported'],
  ['last_window_date', 'lastWindowDate'],
  ['tickets_issued', 'ticketsIssued'],
  ['ticket_capacity', 'ticketCapacity'],
  ['visitors', 'visitors'],
  ['demand_served', 'demandServed'],
  ['unmet_demand', 'unmetDemand'],
  ['cases_accepted', 'casesAccepted'],
  ['cases_completed', 'casesCompleted'],
  ['cases_out_of_queue', 'casesOutOfQueue'],
  ['wait_minutes_weighted', 'waitMinutesWeighted'],
  ['wait_visitors', 'waitVisitors'],
  ['ratings_good', 'ratingsGood'],
  ['ratings_bad', 'ratingsBad'],
  ['online_as_of', 'onlineAsOf'],
  ['items_total', 'itemsTotal'],
  ['items_exempt', 'itemsExempt'],
  ['items_online', 'itemsOnline'],
  ['complaints', 'complaints'],
  ['complaints_closed', 'complaintsClosed'],
  ['complaints_resolved', 'complaintsResolved'],
  ['complaints_responded', 'complaintsResponded'],
  ['complaints_by_category', 'categories'],
  ['powers_due', 'powersDue'],
  ['powers_timely', 'powersTimely'],
];

/**
 * Replaces the weekly rollup rows of the given (consecutive) ISO weeks with the aggregation
 * above, for every district and department: the same numbers the raw path computes.
 */
export async function writeUnitWeeks(
  tx: Executor,
  weeks: readonly PeriodSpan[],
  graceDays: number,
): Promise<void> {
  if (weeks.length === 0) return;
  const span = spanOf(weeks);
  await tx.run(
    sql`DELETE FROM unit_week WHERE week_start BETWEEN ${span.start}::DATE AND ${span.end}::DATE`,
  );
  const aggregates = aggregatesQuery({
    scope: CITY_SCOPE,
    periods: weeks,
    department: null,
    graceDays,
  });
  const columns = sql.raw(UNIT_WEEK_COLUMNS.map(([c]) => c).join(', '));
  const fields = sql.raw(UNIT_WEEK_COLUMNS.map(([, f]) => `a."${f}"`).join(', '));
  await tx.run(sql`
    INSERT INTO unit_week (week_start, ${columns})
    SELECT p.start_date, ${fields}
    FROM (${aggregates}) a JOIN (${periodsTable(weeks)}) p ON p.idx = a."periodIndex"`);
}

/**
 * The stored weekly rows for some ISO weeks (by their Monday), shaped as getUnitAggregates
 * returns them, periodIndex pointing into `weeks`.
 */
export async function getWeekAggregates(
  db: Executor,
  q: { scope: Scope; weeks: readonly PeriodSpan[]; department: string | null },
): Promise<UnitAggregates[]> {
  if (q.weeks.length === 0) return [];
  const span = spanOf(q.weeks);
  const fields = sql.raw(
    UNIT_WEEK_COLUMNS.map(([c, f]) =>
      c === 'last_window_date' ? `strftime(u.${c}, '%Y-%m-%d') AS "${f}"` : `u.${c} AS "${f}"`,
    ).join(', '),
  );
  return parseCategories(
    await db.all<UnitAggregates & { categories: string }>(sql`
      WITH p AS (${periodsTable(q.weeks)})
      SELECT p.idx AS "periodIndex", ${fields}
      FROM unit_week u JOIN p ON u.week_start = p.start_date
      WHERE u.week_start BETWEEN ${span.start}::DATE AND ${span.end}::DATE
        AND ${inScope(q.scope, sql`u.district_code`)}
        AND ${departmentIs(q.department, sql`u.department`)}
      ORDER BY p.idx, u.district_code, u.department`),
  );
}

/** One week's stored league table in both forms (oversight/scorecard-store.ts). */
export interface StoredScorecardWeek {
  start: string;
  packed: string;
  apiDocumentGzip: Uint8Array;
}

/** Replaces the stored league tables of the given weeks. */
export async function writeScorecardWeeks(
  tx: Executor,
  weeks: readonly StoredScorecardWeek[],
): Promise<void> {
  if (weeks.length === 0) return;
  const starts = weeks.map((w) => w.start);
  await tx.run(sql`DELETE FROM scorecard_week
                   WHERE list_contains(${sql.param(starts)}::DATE[], week_start)`);
  // One statement per week: a BLOB list cannot be bound, and there are at most 26 of them.
  for (const w of weeks) {
    await tx.run(sql`
      INSERT INTO scorecard_week (week_start, scorecard, api_document_gzip)
      VALUES (${w.start}::DATE, ${w.packed}, ${w.apiDocumentGzip})`);
  }
}

/**
 * Drops the stored league tables of the weeks before `weekStart`: only the latest weeks are
 * kept, and a registry change invalidates all of them.
 */
export async function clearScorecardWeeksBefore(tx: Executor, weekStart: string): Promise<void> {
  await tx.run(sql`DELETE FROM scorecard_week WHERE week_start < ${weekStart}::DATE`);
}

/** The stored city-wide league table of a week (its Monday), packed; null when none. */
export async function getScorecardWeek(db: Executor, weekStart: string): Promise<string | null> {
  const [row] = await db.all<{ packed: string }>(
    sql`SELECT scorecard AS packed FROM scorecard_week WHERE week_start = ${weekStart}::DATE`,
  );
  return row?.packed ?? null;
}

/** The stored API document of a week's city-wide league table, gzip-compressed; null when none. */
export async function getScorecardApiDocument(
  db: Executor,
  weekStart: string,
): Promise<Uint8Array | null> {
  const [row] = await db.all<{ gzip: Uint8Array }>(
    sql`SELECT api_document_gzip AS gzip FROM scorecard_week WHERE week_start = ${weekStart}::DATE`,
  );
  return row?.gzip ?? null;
}
