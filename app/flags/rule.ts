/**
 * Each flag type's rule in one sentence a commission member would accept, with the thresholds
 * the rules apply (oversight/flags/config.ts) filled in — so the sentence in an evidence package
 * changes when a threshold does, and never states a number the rule does not use.
 */
import { DEFAULT_FLAG_CONFIG, type FlagConfig } from '../../oversight/flags/config';
import type { FlagType } from '../../oversight/types';
import type { Formatters } from '../i18n';

export function ruleSentence(
  f: Formatters,
  type: FlagType,
  config: FlagConfig = DEFAULT_FLAG_CONFIG,
): string {
  const n = (x: number) => f.number(x);
  const pct = (x: number) => f.percent(x);
  switch (type) {
    case 'delegated_without_supervision':
      return f.tf('flagRule.delegated_without_supervision', { graceDays: n(config.graceDays) });
    case 'ticket_throttling': {
      const t = config.throttling;
      return f.tf('flagRule.ticket_throttling', {
        minDays: n(t.minDays),
        issuedBelow: pct(t.issuedBelowShareOfCapacity),
        minUnmetShare: pct(t.minUnmetShareOfCapacity),
        minUnmetPeople: n(t.minUnmetPeople),
        rampUpWeeks: n(config.rampUpWeeks),
      });
    }
    case 'online_target_missed':
      return f.tf('flagRule.online_target_missed', {
        stalledWeeks: n(config.online.stalledWeeks),
        paceWeeks: n(config.online.paceWeeks),
      });
    case 'complaint_surge': {
      const s = config.surge;
      return f.tf('flagRule.complaint_surge', {
        minCount: n(s.minCount),
        previousPeriods: n(s.previousPeriods),
        factor: f.number(s.factor, 1),
        maxChance: pct(s.maxChance),
      });
    }
    case 'complaints_unresolved':
      return f.tf('flagRule.complaints_unresolved', {
        minClosed: n(config.unresolved.minClosed),
        minShare: pct(config.unresolved.minShare),
      });
    case 'out_of_queue_handling':
      return f.tf('flagRule.out_of_queue_handling', {
        minCases: n(config.outOfQueue.minCases),
        allowedRate: pct(config.outOfQueue.allowedRate),
        maxChance: pct(config.outOfQueue.maxChance),
      });
    case 'missing_reports':
      return f.tf('flagRule.missing_reports', {
        rampUpWeeks: n(config.rampUpWeeks),
        minDays: n(config.missingReports.minMissingWorkingDays),
        snapshotMaxAgeDays: n(config.missingReports.snapshotMaxAgeDays),
      });
  }
}
