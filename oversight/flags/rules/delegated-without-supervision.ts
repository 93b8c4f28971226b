import { addDays, daysBetween } from '../../period';
import type { FlagConfig } from '../config';
import type { FlagFinding } from '../types';
import type { UnitPeriod } from '../unit';

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
