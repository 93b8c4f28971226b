import { describe, expect, it } from 'vitest';
import {
  answeredUnresolvedShare,
  complaintsPer10k,
  computeMetric,
  EMPTY_COMPONENTS,
  METRIC_DEFINITIONS,
  sumComponents,
  type Components,
} from '../../oversight/metrics';
import { METRICS, type MetricName, type ResolvedTarget, type Status } from '../../oversight/types';

/** A unit's components: nothing reported except what the case names. */
const components = (c: Partial<Components> = {}): Components => ({
  ...EMPTY_COMPONENTS,
  complaintsByCategory: {},
  ...c,
});

const target = (value: number): ResolvedTarget => ({
  value,
  source: 'all',
  effectiveFrom: null,
});

describe('metric definitions: what each metric divides', () => {
  it('defines every metric and nothing else', () => {
    expect(Object.keys(METRIC_DEFINITIONS).sort()).toEqual([...METRICS].sort());
  });

  it.each<{
    case: string;
    metric: MetricName;
    c: Partial<Components>;
    value: number | null;
    numerator?: number;
    denominator?: number;
  }>([
    {
      case: '54 of 75 items online is 72.0%',
      metric: 'online_rate',
      c: { itemsTotal: 75, itemsExempt: 0, itemsOnline: 54 },
      value: 0.72,
      numerator: 54,
      denominator: 75,
    },
    {
      case: 'exempt items reduce the denominator: 50 of 60 with 2 exempt is 50 / 58',
      metric: 'online_rate',
      c: { itemsTotal: 60, itemsExempt: 2, itemsOnline: 50 },
      value: 50 / 58,
      numerator: 50,
      denominator: 58,
    },
    {
      case: 'a unit without an online snapshot has no online rate',
      metric: 'online_rate',
      c: { itemsTotal: null, itemsExempt: null, itemsOnline: null },
      value: null,
    },
    {
      case: 'a unit whose every item is exempt has no online rate (not 0 / 0)',
      metric: 'online_rate',
      c: { itemsTotal: 10, itemsExempt: 10, itemsOnline: 0 },
      value: null,
    },
    {
      case: '60 of 120 tickets issued is 50% utilisation',
      metric: 'ticket_utilization',
      c: { ticketsIssued: 60, ticketCapacity: 120 },
      value: 0.5,
      numerator: 60,
      denominator: 120,
    },
    {
      case: 'a centre that reported no capacity has no utilisation',
      metric: 'ticket_utilization',
      c: { ticketsIssued: 0, ticketCapacity: 0 },
      value: null,
    },
    {
      case: '180 of 200 visitors served is 90% demand coverage',
      metric: 'demand_coverage',
      c: { demandServed: 180, visitors: 200, ticketsIssued: 250 },
      value: 0.9,
      numerator: 180,
      denominator: 200,
    },
    {
      case: 'nobody came: no demand coverage',
      metric: 'demand_coverage',
      c: { demandServed: 0, visitors: 0 },
      value: null,
    },
    {
      case: '95 of 100 accepted cases completed is 95%',
      metric: 'completion_rate',
      c: { casesAccepted: 100, casesCompleted: 95 },
      value: 0.95,
      numerator: 95,
      denominator: 100,
    },
    {
      case: '8 of 65 completed cases out of queue is 12.3%',
      metric: 'out_of_queue_rate',
      c: { casesOutOfQueue: 8, casesCompleted: 65 },
      value: 8 / 65,
      numerator: 8,
      denominator: 65,
    },
    {
      case: 'no case out of queue is 0%, a value, not no data',
      metric: 'out_of_queue_rate',
      c: { casesOutOfQueue: 0, casesCompleted: 65 },
      value: 0,
    },
    {
      case: 'avg wait is weighted by visitors: 100 min for 200 and 10 min for 100 is 70 min',
      metric: 'avg_wait_minutes',
      c: { waitMinutesWeighted: 100 * 200 + 10 * 100, waitVisitors: 300 },
      value: 70,
      numerator: 21_000,
      denominator: 300,
    },
    {
      case: 'no wait reported: no avg wait',
      metric: 'avg_wait_minutes',
      c: { waitMinutesWeighted: 0, waitVisitors: 0, visitors: 300 },
      value: null,
    },
    {
      case: '90 good and 10 bad ratings is 90% satisfaction',
      metric: 'satisfaction_rate',
      c: { ratingsGood: 90, ratingsBad: 10 },
      value: 0.9,
      numerator: 90,
      denominator: 100,
    },
    {
      case: 'no ratings: no satisfaction rate',
      metric: 'satisfaction_rate',
      c: { ratingsGood: 0, ratingsBad: 0 },
      value: null,
    },
    {
      case: '8 resolved of 10 closed complaints is 80% resolution (open ones left out)',
      metric: 'complaint_resolution_rate',
      c: { complaints: 12, complaintsClosed: 10, complaintsResolved: 8, complaintsResponded: 2 },
      value: 0.8,
      numerator: 8,
      denominator: 10,
    },
    {
      case: 'a district with no complaints has no resolution rate, not a perfect one',
      metric: 'complaint_resolution_rate',
      c: { complaints: 0, complaintsClosed: 0, complaintsResolved: 0 },
      value: null,
    },
    {
      case: 'complaints all still open: no resolution rate yet',
      metric: 'complaint_resolution_rate',
      c: { complaints: 3, complaintsClosed: 0, complaintsResolved: 0 },
      value: null,
    },
    {
      case: '44 of 45 due powers followed up in time is 97.8% supervision coverage',
      metric: 'supervision_coverage',
      c: { powersDue: 45, powersTimely: 44 },
      value: 44 / 45,
      numerator: 44,
      denominator: 45,
    },
    {
      case: 'no power due yet: no supervision coverage',
      metric: 'supervision_coverage',
      c: { powersDue: 0, powersTimely: 0 },
      value: null,
    },
  ])('$case', ({ metric, c, value, numerator, denominator }) => {
    const result = computeMetric(metric, components(c), target(0.9), 0.05);
    expect(result.metric).toBe(metric);
    if (value === null) {
      expect(result).toMatchObject({ value: null, numerator: null, denominator: null });
      expect(result.status).toBe('no_data');
    } else {
      expect(result.value).toBeCloseTo(value, 12);
      if (numerator !== undefined) expect(result.numerator).toBe(numerator);
      if (denominator !== undefined) expect(result.denominator).toBe(denominator);
    }
  });
});

