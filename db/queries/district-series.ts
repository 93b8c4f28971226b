/**
 * The series behind the district page's charts: one query per question the page asks, for one
 * district over a date range, optionally one department. Every query takes the viewer's scope,
 * so a district outside it returns no rows. Rows are JSON-safe: counts are cast to INTEGER,
 * dates are 'YYYY-MM-DD' strings, weeks are ISO week labels (2020-W34).
 */
import { sql } from 'drizzle-orm';
import type { Executor } from '../client';
import { inScope, type Scope } from '../scope';
import { departmentIs } from './periods';

export interface DistrictSeriesQuery {
  scope: Scope;
  districtCode: string;
  /** First day, YYYY-MM-DD. */
  from: string;
  /** Last day, YYYY-MM-DD (inclusive). */
  to: string;
  /** null: every department, summed. */
  department: string | null;
}

/** One day of one district, summed over its centres (and departments when none is chosen). */
export interface DailyTickets {
  date: string;
  ticketCapacity: number;
  ticketsIssued: number;
  visitors: number;
  /** Where the centres counted them (else null). */
  turnedAway: number | null;
  casesOutOfQueue: number;
}

/** Tickets issued against capacity and visitors, day by day: the "60 against 120" picture. */
export async function getDailyTickets(
  db: Executor,
  q: DistrictSeriesQuery,
): Promise<DailyTickets[]> {
  return db.all<DailyTickets>(sql`
    SELECT strftime(w.date, '%Y-%m-%d') AS date,
           sum(w.ticket_capacity)::INTEGER AS "ticketCapacity",
           sum(w.tickets_issued)::INTEGER AS "ticketsIssued",
           sum(w.visitors)::INTEGER AS visitors,
           sum(w.turned_away)::INTEGER AS "turnedAway",
           sum(w.cases_out_of_queue)::INTEGER AS "casesOutOfQueue"
    FROM window_daily w
    WHERE w.district_code = ${q.districtCode}
      AND w.date BETWEEN ${q.from}::DATE AND ${q.to}::DATE
      AND ${inScope(q.scope, sql`w.district_code`)}
      AND ${departmentIs(q.department, sql`w.department`)}
    GROUP BY w.date
    ORDER BY w.date`);
}

/** One snapshot date: items online against items that may go online (total − exempt). */
export interface OnlinePoint {
  asOf: string;
  itemsOnline: number;
  itemsTotal: number;
  itemsExempt: number;
  /** itemsTotal − itemsExempt: the denominator of the online rate. */
  eligible: number;
}

/**
 * Online items over time. With every department, each snapshot date sums each department's
 * latest snapshot on or before it, so a department that reports on another day is carried
 * forward rather than dropped (the scorecard takes the latest snapshot the same way).
 */
export async function getOnlineSeries(
  db: Executor,
  q: DistrictSeriesQuery,
): Promise<OnlinePoint[]> {
  return db.all<OnlinePoint>(sql`
    WITH o AS (
      SELECT as_of, department, items_total, items_exempt, items_online
      FROM online_availability
      WHERE district_code = ${q.districtCode}
        AND as_of BETWEEN ${q.from}::DATE AND ${q.to}::DATE
        AND ${inScope(q.scope, sql`district_code`)}
        AND ${departmentIs(q.department, sql`department`)}),
    latest AS (
      SELECT d.as_of AS day, o.department,
             arg_max(o.items_online, o.as_of) AS items_online,
             arg_max(o.items_total, o.as_of) AS items_total,
             arg_max(o.items_exempt, o.as_of) AS items_exempt
      FROM (SELECT DISTINCT as_of FROM o) d JOIN o ON o.as_of <= d.as_of
      GROUP BY d.as_of, o.department)
    SELECT strftime(day, '%Y-%m-%d') AS "asOf",
           sum(items_online)::INTEGER AS "itemsOnline",
           sum(items_total)::INTEGER AS "itemsTotal",
           sum(items_exempt)::INTEGER AS "itemsExempt",
           sum(items_total - items_exempt)::INTEGER AS eligible
    FROM latest
    GROUP BY day
    ORDER BY day`);
}

/** Complaints received in one ISO week. */
export interface WeeklyComplaints {
  /** ISO week label, e.g. 2020-W34. */
  week: string;
  complaints: number;
  /** Of those, no longer open (answered or resolved). */
  closed: number;
  /** Of those, closed as resolved. */
  resolved: number;
  /** Complaints per category code (appointment, queue, …); categories with none are absent. */
  byCategory: Record<string, number>;
}

/**
 * Complaints per ISO week of receipt, by category, with how many were closed and resolved —
 * the resolution rate is resolved ÷ closed, as the complaint_resolution_rate metric defines it.
 * Every week the range touches is listed, with zeros when nothing came in. For one district
 * (nothing when it is not in scope), or with `districtCode: null` every district in scope
 * together (the weekly report's city chart).
 */
