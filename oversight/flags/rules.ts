/**
 * The flag rules. Each takes one district × department × period and the thresholds, and says
 * in one sentence what it catches; none does I/O.
 */
import { addDays, daysBetween, workingDays } from '../period';
import type { Severity } from '../types';
import type { FlagConfig } from './config';
import { forecastOnline } from '../forecast';
import { pct, type FlagFinding } from './types';
import type { UnitPeriod } from './unit';

const round1 = (x: number) => Math.round(x * 10) / 10;

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

/**
 * 网办未达标 — the share of eligible items that can be handled online, in the latest snapshot,
 * is below target; stalled when unchanged for 4 weeks.
 */
export function flagOnlineTargetMissed(u: UnitPeriod, config: FlagConfig): FlagFinding | null {
  const target = u.target('online_rate');
  const snapshots = u.snapshots.filter((s) => s.asOf <= u.period.end);
  const latest = snapshots[snapshots.length - 1];
  if (target === null || !latest) return null;
  const eligible = latest.itemsTotal - latest.itemsExempt;
  if (eligible <= 0) return null;
  const rate = latest.itemsOnline / eligible;
  if (rate >= target - 1e-9) return null;
  const stalledSince = addDays(latest.asOf, -7 * config.online.stalledWeeks);
  const earlier = snapshots.filter((s) => s.asOf <= stalledSince);
  const reference = earlier[earlier.length - 1];
  const stalled = reference !== undefined && reference.itemsOnline === latest.itemsOnline;
  const needed = Math.ceil(target * eligible - 1e-9);
  const forecast = forecastOnline(snapshots, needed, latest.asOf, config.online.paceWeeks);
  const severity: Severity =
    stalled || target - rate >= config.online.highGap
      ? 'high'
      : target - rate >= config.online.mediumGap
        ? 'medium'
        : 'low';
  const forecastZh = forecast.reachedBy
    ? `按当前进度预计 ${forecast.reachedBy} 达标`
    : '按当前进度无法达标';
  const forecastEn = forecast.reachedBy
    ? `at this pace the target is reached by ${forecast.reachedBy}`
    : 'not reached at this pace';
  return {
    type: 'online_target_missed',
    severity,
    titleZh: `网上可办 ${latest.itemsOnline} / ${eligible}（${pct(rate)}），目标 ${pct(target)}${stalled ? `，已 ${config.online.stalledWeeks} 周无进展` : ''}；${forecastZh}`,
    titleEn: `${latest.itemsOnline} / ${eligible} items online (${pct(rate)}) against ${pct(target)}${stalled ? `, stalled for ${config.online.stalledWeeks} weeks` : ''}; ${forecastEn}`,
    evidence: {
      asOf: latest.asOf,
      itemsOnline: latest.itemsOnline,
      itemsTotal: latest.itemsTotal,
      itemsExempt: latest.itemsExempt,
      eligible,
      rate,
      target,
      itemsNeeded: needed,
      stalled,
      stalledSince: stalled ? reference!.asOf : null,
      pacePerWeek: forecast.perWeek,
      forecastReachedBy: forecast.reachedBy,
    },
  };
}

/** 投诉激增 — complaints in the period at least twice the mean of the previous 4, and at least 5. */
export function flagComplaintSurge(u: UnitPeriod, config: FlagConfig): FlagFinding | null {
  const count = u.components.complaints;
  const previous = u.previousComplaints;
  if (count < config.surge.minCount || previous.length < config.surge.previousPeriods) return null;
  const mean = previous.reduce((s, n) => s + n, 0) / previous.length;
  if (count < config.surge.factor * mean) return null;
  const times = mean > 0 ? round1(count / mean) : null;
  return {
    type: 'complaint_surge',
    severity:
      count >= config.surge.highFactor * mean && count >= config.surge.highMinCount
        ? 'high'
        : 'medium',
    titleZh: `投诉 ${count} 件，前 ${previous.length} 期平均 ${round1(mean)} 件${times ? `（${times} 倍）` : ''}`,
    titleEn: `${count} complaints against an average of ${round1(mean)} in the previous ${previous.length} periods${times ? ` (${times}×)` : ''}`,
    evidence: {
      complaints: count,
      previousPeriods: previous,
      previousMean: round1(mean),
      factor: times,
      byCategory: u.components.complaintsByCategory,
    },
  };
}

