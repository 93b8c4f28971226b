/**
 * Metric definitions. Each is a ratio (or average) of sums that db/queries/scorecard.ts
 * aggregated, so a district's week, the whole city, or all departments together are computed
 * the same way: sum the components first, divide last.
 */
import { METRIC_DIRECTION, statusOf } from './targets';
import type { MetricName, MetricResult, ResolvedTarget } from './types';
import type { UnitAggregates } from './inputs';

/** The components of every metric; UnitAggregates without its period and unit keys. */
export type Components = Omit<UnitAggregates, 'periodIndex' | 'districtCode' | 'department'>;

export const EMPTY_COMPONENTS: Components = {
  daysReported: 0,
  lastWindowDate: null,
  workingDaysReported: 0,
  ticketsIssued: 0,
  ticketCapacity: 0,
  visitors: 0,
  demandServed: 0,
  unmetDemand: 0,
  casesAccepted: 0,
  casesCompleted: 0,
  casesOutOfQueue: 0,
  waitMinutesWeighted: 0,
  waitVisitors: 0,
  ratingsGood: 0,
  ratingsBad: 0,
  onlineAsOf: null,
  itemsTotal: null,
  itemsExempt: null,
  itemsOnline: null,
  complaints: 0,
  complaintsClosed: 0,
  complaintsResolved: 0,
  complaintsResponded: 0,
  complaintsByCategory: {},
  powersDue: 0,
  powersTimely: 0,
};

const addNullable = (a: number | null, b: number | null) =>
  a === null ? b : b === null ? a : a + b;

/** Adds units together (departments of a district, districts of a city). */
export function sumComponents(rows: readonly Components[]): Components {
  const total: Components = { ...EMPTY_COMPONENTS, complaintsByCategory: {} };
  for (const r of rows) {
    total.daysReported = Math.max(total.daysReported, r.daysReported);
    total.workingDaysReported = Math.max(total.workingDaysReported, r.workingDaysReported);
    total.lastWindowDate =
      r.lastWindowDate && (!total.lastWindowDate || r.lastWindowDate > total.lastWindowDate)
        ? r.lastWindowDate
        : total.lastWindowDate;
    total.ticketsIssued += r.ticketsIssued;
    total.ticketCapacity += r.ticketCapacity;
    total.visitors += r.visitors;
    total.demandServed += r.demandServed;
    total.unmetDemand += r.unmetDemand;
    total.casesAccepted += r.casesAccepted;
    total.casesCompleted += r.casesCompleted;
    total.casesOutOfQueue += r.casesOutOfQueue;
    total.waitMinutesWeighted += r.waitMinutesWeighted;
    total.waitVisitors += r.waitVisitors;
    total.ratingsGood += r.ratingsGood;
    total.ratingsBad += r.ratingsBad;
    total.onlineAsOf =
      r.onlineAsOf && (!total.onlineAsOf || r.onlineAsOf > total.onlineAsOf)
        ? r.onlineAsOf
        : total.onlineAsOf;
    total.itemsTotal = addNullable(total.itemsTotal, r.itemsTotal);
    total.itemsExempt = addNullable(total.itemsExempt, r.itemsExempt);
    total.itemsOnline = addNullable(total.itemsOnline, r.itemsOnline);
    total.complaints += r.complaints;
    total.complaintsClosed += r.complaintsClosed;
    total.complaintsResolved += r.complaintsResolved;
    total.complaintsResponded += r.complaintsResponded;
    const byCategory = total.complaintsByCategory;
    for (const category in r.complaintsByCategory) {
      byCategory[category] = (byCategory[category] ?? 0) + r.complaintsByCategory[category]!;
    }
    total.powersDue += r.powersDue;
    total.powersTimely += r.powersTimely;
  }
  return total;
}

type Fraction = { numerator: number | null; denominator: number | null };

const ratio = (numerator: number, denominator: number): Fraction =>
  denominator > 0 ? { numerator, denominator } : { numerator: null, denominator: null };

/**
 * What each metric divides. A metric whose denominator is zero has no data (a district that
 * received no complaints has no resolution rate, not a perfect one).
 */
export const METRIC_DEFINITIONS: Record<MetricName, (c: Components) => Fraction> = {
  /** Items online ÷ items that may go online (total − exempt), latest snapshot: "54 / 75". */
  online_rate: (c) =>
    c.itemsOnline === null || c.itemsTotal === null
      ? { numerator: null, denominator: null }
      : ratio(c.itemsOnline, c.itemsTotal - (c.itemsExempt ?? 0)),
  /** Tickets issued ÷ tickets the windows could have served (60 of 120 is 50%). */
  ticket_utilization: (c) => ratio(c.ticketsIssued, c.ticketCapacity),
  /** Share of the people who came that got a ticket: Σ min(issued, visitors) ÷ Σ visitors. */
  demand_coverage: (c) => ratio(c.demandServed, c.visitors),
  /** Cases completed ÷ cases accepted. */
  completion_rate: (c) => ratio(c.casesCompleted, c.casesAccepted),
  /** Cases handled without a queue ticket ÷ cases completed — the intermediaries' lane. */
  out_of_queue_rate: (c) => ratio(c.casesOutOfQueue, c.casesCompleted),
  /** Average wait in minutes, weighted by the number of visitors each day. */
  avg_wait_minutes: (c) => ratio(c.waitMinutesWeighted, c.waitVisitors),
  /** Good ratings ÷ all ratings. */
  satisfaction_rate: (c) => ratio(c.ratingsGood, c.ratingsGood + c.ratingsBad),
  /** Complaints received in the period and closed as resolved ÷ those no longer open. */
  complaint_resolution_rate: (c) => ratio(c.complaintsResolved, c.complaintsClosed),
  /** Delegated powers (due ≥ grace days ago) followed up within the grace days ÷ those due. */
  supervision_coverage: (c) => ratio(c.powersTimely, c.powersDue),
};

/** Every metric's value is its numerator over its denominator; none without both. */
export function metricValue(numerator: number | null, denominator: number | null): number | null {
  return numerator === null || denominator === null ? null : numerator / denominator;
}

export function computeMetric(
  metric: MetricName,
  c: Components,
  target: ResolvedTarget | null,
  tolerance: number,
): MetricResult {
  const { numerator, denominator } = METRIC_DEFINITIONS[metric](c);
  const value = metricValue(numerator, denominator);
  const direction = METRIC_DIRECTION[metric];
  return {
    metric,
    value,
    numerator,
    denominator,
    target,
    direction,
    status: statusOf(value, target?.value ?? null, direction, tolerance),
  };
}

/** Complaints per 10,000 residents; null without a population. */
export function complaintsPer10k(complaints: number, population: number | null): number | null {
  return population && population > 0 ? (complaints / population) * 10_000 : null;
}

/** Complaints answered but not resolved, as a share of those closed. */
export function answeredUnresolvedShare(c: Components): number | null {
  return c.complaintsClosed > 0 ? c.complaintsResponded / c.complaintsClosed : null;
}
