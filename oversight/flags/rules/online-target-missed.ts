import { z } from 'zod';
import { forecastOnline } from '../../forecast';
import { addDays } from '../../period';
import type { Severity } from '../../types';
import { countSchema, dateSchema, defineFlagRule } from '../declare';
import { pct } from '../types';

export const onlineEvidence = z.object({
  asOf: dateSchema,
  itemsOnline: countSchema,
  itemsTotal: countSchema,
  itemsExempt: countSchema,
  eligible: countSchema,
  rate: z.number(),
  target: z.number(),
  itemsNeeded: countSchema,
  stalled: z.boolean(),
  stalledSince: dateSchema.nullable(),
  pacePerWeek: z.number().nullable(),
  forecastReachedBy: dateSchema.nullable(),
});
export type OnlineEvidence = z.infer<typeof onlineEvidence>;

/**
 * 网办未达标 — the share of eligible items that can be handled online, in the latest snapshot,
 * is below target; stalled when unchanged for 4 weeks.
 */
export const onlineTargetMissed = defineFlagRule({
  type: 'online_target_missed',
  sources: ['online_availability'],
  evidence: onlineEvidence,
  fields: {
    asOf: 'date',
    itemsOnline: 'count',
    itemsTotal: 'count',
    itemsExempt: 'count',
    eligible: 'count',
    rate: 'fraction',
    target: 'fraction',
    itemsNeeded: 'count',
    stalled: 'yesNo',
    stalledSince: 'date',
    pacePerWeek: 'decimal',
    forecastReachedBy: 'date',
  },
  evaluate(u, config) {
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
    return {
      severity,
      title: {
        key: 'flag.online_target_missed.title',
        values: {
          online: latest.itemsOnline,
          eligible,
          rate: pct(rate),
          target: pct(target),
          stalled: stalled
            ? {
                key: 'flag.online_target_missed.stalled',
                values: { weeks: config.online.stalledWeeks },
              }
            : null,
          forecast: forecast.reachedBy
            ? { key: 'flag.online_target_missed.reachedBy', values: { date: forecast.reachedBy } }
            : { key: 'flag.online_target_missed.notReached' },
        },
      },
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
        stalledSince: stalled ? reference.asOf : null,
        pacePerWeek: forecast.perWeek,
        forecastReachedBy: forecast.reachedBy,
      },
    };
  },
});
