import type { Severity } from '../../types';
import type { FlagConfig } from '../config';
import type { FlagFinding } from '../types';
import type { UnitPeriod } from '../unit';

/** A day on which fewer than the threshold share of capacity was issued while more people came. */
export function isThrottledDay(
  d: { ticketCapacity: number; ticketsIssued: number; visitors: number },
  config: FlagConfig,
): boolean {
  return (
    d.ticketsIssued < config.throttling.issuedBelowShareOfCapacity * d.ticketCapacity &&
    d.visitors > d.ticketsIssued
  );
}

/**
 * 限号 — on at least 3 days of the period the centre issued fewer than 80% of the tickets it
 * could serve while more people came than got one.
 */
export function flagTicketThrottling(u: UnitPeriod, config: FlagConfig): FlagFinding | null {
  const days = u.days.filter((d) => isThrottledDay(d, config));
  if (days.length < config.throttling.minDays) return null;
  const sum = (f: (d: (typeof days)[number]) => number) => days.reduce((s, d) => s + f(d), 0);
  const issued = sum((d) => d.ticketsIssued);
  const capacity = sum((d) => d.ticketCapacity);
  const visitors = sum((d) => d.visitors);
  const unmet = sum((d) => Math.max(d.visitors - d.ticketsIssued, 0));
  const perDay = (x: number) => Math.round(x / days.length);
  const severity: Severity =
    days.length >= config.throttling.highDays ||
    issued <= config.throttling.highShareOfCapacity * capacity
      ? 'high'
      : 'medium';
  return {
    type: 'ticket_throttling',
    severity,
    titleZh: `${days.length} 天放号不足：日均发放号数 ${perDay(issued)} / 日可办理量 ${perDay(capacity)}，到场 ${perDay(visitors)} 人`,
    titleEn: `Tickets withheld on ${days.length} days: ${perDay(issued)} issued of ${perDay(capacity)} capacity a day, ${perDay(visitors)} visitors`,
    evidence: {
      throttledDays: days.length,
      threshold: config.throttling.issuedBelowShareOfCapacity,
      ticketsIssued: issued,
      ticketCapacity: capacity,
      visitors,
      unmetDemand: unmet,
      days: days.map((d) => ({
        date: d.date,
        ticketCapacity: d.ticketCapacity,
        ticketsIssued: d.ticketsIssued,
        visitors: d.visitors,
        unmetDemand: Math.max(d.visitors - d.ticketsIssued, 0),
      })),
    },
  };
}
