import { describe, expect, it } from 'vitest';
import {
  DEFAULT_TARGETS,
  METRIC_DIRECTION,
  resolveTarget,
  statusOf,
} from '../../oversight/targets';
import {
  METRICS,
  type Direction,
  type MetricName,
  type ResolvedTarget,
  type Status,
  type TargetRow,
} from '../../oversight/types';

const DAOLI = '230102';
const NANGANG = '230103';

const row = (
  target: number,
  districtCode: string,
  department: string,
  effectiveFrom: string,
  metric: MetricName = 'online_rate',
): TargetRow => ({ metric, target, districtCode, department, effectiveFrom });

/** A targets table as a city would load it: blank district or department means "all". */
const TARGETS: TargetRow[] = [
  row(0.9, '', '', '1900-01-01'),
  row(0.967, '', '', '2020-07-01'),
  row(0.95, '', '医保', '2020-01-01'),
  row(0.8, DAOLI, '', '2020-01-01'),
  row(0.85, DAOLI, '医保', '2020-06-01'),
  row(15, DAOLI, '', '2020-01-01', 'avg_wait_minutes'),
];

describe('default targets and directions', () => {
  it.each<{ metric: MetricName; target: number | null; direction: Direction }>([
    { metric: 'online_rate', target: 0.967, direction: 'higher_is_better' },
    { metric: 'ticket_utilization', target: 0.9, direction: 'higher_is_better' },
    { metric: 'demand_coverage', target: 0.95, direction: 'higher_is_better' },
    { metric: 'completion_rate', target: 0.95, direction: 'higher_is_better' },
    { metric: 'out_of_queue_rate', target: 0, direction: 'lower_is_better' },
    { metric: 'avg_wait_minutes', target: null, direction: 'lower_is_better' },
    { metric: 'satisfaction_rate', target: 0.95, direction: 'higher_is_better' },
    { metric: 'complaint_resolution_rate', target: 0.9, direction: 'higher_is_better' },
    { metric: 'supervision_coverage', target: 1, direction: 'higher_is_better' },
  ])('$metric: default $target, $direction', ({ metric, target, direction }) => {
    expect(DEFAULT_TARGETS[metric]).toBe(target);
    expect(METRIC_DIRECTION[metric]).toBe(direction);
  });

  it('covers every metric and nothing else', () => {
    expect(Object.keys(DEFAULT_TARGETS).sort()).toEqual([...METRICS].sort());
    expect(Object.keys(METRIC_DIRECTION).sort()).toEqual([...METRICS].sort());
  });
});

describe('resolveTarget: which target applies', () => {
  it.each<{
    case: string;
    rows?: TargetRow[];
    metric?: MetricName;
    district: string;
    department: string;
    asOf: string;
    expected: ResolvedTarget | null;
  }>([
    {
      case: 'a district and department with their own row get that row',
      district: DAOLI,
      department: '医保',
      asOf: '2020-08-23',
      expected: { value: 0.85, source: 'district_department', effectiveFrom: '2020-06-01' },
    },
    {
      case: 'before the district+department row takes effect, the district row applies',
      district: DAOLI,
      department: '医保',
      asOf: '2020-05-31',
      expected: { value: 0.8, source: 'district', effectiveFrom: '2020-01-01' },
    },
    {
      case: 'a district row beats a department row',
      district: DAOLI,
      department: '社保',
      asOf: '2020-08-23',
      expected: { value: 0.8, source: 'district', effectiveFrom: '2020-01-01' },
    },
    {
      case: 'a district row set earlier still beats a newer row for all districts',
      district: DAOLI,
      department: '',
      asOf: '2020-08-23',
      expected: { value: 0.8, source: 'district', effectiveFrom: '2020-01-01' },
    },
    {
      case: 'another district in 医保 gets the 医保 row',
      district: NANGANG,
      department: '医保',
      asOf: '2020-08-23',
      expected: { value: 0.95, source: 'department', effectiveFrom: '2020-01-01' },
    },
    {
      case: 'another district in another department gets the latest row for all',
      district: NANGANG,
      department: '社保',
      asOf: '2020-08-23',
      expected: { value: 0.967, source: 'all', effectiveFrom: '2020-07-01' },
    },
    {
      case: 'a row applies from its effective date itself',
      district: NANGANG,
      department: '社保',
      asOf: '2020-07-01',
      expected: { value: 0.967, source: 'all', effectiveFrom: '2020-07-01' },
    },
    {
      case: 'the day before a new row takes effect, the older row still applies',
      district: NANGANG,
      department: '社保',
      asOf: '2020-06-30',
      expected: { value: 0.9, source: 'all', effectiveFrom: '1900-01-01' },
    },
    {
      case: 'all departments combined ignore the 医保 row',
      district: NANGANG,
      department: '',
      asOf: '2020-08-23',
      expected: { value: 0.967, source: 'all', effectiveFrom: '2020-07-01' },
    },
    {
      case: 'the city as a whole ignores district rows',
      district: '',
      department: '医保',
      asOf: '2020-08-23',
      expected: { value: 0.95, source: 'department', effectiveFrom: '2020-01-01' },
    },
    {
      case: 'the order of rows in the table does not matter',
      rows: [...TARGETS].reverse(),
      district: NANGANG,
      department: '社保',
      asOf: '2020-08-23',
      expected: { value: 0.967, source: 'all', effectiveFrom: '2020-07-01' },
    },
    {
      case: 'a city-level unit reported under the city code gets rows for all districts',
      district: '230100',
      department: '社保',
      asOf: '2020-08-23',
      expected: { value: 0.967, source: 'all', effectiveFrom: '2020-07-01' },
    },
    {
      case: 'with no rows for a metric, the product default applies',
      metric: 'completion_rate',
      district: DAOLI,
      department: '医保',
      asOf: '2020-08-23',
      expected: { value: 0.95, source: 'default', effectiveFrom: null },
    },
    {
      case: 'before any row takes effect, the product default applies',
      rows: [row(0.99, '', '', '2020-01-01')],
      district: DAOLI,
      department: '',
      asOf: '2019-12-31',
      expected: { value: 0.967, source: 'default', effectiveFrom: null },
    },
    {
      case: 'a target of 0 from a row is a target, not a missing one',
      rows: [row(0, '', '', '2020-01-01', 'avg_wait_minutes')],
      metric: 'avg_wait_minutes',
      district: DAOLI,
      department: '',
      asOf: '2020-08-23',
      expected: { value: 0, source: 'all', effectiveFrom: '2020-01-01' },
    },
    {
      case: 'average wait has a target where a row sets one',
      metric: 'avg_wait_minutes',
      district: DAOLI,
      department: '医保',
      asOf: '2020-08-23',
      expected: { value: 15, source: 'district', effectiveFrom: '2020-01-01' },
    },
    {
      case: 'average wait has no target where no row sets one',
      metric: 'avg_wait_minutes',
      district: NANGANG,
      department: '医保',
      asOf: '2020-08-23',
      expected: null,
    },
  ])(
    '$case',
    ({ rows = TARGETS, metric = 'online_rate', district, department, asOf, expected }) => {
      expect(resolveTarget(rows, metric, district, department, asOf)).toEqual(expected);
    },
  );
});

