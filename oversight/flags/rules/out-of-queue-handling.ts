import { z } from 'zod';
import { countSchema, dateSchema, defineFlagRule } from '../declare';
import { pct } from '../types';
import { isThrottledDay } from './ticket-throttling';

export const outOfQueueEvidence = z.object({
  casesOutOfQueue: countSchema,
  casesCompleted: countSchema,
  rate: z.number(),
  target: z.number(),
  onThrottledDays: countSchema,
  days: z.array(
    z.object({
      date: dateSchema,
      casesOutOfQueue: countSchema,
      casesCompleted: countSchema,
      throttled: z.boolean(),
    }),
  ),
});
export type OutOfQueueEvidence = z.infer<typeof outOfQueueEvidence>;

/**
 * 未取号办理 — cases were handled without a queue ticket above the target rate (0 by default);
 * high when they happened on days tickets were withheld.
 */
export const outOfQueueHandling = defineFlagRule({
  type: 'out_of_queue_handling',
  sources: ['window_daily'],
  evidence: outOfQueueEvidence,
  fields: {
    casesOutOfQueue: 'count',
    casesCompleted: 'count',
    rate: 'fraction',
    target: 'fraction',
    onThrottledDays: 'count',
    days: {
      table: {
        date: 'date',
        casesOutOfQueue: 'count',
        casesCompleted: 'count',
        throttled: 'yesNo',
      },
      alertWhen: 'throttled',
    },
  },
  evaluate(u, config) {
    const target = u.target('out_of_queue_rate') ?? 0;
    const { casesOutOfQueue, casesCompleted } = u.components;
    if (casesOutOfQueue === 0 || casesCompleted === 0) return null;
    const rate = casesOutOfQueue / casesCompleted;
    if (rate <= target + 1e-9) return null;
    const days = u.days.filter((d) => d.casesOutOfQueue > 0);
    const onThrottledCases = days
      .filter((d) => isThrottledDay(d, config))
      .reduce((s, d) => s + d.casesOutOfQueue, 0);
    return {
      severity:
        onThrottledCases > 0
          ? 'high'
          : rate > target + config.outOfQueue.mediumMargin
            ? 'medium'
            : 'low',
      title: {
        key: 'flag.out_of_queue_handling.title',
        values: {
          cases: casesOutOfQueue,
          rate: pct(rate),
          onThrottled: onThrottledCases
            ? { key: 'flag.out_of_queue_handling.onThrottled', values: { cases: onThrottledCases } }
            : null,
        },
      },
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
  },
});
