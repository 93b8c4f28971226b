/**
 * What the rules read: the shapes db/queries hands to the oversight domain. They are declared
 * here, beside the rules that consume them, so the domain depends on nothing below it; the
 * query modules import these types and fill them (sums and counts only — ratios, targets,
 * statuses and flags are computed by the pure functions of this package).
 */

export interface UnitAggregates {
  /** Index into the periods asked for. */
  periodIndex: number;
  districtCode: string;
  /** '' for complaints that name no department. */
  department: string;
  daysReported: number;
  /** The last day of the period with window data (for "last reported on" as of the period). */
  lastWindowDate: string | null;
  /** Monday-to-Friday dates with window data: a weekend report does not cover a missing weekday. */
  workingDaysReported: number;
  ticketsIssued: number;
  ticketCapacity: number;
  visitors: number;
  /** Σ min(tickets_issued, visitors) per centre-day. */
  demandServed: number;
  /** Σ max(visitors − tickets_issued, 0) per centre-day. */
  unmetDemand: number;
  casesAccepted: number;
  casesCompleted: number;
  casesOutOfQueue: number;
  /** Σ avg_wait_minutes × visitors, over rows that report a wait. */
  waitMinutesWeighted: number;
  waitVisitors: number;
  ratingsGood: number;
  ratingsBad: number;
  onlineAsOf: string | null;
  itemsTotal: number | null;
  itemsExempt: number | null;
  itemsOnline: number | null;
  complaints: number;
  complaintsClosed: number;
  complaintsResolved: number;
  complaintsResponded: number;
  complaintsByCategory: Record<string, number>;
  powersDue: number;
  powersTimely: number;
}

export interface FlagDay {
  periodIndex: number;
  districtCode: string;
  department: string;
  date: string;
  ticketCapacity: number;
  ticketsIssued: number;
  visitors: number;
  /** People who came and got no ticket, where the centres counted them (else null). */
  turnedAway?: number | null;
  casesCompleted: number;
  casesOutOfQueue: number;
}

export interface ClosedComplaints {
  periodIndex: number;
  districtCode: string;
  department: string;
  /** Complaints whose closing time falls in the period. */
  closed: number;
  /** Of those, answered but not resolved (status responded). */
  responded: number;
  byCategory: Record<string, number>;
}

export interface OnlineSnapshot {
  districtCode: string;
  department: string;
  asOf: string;
  itemsTotal: number;
  itemsExempt: number;
  itemsOnline: number;
}

export interface DelegatedPower {
  districtCode: string;
  department: string;
  batch: string;
  noticeDate: string;
  effectiveDate: string;
  powerCode: string;
  powerName: string;
  fromUnit: string;
  /** First supervision action on or after the effective date covering this power, if any. */
  firstActionDate: string | null;
  firstActionType: string | null;
}

export interface SupervisionAction {
  districtCode: string;
  department: string;
  date: string;
  actionType: string;
  powerCode: string;
}

/** A unit's reporting as of one period's end, as the rules see it. */
export interface ReportingUnit {
  districtCode: string;
  department: string;
  firstDate: string;
  lastDate: string;
}

/**
 * A unit's window reporting up to the last period's end: its first day ever, and its last
 * day before the first period began (the periods' own days come from the aggregates), so each
 * period can be judged with what had been reported by its end.
 */
export interface ReportingHistory {
  districtCode: string;
  department: string;
  firstDate: string;
  lastBefore: string | null;
}

/** A day of the city's own calendar (the calendar file kind); '' district: the whole city. */
export interface LoadedCalendarDay {
  date: string;
  districtCode: string;
  dayKind: 'holiday' | 'workday';
  /** Why, as the file says ("暴雪闭厅"); may be empty. */
  reason?: string;
}

export interface FlagInputs {
  days: FlagDay[];
  closedComplaints: ClosedComplaints[];
  snapshots: OnlineSnapshot[];
  powers: DelegatedPower[];
  actions: SupervisionAction[];
  reportingUnits: ReportingHistory[];
  /**
   * Per period: the last day with window data anywhere in the city on or before its end —
   * days after it are not yet loaded rather than missing. Deliberately not narrowed to the
   * viewer's scope or department: a district's flags must not depend on who is looking.
   */
  cutoffs: (string | null)[];
  /** The city's own calendar days inside the periods, for the districts in scope and the city. */
  calendar: LoadedCalendarDay[];
}

export interface District {
  districtCode: string;
  districtName: string;
  level: string;
  parentCode: string | null;
  population: number | null;
}

export interface TargetRow {
  metric: string;
  target: number;
  districtCode: string;
  department: string;
  effectiveFrom: string;
}

/** Rows of several periods split by their periodIndex: element k holds period k's, oldest first. */
export function byPeriod<T extends { periodIndex: number }>(
  rows: readonly T[],
  periods: number,
): T[][] {
  const split: T[][] = Array.from({ length: periods }, () => []);
  for (const r of rows) split[r.periodIndex]?.push(r);
  return split;
}