describe('computeMetric: the value against its target', () => {
  it.each<{
    case: string;
    metric: MetricName;
    c: Partial<Components>;
    target: ResolvedTarget | null;
    status: Status;
  }>([
    {
      case: '54 / 75 (72.0%) against 96.7% is missed',
      metric: 'online_rate',
      c: { itemsTotal: 75, itemsExempt: 0, itemsOnline: 54 },
      target: target(0.967),
      status: 'missed',
    },
    {
      case: '70 / 75 (93.3%) against 96.7% is near (within 5% of the target)',
      metric: 'online_rate',
      c: { itemsTotal: 75, itemsExempt: 0, itemsOnline: 70 },
      target: target(0.967),
      status: 'near',
    },
    {
      case: '73 / 75 (97.3%) against 96.7% is met',
      metric: 'online_rate',
      c: { itemsTotal: 75, itemsExempt: 0, itemsOnline: 73 },
      target: target(0.967),
      status: 'met',
    },
    {
      case: 'no case out of queue meets the target of 0',
      metric: 'out_of_queue_rate',
      c: { casesOutOfQueue: 0, casesCompleted: 100 },
      target: target(0),
      status: 'met',
    },
    {
      case: 'one case out of queue misses the target of 0',
      metric: 'out_of_queue_rate',
      c: { casesOutOfQueue: 1, casesCompleted: 100 },
      target: target(0),
      status: 'missed',
    },
    {
      case: 'a 70-minute wait against a 20-minute target is missed (lower is better)',
      metric: 'avg_wait_minutes',
      c: { waitMinutesWeighted: 7000, waitVisitors: 100 },
      target: target(20),
      status: 'missed',
    },
    {
      case: 'a wait without any target has no status',
      metric: 'avg_wait_minutes',
      c: { waitMinutesWeighted: 7000, waitVisitors: 100 },
      target: null,
      status: 'no_data',
    },
  ])('$case', ({ metric, c, target: t, status }) => {
    const result = computeMetric(metric, components(c), t, 0.05);
    expect(result.status).toBe(status);
    expect(result.target).toEqual(t);
  });
});

