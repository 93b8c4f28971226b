import { z } from 'zod';
import { addDays, daysBetween } from '../../period';
import { countSchema, dateSchema, defineFlagRule } from '../declare';

const EXPECTED_ACTIONS = ['training', 'inspection'] as const;

export const delegationEvidence = z.object({
  batches: z.array(z.string()),
  fromUnit: z.string(),
  noticeDate: dateSchema,
  effectiveDate: dateSchema,
  daysElapsed: countSchema,
  graceDays: countSchema,
  powers: countSchema,
  powerList: z.array(z.object({ code: z.string(), name: z.string() })),
  missingActionTypes: z.array(z.string()),
});
export type DelegationEvidence = z.infer<typeof delegationEvidence>;

/**
 * 放后失管 — powers that took effect at least 30 days before the period end and have had no
 * supervision action at all since. A late first action closes the flag from then on.
 */
export const delegatedWithoutSupervision = defineFlagRule({
  type: 'delegated_without_supervision',
  sources: ['delegations', 'supervision'],
  evidence: delegationEvidence,
  fields: {
    batches: 'texts',
    fromUnit: 'text',
    noticeDate: 'date',
    effectiveDate: 'date',
    daysElapsed: 'count',
    graceDays: 'count',
    powers: 'count',
    powerList: { table: { code: 'text', name: 'text' } },
    missingActionTypes: 'actionTypes',
  },
  evaluate(u, config) {
    const dueBy = addDays(u.period.end, -config.graceDays);
    const unsupervised = u.powers.filter(
      (p) =>
        p.effectiveDate <= dueBy &&
        (p.firstActionDate === null || p.firstActionDate > u.period.end),
    );
    if (unsupervised.length === 0) return null;
    const oldest = unsupervised.reduce((a, b) => (a.effectiveDate <= b.effectiveDate ? a : b));
    const daysElapsed = daysBetween(oldest.effectiveDate, u.period.end);
    const done = new Set(
      u.actions
        .filter((a) => a.date <= u.period.end && a.date >= oldest.effectiveDate)
        .map((a) => a.actionType),
    );
    return {
      severity:
        daysElapsed >= config.delegationHighGraceMultiple * config.graceDays ? 'high' : 'medium',
      title: {
        key: 'flag.delegated_without_supervision.title',
        values: { powers: unsupervised.length, days: daysElapsed },
      },
      evidence: {
        batches: [...new Set(unsupervised.map((p) => p.batch))],
        fromUnit: oldest.fromUnit,
        noticeDate: oldest.noticeDate,
        effectiveDate: oldest.effectiveDate,
        daysElapsed,
        graceDays: config.graceDays,
        powers: unsupervised.length,
        powerList: unsupervised.map((p) => ({ code: p.powerCode, name: p.powerName })),
        // Only what was known by the period's end: a follow-up that came later is not cited
        // (the district page's timeline shows when it came).
        missingActionTypes: EXPECTED_ACTIONS.filter((a) => !done.has(a)),
      },
    };
  },
});