/**
 * 答复未解决 — at least 5 complaints were closed in the period and at least half of them were
 * answered but not resolved.
 */
export function flagComplaintsUnresolved(u: UnitPeriod, config: FlagConfig): FlagFinding | null {
  const closed = u.closed;
  if (!closed || closed.closed < config.unresolved.minClosed) return null;
  const share = closed.responded / closed.closed;
  if (share < config.unresolved.minShare) return null;
  return {
    type: 'complaints_unresolved',
    severity:
      share >= config.unresolved.highShare && closed.closed >= config.unresolved.highMinClosed
        ? 'high'
        : 'medium',
    titleZh: `本期办结投诉 ${closed.closed} 件，其中 ${closed.responded} 件"答复即办结"未解决（${pct(share)}）`,
    titleEn: `${closed.responded} of ${closed.closed} complaints closed this period were answered but not resolved (${pct(share)})`,
    evidence: {
      closed: closed.closed,
      answeredUnresolved: closed.responded,
      share,
      byCategory: closed.byCategory,
    },
  };
}

/**
 * 未取号办理 — cases were handled without a queue ticket above the target rate (0 by default);
 * high when they happened on days tickets were withheld.
 */
export function flagOutOfQueueHandling(u: UnitPeriod, config: FlagConfig): FlagFinding | null {
  const target = u.target('out_of_queue_rate') ?? 0;
  const { casesOutOfQueue, casesCompleted } = u.components;
  if (casesOutOfQueue === 0 || casesCompleted === 0) return null;
  const rate = casesOutOfQueue / casesCompleted;
  if (rate <= target + 1e-9) return null;
  const days = u.days.filter((d) => d.casesOutOfQueue > 0);
  const onThrottled = days.filter((d) => isThrottledDay(d, config));
  const onThrottledCases = onThrottled.reduce((s, d) => s + d.casesOutOfQueue, 0);
  return {
    type: 'out_of_queue_handling',
    severity:
      onThrottledCases > 0
        ? 'high'
        : rate > target + config.outOfQueue.mediumMargin
          ? 'medium'
          : 'low',
    titleZh: `未取号办理 ${casesOutOfQueue} 件（占办结 ${pct(rate)}）${onThrottledCases ? `，其中 ${onThrottledCases} 件发生在限号日` : ''}`,
    titleEn: `${casesOutOfQueue} cases handled out of queue (${pct(rate)} of completed)${onThrottledCases ? `, ${onThrottledCases} on days tickets were withheld` : ''}`,
    evidence: {
      casesOutOfQueue,
      casesCompleted,
      rate,
      target,
      onThrottledDays: onThrottledCases,
      days: days.map((d) => ({
        date: d.date,
        casesOutOfQueue: d.casesOutOfQueue,
        casesCompleted: d.casesCompleted,
        throttled: isThrottledDay(d, config),
      })),
    },
  };
}

/**
 * 未按时报送 — a unit that has reported before sent no window data on 2 or more working days
 * of the period (up to the data cut-off), or has no online snapshot from the last 30 days.
 */