export async function getWeeklyComplaints(
  db: Executor,
  q: Omit<DistrictSeriesQuery, 'districtCode'> & { districtCode: string | null },
): Promise<WeeklyComplaints[]> {
  const weeks = sql`SELECT DISTINCT strftime(t.day, '%G-W%V') AS week
      FROM generate_series(${q.from}::DATE, ${q.to}::DATE, INTERVAL 1 DAY) t(day)`;
  const rows = await db.all<Omit<WeeklyComplaints, 'byCategory'> & { categories: string }>(sql`
    WITH weeks AS (
      ${
        q.districtCode === null
          ? weeks
          : sql`${weeks}
      JOIN districts r ON r.district_code = ${q.districtCode}
      WHERE ${inScope(q.scope, sql`r.district_code`)}`
      }),
    c AS (
      SELECT strftime(received_at, '%G-W%V') AS week, category, status
      FROM complaints
      WHERE ${q.districtCode === null ? sql`true` : sql`district_code = ${q.districtCode}`}
        AND received_at >= ${q.from}::DATE AND received_at < ${q.to}::DATE + 1
        AND ${inScope(q.scope, sql`district_code`)}
        AND ${departmentIs(q.department, sql`department`)})
    SELECT w.week,
           count(c.week)::INTEGER AS complaints,
           count(*) FILTER (WHERE c.status <> 'open')::INTEGER AS closed,
           count(*) FILTER (WHERE c.status = 'resolved')::INTEGER AS resolved,
           coalesce(to_json(histogram(c.category))::VARCHAR, '{}') AS categories
    FROM weeks w LEFT JOIN c USING (week)
    GROUP BY w.week
    ORDER BY w.week`);
  return rows.map(({ categories, ...row }) => ({
    ...row,
    byCategory: JSON.parse(categories) as Record<string, number>,
  }));
}

/** The powers of one delegation batch handed to the district in one department. */
export interface DelegationGroup {
  batch: string;
  department: string;
  noticeDate: string;
  effectiveDate: string;
  fromUnit: string;
  /** How many powers. */
  powers: number;
  /** The first supervision action on or after the effective date covering any of the powers. */
  firstActionDate: string | null;
  /**
   * The day the last of the powers got its first supervision action; null while any power has
   * had none by the end of the range. This closes the gap the delegated_without_supervision
   * flag measures (per power), so the chart and the flag agree.
   */
  followedUpDate: string | null;
  /** Powers with no supervision action between their effective date and the end of the range. */
  powersWithoutAction: number;
}

export interface SupervisionActionRow {
  date: string;
  actionType: string;
  department: string;
  performedBy: string;
  /** '' = every power of the department delegated to the district. */
  powerCode: string;
}

export interface DelegationTimeline {
  /** Oldest effective date first. */
  delegations: DelegationGroup[];
  /** Oldest first; from the earlier of the range start and the first delegation shown. */
  actions: SupervisionActionRow[];
}

/**
 * Delegations and the supervision that followed them. A group is shown when it took effect by
 * the end of the range and its gap reaches into the range (took effect in it, or was still
 * open at its start); a gap closed long before is history the page need not redraw.
 */
export async function getDelegationTimeline(
  db: Executor,
  q: DistrictSeriesQuery,
): Promise<DelegationTimeline> {
  const delegations = await db.all<DelegationGroup>(sql`
    WITH p AS (
      SELECT d.batch, d.department, d.notice_date, d.effective_date, d.from_unit, d.power_code,
             min(s.date) AS first_action
      FROM delegations d
      LEFT JOIN supervision s
        ON s.district_code = d.district_code AND s.department = d.department
       AND (s.power_code = '' OR s.power_code = d.power_code)
       AND s.date >= d.effective_date AND s.date <= ${q.to}::DATE
      WHERE d.district_code = ${q.districtCode}
        AND d.effective_date <= ${q.to}::DATE
        AND ${inScope(q.scope, sql`d.district_code`)}
        AND ${departmentIs(q.department, sql`d.department`)}
      GROUP BY ALL)
    SELECT batch, department,
           strftime(notice_date, '%Y-%m-%d') AS "noticeDate",
           strftime(effective_date, '%Y-%m-%d') AS "effectiveDate",
           from_unit AS "fromUnit",
           count(*)::INTEGER AS powers,
           strftime(min(first_action), '%Y-%m-%d') AS "firstActionDate",
           CASE WHEN count(*) FILTER (WHERE first_action IS NULL) = 0
                THEN strftime(max(first_action), '%Y-%m-%d') END AS "followedUpDate",
           count(*) FILTER (WHERE first_action IS NULL)::INTEGER AS "powersWithoutAction"
    FROM p
    GROUP BY batch, department, notice_date, effective_date, from_unit
    HAVING effective_date >= ${q.from}::DATE
        OR count(*) FILTER (WHERE first_action IS NULL) > 0
        OR max(first_action) >= ${q.from}::DATE
    ORDER BY effective_date, batch, department`);
  const since = delegations.reduce((m, d) => (d.effectiveDate < m ? d.effectiveDate : m), q.from);
  const actions = await db.all<SupervisionActionRow>(sql`
    SELECT strftime(date, '%Y-%m-%d') AS date, action_type AS "actionType", department,
           performed_by AS "performedBy", power_code AS "powerCode"
    FROM supervision
    WHERE district_code = ${q.districtCode}
      AND date BETWEEN ${since}::DATE AND ${q.to}::DATE
      AND ${inScope(q.scope, sql`district_code`)}
      AND ${departmentIs(q.department, sql`department`)}
    ORDER BY date, department, action_type, performed_by, power_code`);
  return { delegations, actions };
}
