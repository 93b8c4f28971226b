import { z } from 'zod';
import { countSchema, defineFlagRule } from '../declare';
import { pct } from '../types';

export const unresolvedEvidence = z.object({
  closed: countSchema,
  answeredUnresolved: countSchema,
  share: z.number(),
  minShare: z.number(),
  byCategory: z.record(z.string(), countSchema),
});
export type UnresolvedEvidence = z.infer<typeof unresolvedEvidence>;

/**
 * 答复未解决 — at least 5 complaints were closed in the period and at least half of them were
 * answered but not resolved.
 */
export const complaintsUnresolved = defineFlagRule({
  type: 'complaints_unresolved',
  sources: ['complaints'],
  evidence: unresolvedEvidence,
  fields: {
    closed: 'count',
    answeredUnresolved: 'count',
    share: 'fraction',
    minShare: 'fraction',
    byCategory: 'categoryCounts',
  },
  evaluate(u, config) {
    const closed = u.closed;
    if (!closed || closed.closed < config.unresolved.minClosed) return null;
    const share = closed.responded / closed.closed;
    if (share < config.unresolved.minShare) return null;
    return {
      severity:
        share >= config.unresolved.highShare && closed.closed >= config.unresolved.highMinClosed
          ? 'high'
          : 'medium',
      title: {
        key: 'flag.complaints_unresolved.title',
        values: { closed: closed.closed, unresolved: closed.responded, share: pct(share) },
      },
      evidence: {
        closed: closed.closed,
        answeredUnresolved: closed.responded,
        share,
        minShare: config.unresolved.minShare,
        byCategory: closed.byCategory,
      },
    };
  },
});
