import { z } from 'zod';
import type { Severity } from '../../types';
import type { FlagConfig } from '../config';
import { countSchema, dateSchema, defineFlagRule } from '../declare';
import { inRampUp } from '../unit';

/**
 * The people who came and got no ticket: counted, where the centre counts them (the strongest
 * signal), else estimated as visitors − tickets issued.
 */
export const turnedAwayOn = (d: {
  ticketsIssued: number;
  visitors: number;
  turnedAway?: number | null;
}): number => d.turnedAway ?? Math.max(d.visitors - d.ticketsIssued, 0);

/**
 * A day on which people were turned away: fewer than the threshold share of capacity was
 * issued while the people who came without getting a ticket were a material share of capacity
 * and more than a handful — not the few percent a door counter adds for people who only asked.
 */
export function isThrottledDay(
  d: {
    ticketCapacity: number;
    ticketsIssued: number;
    visitors: number;
    turnedAway?: number | null;
  },
  config: FlagConfig,
): boolean {
  const t = config.throttling;
  const unmet = turnedAwayOn(d);
  return (
    d.ticketsIssued < t.issuedBelowShareOfCapacity * d.ticketCapacity &&
    unmet >= t.minUnmetShareOfCapacity * d.ticketCapacity &&
    unmet >= t.minUnmetPeople
  );
}

export const throttlingEvidence = z.object({
  throttledDays: countSchema,
  threshold: z.number(),
  minUnmetShare: z.number(),
  ticketsIssued: countSchema,
  ticketCapacity: countSchema,
  visitors: countSchema,
  unmetDemand: countSchema,
  issuedShare: z.number(),
  unmetShare: z.number(),
  days: z.array(
    z.object({
      date: dateSchema,
      ticketCapacity: countSchema,
      ticketsIssued: countSchema,
      visitors: countSchema,
      turnedAway: countSchema.nullable(),
      unmetDemand: countSchema,
    }),
  ),
});
export type ThrottlingEvidence = z.infer<typeof throttlingEvidence>;

/**
 * 限号 — on at least 3 days of the period the centre issued fewer than 80% of the tickets it
 * could serve while it turned people away: those who came and got no ticket were at least 10%
 * of capacity and at least 10 people.
 */
export const ticketThrottling = defineFlagRule({
  type: 'ticket_throttling',
  sources: ['window_daily'],
  evidence: throttlingEvidence,
  fields: {
    throttledDays: 'count',
    threshold: 'fraction',
    minUnmetShare: 'fraction',
    ticketsIssued: 'count',
    ticketCapacity: 'count',
    visitors: 'count',
    unmetDemand: 'count',
    issuedShare: 'fraction',
    unmetShare: 'fraction',
    days: {
      table: {
        date: 'date',
        ticketCapacity: 'count',
        ticketsIssued: 'count',
        visitors: 'count',
        turnedAway: 'count',
        unmetDemand: 'count',
      },
    },
  },
  evaluate(u, config) {
    // A centre opening: low issue against a capacity it has not staffed up to yet.
    if (inRampUp(u, config)) return null;
    const days = u.days.filter((d) => isThrottledDay(d, config));
    if (days.length < config.throttling.minDays) return null;
    const sum = (f: (d: (typeof days)[number]) => number) => days.reduce((s, d) => s + f(d), 0);
    const issued = sum((d) => d.ticketsIssued);
    const capacity = sum((d) => d.ticketCapacity);
    const visitors = sum((d) => d.visitors);
    const unmet = sum(turnedAwayOn);
    const perDay = (x: number) => Math.round(x / days.length);
    const t = config.throttling;
    const severity: Severity =
      days.length >= t.highDays || issued <= t.highShareOfCapacity * capacity
        ? 'high'
        : days.length === t.minDays && unmet < t.lowBelowUnmetShare * capacity
          ? 'low'
          : 'medium';
    return {
      severity,
      title: {
        key: 'flag.ticket_throttling.title',
        values: {
          days: days.length,
          issued: perDay(issued),
          capacity: perDay(capacity),
          visitors: perDay(visitors),
          near: severity === 'low' ? { key: 'flag.ticket_throttling.near' } : null,
        },
      },
      evidence: {
        throttledDays: days.length,
        threshold: config.throttling.issuedBelowShareOfCapacity,
        minUnmetShare: config.throttling.minUnmetShareOfCapacity,
        ticketsIssued: issued,
        ticketCapacity: capacity,
        visitors,
        unmetDemand: unmet,
        issuedShare: issued / capacity,
        unmetShare: unmet / capacity,
        days: days.map((d) => ({
          date: d.date,
          ticketCapacity: d.ticketCapacity,
          ticketsIssued: d.ticketsIssued,
          visitors: d.visitors,
          turnedAway: d.turnedAway ?? null,
          unmetDemand: turnedAwayOn(d),
        })),
      },
    };
  },
});