describe('statusOf: met, near, missed, no data', () => {
  it.each<{
    case: string;
    value: number | null;
    target: number | null;
    direction?: Direction;
    tolerance?: number;
    status: Status;
  }>([
    {
      case: '54 of 75 items online (72.0%) misses 96.7%',
      value: 54 / 75,
      target: 0.967,
      status: 'missed',
    },
    { case: '967 of 1000 online meets 96.7%', value: 967 / 1000, target: 0.967, status: 'met' },
    { case: '100% online meets 96.7%', value: 1, target: 0.967, status: 'met' },
    {
      case: '725 of 750 online (96.67%) is near 96.7%, not met',
      value: 725 / 750,
      target: 0.967,
      status: 'near',
    },
    {
      case: 'a target written as 96.7% (96.7 / 100) is met by exactly 96.7%',
      value: 0.967,
      target: 96.7 / 100,
      status: 'met',
    },
    {
      case: 'a utilisation summed to 0.3 × 3 meets a 90% target',
      value: 0.3 * 3,
      target: 0.9,
      status: 'met',
    },
    { case: '92% online is within 5% of 96.7%: near', value: 0.92, target: 0.967, status: 'near' },
    {
      case: 'exactly 5% short of a 90% target (85.5%) is near',
      value: 0.855,
      target: 0.9,
      status: 'near',
    },
    { case: '85.4% against 90% is missed', value: 0.854, target: 0.9, status: 'missed' },
    { case: '60 of 120 tickets issued misses 90%', value: 60 / 120, target: 0.9, status: 'missed' },
    {
      case: '44 of 45 delegated powers followed up is near full coverage',
      value: 44 / 45,
      target: 1,
      status: 'near',
    },
    {
      case: 'none of 45 delegated powers followed up is missed',
      value: 0,
      target: 1,
      status: 'missed',
    },
    { case: 'all 45 followed up is met', value: 45 / 45, target: 1, status: 'met' },
    {
      case: 'no cases out of queue meets the target of none',
      value: 0,
      target: 0,
      direction: 'lower_is_better',
      status: 'met',
    },
    {
      case: 'one case in a thousand out of queue misses the target of none',
      value: 1 / 1000,
      target: 0,
      direction: 'lower_is_better',
      status: 'missed',
    },
    {
      case: 'a 20-minute wait meets a 20-minute target',
      value: 20,
      target: 20,
      direction: 'lower_is_better',
      status: 'met',
    },
    {
      case: 'a 12-minute wait meets a 20-minute target',
      value: 12,
      target: 20,
      direction: 'lower_is_better',
      status: 'met',
    },
    {
      case: 'a 21-minute wait is near a 20-minute target',
      value: 21,
      target: 20,
      direction: 'lower_is_better',
      status: 'near',
    },
    {
      case: 'a 21.5-minute wait misses a 20-minute target',
      value: 21.5,
      target: 20,
      direction: 'lower_is_better',
      status: 'missed',
    },
    {
      case: 'with no tolerance, 96% misses 96.7%',
      value: 0.96,
      target: 0.967,
      tolerance: 0,
      status: 'missed',
    },
    {
      case: 'with a 10% tolerance, 88% is near 96.7%',
      value: 0.88,
      target: 0.967,
      tolerance: 0.1,
      status: 'near',
    },
    { case: 'a district with no value has no data', value: null, target: 0.967, status: 'no_data' },
    {
      case: 'a wait with no target to compare with has no data',
      value: 25,
      target: null,
      direction: 'lower_is_better',
      status: 'no_data',
    },
  ])('$case', ({ value, target, direction = 'higher_is_better', tolerance, status }) => {
    expect(statusOf(value, target, direction, tolerance)).toBe(status);
  });

  it('a NaN value is a bug upstream and throws', () => {
    expect(() => statusOf(0 / 0, 0.967, 'higher_is_better')).toThrow(RangeError);
  });

  it('a negative tolerance is refused', () => {
    expect(() => statusOf(0.9, 0.967, 'higher_is_better', -0.05)).toThrow(RangeError);
  });
});
