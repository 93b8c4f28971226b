/**
 * The flag types, one file each in rules/: each declares its rule, its evidence's shape and
 * how each field reads, and the files its numbers come from (declare.ts). This registry lists
 * them and words their findings; adding a flag type is described in docs/adding-a-flag-type.md.
 */
import type { z } from 'zod';
import type { FlagType } from '../types';
import type { FlagConfig } from './config';
import type { FlagRule } from './declare';
import { wordSentence } from './messages';
import { complaintSurge } from './rules/complaint-surge';
import { complaintsUnresolved } from './rules/complaints-unresolved';
import { delegatedWithoutSupervision } from './rules/delegated-without-supervision';
import { missingReports } from './rules/missing-reports';
import { onlineTargetMissed } from './rules/online-target-missed';
import { outOfQueueHandling } from './rules/out-of-queue-handling';
import { isThrottledDay, ticketThrottling } from './rules/ticket-throttling';
import type { UnitPeriod } from './unit';

export { isThrottledDay };

/** Every flag type's declaration, by type. */
export const FLAG_RULES = {
  delegated_without_supervision: delegatedWithoutSupervision,
  ticket_throttling: ticketThrottling,
  online_target_missed: onlineTargetMissed,
  complaint_surge: complaintSurge,
  complaints_unresolved: complaintsUnresolved,
  out_of_queue_handling: outOfQueueHandling,
  missing_reports: missingReports,
} as const satisfies { [T in FlagType]: { type: T } };

type Rules = typeof FLAG_RULES;

/** The evidence of a flag of type T, as its rule declares it. */
export type EvidenceOf<T extends FlagType> = z.infer<Rules[T]['evidence']>;

/** The names of an evidence's fields and of its tables' columns. */
type FieldNames<E> = {
  [K in keyof E]-?:
    K | (E[K] extends readonly (infer Row)[] ? (Row extends object ? keyof Row : never) : never);
}[keyof E];

/** Every field name any flag type's evidence uses: each needs a label in the catalogue. */
export type EvidenceFieldName = { [T in FlagType]: FieldNames<EvidenceOf<T>> }[FlagType] & string;

/** What a rule finds for one district × department × period, worded, before history is attached. */
export type FlagFinding = {
  [T in FlagType]: {
    type: T;
    severity: 'high' | 'medium' | 'low';
    titleZh: string;
    titleEn: string;
    evidence: EvidenceOf<T>;
  };
}[FlagType];

/** A finding of one flag type. */
export type FindingOf<T extends FlagType> = Extract<FlagFinding, { type: T }>;

/** A flag's evidence as its type declares it (for code that knows which type it holds). */
export function evidenceOf<T extends FlagType>(
  flag: { type: FlagType; evidence: unknown } | undefined,
  type: T,
): EvidenceOf<T> {
  if (flag?.type !== type) throw new Error(`expected a ${type} flag, got ${flag?.type ?? 'none'}`);
  return flag.evidence as EvidenceOf<T>;
}

/** The rule of one flag type as a function from a unit's period to its worded finding. */
function finder<T extends FlagType>(rule: FlagRule<T, EvidenceOf<T>>) {
  return (u: UnitPeriod, config: FlagConfig): FindingOf<T> | null => {
    const found = rule.evaluate(u, config);
    if (!found) return null;
    const title = wordSentence(found.title);
    return {
      type: rule.type,
      severity: found.severity,
      titleZh: title.zh,
      titleEn: title.en,
      evidence: found.evidence,
    } as FindingOf<T>;
  };
}

export const flagDelegatedWithoutSupervision = finder(delegatedWithoutSupervision);
export const flagTicketThrottling = finder(ticketThrottling);
export const flagOnlineTargetMissed = finder(onlineTargetMissed);
export const flagComplaintSurge = finder(complaintSurge);
export const flagComplaintsUnresolved = finder(complaintsUnresolved);
export const flagOutOfQueueHandling = finder(outOfQueueHandling);
export const flagMissingReports = finder(missingReports);

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
export const FLAG_SOURCE_KINDS = Object.fromEntries(
  Object.values(FLAG_RULES).map((r) => [r.type, r.sources]),
) as Record<FlagType, readonly string[]>;
