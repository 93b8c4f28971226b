import { z } from 'zod';
import { countSchema, defineFlagRule } from '../declare';
import { round1 } from '../types';

export const surgeEvidence = z.object({
  complaints: countSchema,
  previousPeriods: z.array(countSchema),
  previousMean: z.number(),
  factor: z.number().nullable(),
  byCategory: z.record(z.string(), countSchema),
});
export type SurgeEvidence = z.infer<typeof surgeEvidence>;

/** 投诉激增 — complaints in the period at least twice the mean of the previous 4, and at least 5. */
export const complaintSurge = defineFlagRule({
  type: 'complaint_surge',
  sources: ['complaints'],
  evidence: surgeEvidence,
  fields: {
    complaints: 'count',
    previousPeriods: 'counts',
    previousMean: 'decimal',
    factor: 'decimal',
    byCategory: 'categoryCounts',
  },
  evaluate(u, config) {
    const count = u.components.complaints;
    const previous = u.previousComplaints;
    if (count < config.surge.minCount || previous.length < config.surge.previousPeriods) {
      return null;
    }
    const mean = previous.reduce((s, n) => s + n, 0) / previous.length;
    if (count < config.surge.factor * mean) return null;
    const times = mean > 0 ? round1(count / mean) : null;
    return {
      severity:
        count >= config.surge.highFactor * mean && count >= config.surge.highMinCount
          ? 'high'
          : 'medium',
      title: {
        key: 'flag.complaint_surge.title',
        values: {
          count,
          periods: previous.length,
          mean: round1(mean),
          times: times ? { key: 'flag.complaint_surge.times', values: { times } } : null,
        },
      },
      evidence: {
        complaints: count,
        previousPeriods: [...previous],
        previousMean: round1(mean),
        factor: times,
        byCategory: u.components.complaintsByCategory,
      },
    };
  },
});