export function flagMissingReports(u: UnitPeriod, config: FlagConfig): FlagFinding | null {
  if (!u.reporting || u.reporting.firstDate >= u.period.start || !u.dataCutoff) return null;
  const due = workingDays(u.period).filter((d) => d <= u.dataCutoff!);
  const missingDays = Math.max(due.length - u.components.workingDaysReported, 0);
  const latestSnapshot = u.snapshots.filter((s) => s.asOf <= u.period.end).at(-1)?.asOf ?? null;
  // Age as of the period end, or the data cut-off if that came earlier: a week after the last
  // load is not evidence that every district stopped reporting.
  const asOf = u.dataCutoff < u.period.end ? u.dataCutoff : u.period.end;
  const snapshotAge = latestSnapshot ? daysBetween(latestSnapshot, asOf) : null;
  const staleSnapshot =
    snapshotAge === null || snapshotAge > config.missingReports.snapshotMaxAgeDays;
  const windowMissing = missingDays >= config.missingReports.minMissingWorkingDays;
  if (!windowMissing && !staleSnapshot) return null;
  const parts = {
    zh: [
      windowMissing ? `${missingDays} 个工作日未报送窗口数据` : '',
      staleSnapshot ? `近 ${config.missingReports.snapshotMaxAgeDays} 天无网办统计` : '',
    ].filter(Boolean),
    en: [
      windowMissing ? `no window data on ${missingDays} working days` : '',
      staleSnapshot ? `no online snapshot in ${config.missingReports.snapshotMaxAgeDays} days` : '',
    ].filter(Boolean),
  };
  return {
    type: 'missing_reports',
    severity: missingDays >= config.missingReports.highMissingWorkingDays ? 'high' : 'medium',
    titleZh: parts.zh.join('；'),
    titleEn: parts.en.join('; ').replace(/^./, (c) => c.toUpperCase()),
    evidence: {
      workingDaysDue: due.length,
      daysReported: u.components.workingDaysReported,
      missingWorkingDays: missingDays,
      lastWindowDate: u.reporting.lastDate,
      latestOnlineSnapshot: latestSnapshot,
    },
  };
}

const EXPECTED_ACTIONS = ['training', 'inspection'] as const;

/**
 * 放后失管 — powers that took effect at least 30 days before the period end and have had no
 * supervision action at all since. A late first action closes the flag from then on.
 */
export function flagDelegatedWithoutSupervision(
  u: UnitPeriod,
  config: FlagConfig,
): FlagFinding | null {
  const dueBy = addDays(u.period.end, -config.graceDays);
  const unsupervised = u.powers.filter(
    (p) =>
      p.effectiveDate <= dueBy && (p.firstActionDate === null || p.firstActionDate > u.period.end),
  );
  if (unsupervised.length === 0) return null;
  const oldest = unsupervised.reduce((a, b) => (a.effectiveDate <= b.effectiveDate ? a : b));
  const daysElapsed = daysBetween(oldest.effectiveDate, u.period.end);
  const done = new Set(
    u.actions
      .filter((a) => a.date <= u.period.end && a.date >= oldest.effectiveDate)
      .map((a) => a.actionType),
  );
  const missing = EXPECTED_ACTIONS.filter((a) => !done.has(a));
  const batches = [...new Set(unsupervised.map((p) => p.batch))];
  return {
    type: 'delegated_without_supervision',
    severity:
      daysElapsed >= config.delegationHighGraceMultiple * config.graceDays ? 'high' : 'medium',
    titleZh: `${unsupervised.length} 项下放事权承接 ${daysElapsed} 天无任何培训、指导或督导（"一放了之"）`,
    titleEn: `${unsupervised.length} delegated powers without any training, guidance or inspection for ${daysElapsed} days`,
    evidence: {
      batches,
      fromUnit: oldest.fromUnit,
      noticeDate: oldest.noticeDate,
      effectiveDate: oldest.effectiveDate,
      daysElapsed,
      graceDays: config.graceDays,
      powers: unsupervised.length,
      powerList: unsupervised.map((p) => ({ code: p.powerCode, name: p.powerName })),
      missingActionTypes: missing,
      // Filled in later if a follow-up came late; kept so history shows how late.
      firstActionDate: oldest.firstActionDate,
    },
  };
}

/** The rules in the order the dashboard lists them. */
export const RULES = [
  flagDelegatedWithoutSupervision,
  flagTicketThrottling,
  flagOnlineTargetMissed,
  flagComplaintSurge,
  flagComplaintsUnresolved,
  flagOutOfQueueHandling,
  flagMissingReports,
] as const;
