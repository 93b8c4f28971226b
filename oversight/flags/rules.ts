/**
 * The flag rules, one file each in rules/. Each takes one district × department × period and
 * the thresholds, and says in one sentence what it catches; none does I/O.
 */
import type { FlagType } from '../types';
import { flagComplaintSurge } from './rules/complaint-surge';
import { flagComplaintsUnresolved } from './rules/complaints-unresolved';
import { flagDelegatedWithoutSupervision } from './rules/delegated-without-supervision';
import { flagMissingReports } from './rules/missing-reports';
import { flagOnlineTargetMissed } from './rules/online-target-missed';
import { flagOutOfQueueHandling } from './rules/out-of-queue-handling';
import { flagTicketThrottling, isThrottledDay } from './rules/ticket-throttling';

export {
  flagComplaintSurge,
  flagComplaintsUnresolved,
  flagDelegatedWithoutSupervision,
  flagMissingReports,
  flagOnlineTargetMissed,
  flagOutOfQueueHandling,
  flagTicketThrottling,
  isThrottledDay,
};

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

/** Which kinds of file each flag's numbers come from: the sources its evidence names. */
export const FLAG_SOURCE_KINDS: Record<FlagType, readonly string[]> = {
  delegated_without_supervision: ['delegations', 'supervision'],
  ticket_throttling: ['window_daily'],
  online_target_missed: ['online_availability'],
  complaint_surge: ['complaints'],
  complaints_unresolved: ['complaints'],
  out_of_queue_handling: ['window_daily'],
  missing_reports: ['window_daily', 'online_availability'],
};