describe('sumComponents: adding units together', () => {
  const daoli = components({
    daysReported: 5,
    ticketsIssued: 300,
    ticketCapacity: 600,
    visitors: 1000,
    demandServed: 300,
    unmetDemand: 700,
    casesAccepted: 340,
    casesCompleted: 330,
    casesOutOfQueue: 44,
    waitMinutesWeighted: 90_000,
    waitVisitors: 1000,
    ratingsGood: 100,
    ratingsBad: 30,
    onlineAsOf: '2020-08-17',
    itemsTotal: 75,
    itemsExempt: 0,
    itemsOnline: 54,
    complaints: 26,
    complaintsClosed: 26,
    complaintsResolved: 0,
    complaintsResponded: 26,
    complaintsByCategory: { appointment: 10, queue: 16 },
    powersDue: 45,
    powersTimely: 0,
  });
  const nangang = components({
    daysReported: 4,
    ticketsIssued: 950,
    ticketCapacity: 1000,
    visitors: 900,
    demandServed: 900,
    unmetDemand: 0,
    casesAccepted: 890,
    casesCompleted: 880,
    casesOutOfQueue: 0,
    waitMinutesWeighted: 12_000,
    waitVisitors: 800,
    ratingsGood: 400,
    ratingsBad: 4,
    onlineAsOf: '2020-08-10',
    itemsTotal: 60,
    itemsExempt: 2,
    itemsOnline: 58,
    complaints: 3,
    complaintsClosed: 2,
    complaintsResolved: 2,
    complaintsResponded: 0,
    complaintsByCategory: { queue: 1, attitude: 2 },
    powersDue: 45,
    powersTimely: 45,
  });
  const city = sumComponents([daoli, nangang]);

  const ADDITIVE = (Object.keys(EMPTY_COMPONENTS) as (keyof Components)[]).filter(
    (k) => typeof EMPTY_COMPONENTS[k] === 'number' && k !== 'daysReported',
  );

  it.each(ADDITIVE)('the city total of %s is the exact sum of the districts', (key) => {
    expect(city[key]).toBe((daoli[key] as number) + (nangang[key] as number));
  });

  it.each<{ case: string; key: 'itemsTotal' | 'itemsExempt' | 'itemsOnline'; total: number }>([
    { case: 'items in total', key: 'itemsTotal', total: 135 },
    { case: 'exempt items', key: 'itemsExempt', total: 2 },
    { case: 'items online', key: 'itemsOnline', total: 112 },
  ])('adds the $case of every snapshot', ({ key, total }) => {
    expect(city[key]).toBe(total);
  });

  it("gives the city's rates from summed components, not the mean of the districts' rates", () => {
    const utilisation = computeMetric('ticket_utilization', city, target(0.9), 0.05);
    expect(utilisation).toMatchObject({ numerator: 1250, denominator: 1600 });
    expect(utilisation.value).toBeCloseTo(1250 / 1600, 12);
    expect(utilisation.value).not.toBeCloseTo((0.5 + 0.95) / 2, 3);
    const online = computeMetric('online_rate', city, target(0.967), 0.05);
    expect(online).toMatchObject({ numerator: 112, denominator: 133 });
  });

  it('merges complaints by category', () => {
    expect(city.complaintsByCategory).toEqual({ appointment: 10, queue: 17, attitude: 2 });
  });

  it('keeps the latest snapshot date and the most days any unit reported', () => {
    expect(city.onlineAsOf).toBe('2020-08-17');
    expect(city.daysReported).toBe(5);
  });

  it('leaves a unit without a snapshot out of the online sums', () => {
    const noSnapshot = components({ ticketsIssued: 10, ticketCapacity: 20 });
    const total = sumComponents([noSnapshot, daoli]);
    expect(total).toMatchObject({ itemsTotal: 75, itemsExempt: 0, itemsOnline: 54 });
    expect(total.onlineAsOf).toBe('2020-08-17');
  });

  it('adds nothing to nothing: no units is no data, with no snapshot', () => {
    const none = sumComponents([]);
    expect(none).toEqual(components());
    for (const metric of METRICS) {
      expect(computeMetric(metric, none, target(0.9), 0.05).status, metric).toBe('no_data');
    }
  });

  it('does not change the units it adds', () => {
    const before = structuredClone(daoli);
    sumComponents([daoli, nangang]);
    expect(daoli).toEqual(before);
    expect(EMPTY_COMPONENTS.complaintsByCategory).toEqual({});
  });
});

describe('complaint figures beside the metrics', () => {
  it.each<{ case: string; complaints: number; population: number | null; per10k: number | null }>([
    {
      case: '90 complaints in 903,268 residents',
      complaints: 90,
      population: 903_268,
      per10k: (90 / 903_268) * 10_000,
    },
    { case: 'no population known', complaints: 90, population: null, per10k: null },
    { case: 'a population of 0', complaints: 90, population: 0, per10k: null },
  ])('per 10,000 residents: $case', ({ complaints, population, per10k }) => {
    const value = complaintsPer10k(complaints, population);
    if (per10k === null) expect(value).toBeNull();
    else expect(value).toBeCloseTo(per10k, 12);
  });

  it.each<{ case: string; closed: number; responded: number; share: number | null }>([
    { case: '82 of 82 closed were answered but not resolved', closed: 82, responded: 82, share: 1 },
    { case: '3 of 6 closed', closed: 6, responded: 3, share: 0.5 },
    { case: 'nothing closed', closed: 0, responded: 0, share: null },
  ])('answered-but-unresolved share: $case', ({ closed, responded, share }) => {
    expect(
      answeredUnresolvedShare(
        components({ complaintsClosed: closed, complaintsResponded: responded }),
      ),
    ).toBe(share);
  });
});
