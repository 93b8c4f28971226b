import { z } from 'zod';
import { poissonAtLeast } from '../../stats';
import { countSchema, dateSchema, defineFlagRule } from '../declare';
import { pct } from '../types';
import { isThrottledDay } from './ticket-throttling';

export const outOfQueueEvidence = z.object({
  casesOutOfQueue: countSchema,
  casesCompleted: countSchema,
  rate: z.number(),
  target: z.number(),
  allowedRate: z.number(),
  chance: z.number(),
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
 * 未取号办理 — at least 5 cases were handled without a queue ticket on days tickets were
 * withheld (high), or clearly above what is allowed — the green channel's 3% of completed cases,
 * or the target where it is higher: a count that would come up by chance less than once in a
 * thousand periods at the allowed rate.
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
    allowedRate: 'fraction',
    chance: 'chance',
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
    const allowed = Math.max(target, config.outOfQueue.allowedRate);
    const { casesOutOfQueue, casesCompleted } = u.components;
    if (casesOutOfQueue < config.outOfQueue.minCases || casesCompleted === 0) return null;
    const rate = casesOutOfQueue / casesCompleted;
    const days = u.days.filter((d) => d.casesOutOfQueue > 0);
    const onThrottledCases = days
      .filter((d) => isThrottledDay(d, config))
      .reduce((s, d) => s + d.casesOutOfQueue, 0);
    // Served without a ticket while others were turned away is the pattern, whatever the rate;
    // otherwise only clearly above what the green channel and the target allow.
    const chance = poissonAtLeast(casesOutOfQueue, allowed * casesCompleted);
    if (
      onThrottledCases === 0 &&
      (rate <= allowed + 1e-9 || chance > config.outOfQueue.maxChance)
    ) {
      return null;
    }
    return {
      severity:
        onThrottledCases > 0
          ? 'high'
          : rate > allowed + config.outOfQueue.mediumMargin
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
        allowedRate: allowed,
        chance,
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
