import { describe, expect, it } from 'vitest';
import { acceptsGzip } from '../../app/http/json-response.server';
import { weekPeriod } from '../../oversight/period';
import { buildScorecard, type Scorecard } from '../../oversight/scorecard';
import {
  packScorecard,
  scorecardApiDocument,
  unpackScorecard,
} from '../../oversight/scorecard-store';
import { EMPTY_COMPONENTS } from '../../oversight/metrics';
import type { UnitAggregates } from '../../oversight/inputs';

const period = weekPeriod('2020-W34');
const previousPeriod = weekPeriod('2020-W33');

function unit(districtCode: string, periodIndex: number, over: Partial<UnitAggregates>) {
  return { ...EMPTY_COMPONENTS, periodIndex, districtCode, department: '医保', ...over };
}

/** Three districts: one throttling with a district target, one quiet, one without any data. */
const scorecard = buildScorecard({
  period,
  previousPeriod,
  department: null,
  current: [
    unit('230102', 1, {
      daysReported: 5,
      ticketsIssued: 300,
      ticketCapacity: 600,
      visitors: 1020,
      complaints: 4,
      complaintsByCategory: { queue: 3, attitude: 1 },
      itemsOnline: 54,
      itemsTotal: 75,
      onlineAsOf: period.start,
    }),
    unit('230103', 1, { daysReported: 5, ticketsIssued: 590, ticketCapacity: 600, visitors: 580 }),
  ],
  previous: [
    unit('230102', 0, { daysReported: 5, ticketsIssued: 580, ticketCapacity: 600, visitors: 590 }),
  ],
  targets: [
    {
      districtCode: '230102',
      department: '',
      metric: 'online_rate',
      target: 0.9,
      effectiveFrom: '2020-01-01',
    },
  ],
  districts: [
    {
      districtCode: '230100',
      districtName: '哈尔滨市',
      level: 'city',
      parentCode: null,
      population: 10_000_000,
    },
    {
      districtCode: '230102',
      districtName: '道里区',
      level: 'district',
      parentCode: '230100',
      population: 800_000,
    },
    {
      districtCode: '230103',
      districtName: '南岗区',
      level: 'district',
      parentCode: '230100',
      population: null,
    },
    {
      districtCode: '230104',
      districtName: '道外区',
      level: 'district',
      parentCode: '230100',
      population: 600_000,
    },
  ],
  flags: [
    { type: 'ticket_throttling', severity: 'high', districtCode: '230102', department: '医保' },
    {
      type: 'online_target_missed',
      severity: 'medium',
      districtCode: '230102',
      department: '医保',
    },
  ],
  previousFlags: [],
  tolerance: 0.05,
  cityCode: '230100',
});

describe('the stored league table', () => {
  it('unpacks to exactly the league table that was packed', () => {
    expect(scorecard.units.some((u) => u.flags.length === 2)).toBe(true);
    expect(scorecard.units.some((u) => u.rank === null)).toBe(true);
    expect(unpackScorecard(packScorecard(scorecard))).toEqual(scorecard);
  });

  it('is much smaller packed than as plain JSON', () => {
    expect(packScorecard(scorecard).length).toBeLessThan(JSON.stringify(scorecard).length * 0.6);
  });

  it('refuses a stored form it does not know rather than misreading it', () => {
    expect(() => unpackScorecard(JSON.stringify(scorecard))).toThrow(/format/);
  });

  it('names each flag type and severity, so a new flag type shifts nothing stored', () => {
    const packed = JSON.parse(packScorecard(scorecard)) as {
      format: string;
      units: unknown[][];
    };
    expect(packed.format).toBe('packed-4');
    const daoli = packed.units.find((u) => u[0] === '230102');
    expect(daoli?.[10]).toEqual(['ticket_throttling', 'high', 'online_target_missed', 'medium']);
  });

  it('refuses the positional packed-2 form (rebuilt with the rollups, never misread)', () => {
    const packed = JSON.parse(packScorecard(scorecard)) as { format: string };
    expect(() => unpackScorecard(JSON.stringify({ ...packed, format: 'packed-2' }))).toThrow(
      /unknown scorecard format packed-2/,
    );
  });
});

describe('the API document', () => {
  it('is ASCII and reads back to the league table, Chinese names included', () => {
    const document = scorecardApiDocument(scorecard);
    expect(/^[\x20-\x7e]*$/.test(document)).toBe(true);
    const parsed = JSON.parse(document) as Scorecard & { noData: boolean };
    expect(parsed.units.map((u) => u.districtName)).toContain('道里区');
    expect(parsed).toEqual({ noData: false, ...JSON.parse(JSON.stringify(scorecard)) });
  });
});

describe('Accept-Encoding', () => {
  it.each([
    ['gzip, deflate, br', true],
    ['br;q=1.0, gzip;q=0.8', true],
    ['*', true],
    ['GZIP', true],
    ['gzip;q=0', false],
    ['identity', false],
    ['br, *;q=0', false],
    ['', false],
  ])('%j accepts gzip: %s', (header, expected) => {
    expect(acceptsGzip(header)).toBe(expected);
  });
  it('no header: no gzip', () => expect(acceptsGzip(null)).toBe(false));
});
