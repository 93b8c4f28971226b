import { z } from 'zod';
import { median, poissonAtLeast } from '../../stats';
import { countSchema, defineFlagRule } from '../declare';
import { round1 } from '../types';

export const surgeEvidence = z.object({
  complaints: countSchema,
  previousPeriods: z.array(countSchema),
  previousMean: z.number(),
  baseline: z.number(),
  factor: z.number().nullable(),
  chance: z.number(),
  byCategory: z.record(z.string(), countSchema),
});
export type SurgeEvidence = z.infer<typeof surgeEvidence>;

/**
 * 投诉激增 — at least 10 complaints in the period, at least twice the median of the previous 4
 * periods (taken as at least 1), and a count that would come up by chance less than once in a
 * thousand periods at that baseline rate. A district going from 2 to 5 is noise; 2 to 12 is not.
 */
export const complaintSurge = defineFlagRule({
  type: 'complaint_surge',
  sources: ['complaints'],
  evidence: surgeEvidence,
  fields: {
    complaints: 'count',
    previousPeriods: 'counts',
    previousMean: 'decimal',
    baseline: 'decimal',
    factor: 'decimal',
    chance: 'chance',
    byCategory: 'categoryCounts',
  },
  evaluate(u, config) {
    const { surge } = config;
    const count = u.components.complaints;
    const previous = u.previousComplaints;
    if (count < surge.minCount || previous.length < surge.previousPeriods) return null;
    const baseline = Math.max(median(previous), 1);
    if (count < surge.factor * baseline) return null;
    const chance = poissonAtLeast(count, baseline);
    if (chance > surge.maxChance) return null;
    const times = round1(count / baseline);
    return {
      severity:
        count >= surge.highFactor * baseline && count >= surge.highMinCount ? 'high' : 'medium',
      title: {
        key: 'flag.complaint_surge.title',
        values: {
          count,
          periods: previous.length,
          baseline: round1(baseline),
          times: { key: 'flag.complaint_surge.times', values: { times } },
        },
      },
      evidence: {
        complaints: count,
        previousPeriods: [...previous],
        previousMean: round1(previous.reduce((s, n) => s + n, 0) / previous.length),
        baseline: round1(baseline),
        factor: times,
        chance,
        byCategory: u.components.complaintsByCategory,
      },
    };
  },
});
