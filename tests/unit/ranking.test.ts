import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PENALTIES,
  rankChange,
  rankUnits,
  scoreUnit,
  type RankInput,
} from '../../oversight/ranking';
import type { Severity, Status } from '../../oversight/types';

/** `met` of `total` metrics met, the rest missed. */
const meeting = (met: number, total: number): Status[] => [
  ...Array<Status>(met).fill('met'),
  ...Array<Status>(total - met).fill('missed'),
];

const flagged = (...severities: Severity[]) => severities.map((severity) => ({ severity }));

const unit = (
  districtCode: string,
  statuses: Status[],
  flags: { severity: Severity }[] = [],
  onlineRate: number | null = 0.9,
): RankInput => ({ districtCode, districtName: `区 ${districtCode}`, statuses, flags, onlineRate });

describe('scoreUnit: share of targets met, minus flag penalties', () => {
  it.each<{
    case: string;
    statuses: Status[];
    flags?: { severity: Severity }[];
    weights?: Record<Severity, number>;
    score: number | null;
  }>([
    { case: 'meeting all 8 targets with no flags scores 1', statuses: meeting(8, 8), score: 1 },
    { case: 'meeting 6 of 8 with no flags scores 0.75', statuses: meeting(6, 8), score: 0.75 },
    {
      case: 'meeting 7 of 8 with one high flag scores 0.875 − 0.15',
      statuses: meeting(7, 8),
      flags: flagged('high'),
      score: 0.725,
    },
    {
      case: 'a near target counts half',
      statuses: ['met', 'met', 'near', 'near', 'missed', 'missed', 'missed', 'missed'],
      score: 3 / 8,
    },
    {
      case: 'metrics without data are left out of the share',
      statuses: ['met', 'met', 'met', 'missed', 'no_data', 'no_data', 'no_data'],
      score: 0.75,
    },
    {
      case: 'one flag of each severity takes off 0.15 + 0.08 + 0.03',
      statuses: meeting(4, 4),
      flags: flagged('high', 'medium', 'low'),
      score: 0.74,
    },
    {
      case: 'missing everything with two high flags scores below zero',
      statuses: meeting(0, 8),
      flags: flagged('high', 'high'),
      score: -0.3,
    },
    {
      case: 'a commission can weigh flags differently',
      statuses: meeting(4, 4),
      flags: flagged('high', 'low'),
      weights: { high: 0.5, medium: 0.2, low: 0.1 },
      score: 0.4,
    },
    {
      case: 'a district with no data on any metric has no score',
      statuses: ['no_data', 'no_data'],
      score: null,
    },
    {
      case: 'a district with no metrics at all has no score, even with flags',
      statuses: [],
      flags: flagged('high'),
      score: null,
    },
  ])('$case', ({ statuses, flags = [], weights, score }) => {
    const actual = scoreUnit(statuses, flags, weights);
    if (score === null) expect(actual).toBeNull();
    else expect(actual).toBeCloseTo(score, 12);
  });

  it('uses the documented default penalties', () => {
    expect(DEFAULT_PENALTIES).toEqual({ high: 0.15, medium: 0.08, low: 0.03 });
  });
});

describe('rankUnits: best first, equal scores share a rank, listed by the tie-breaks', () => {
  it.each<{ case: string; units: RankInput[]; order: string[]; ranks: number[] }>([
    {
      case: 'a district meeting 7 of 8 targets with one high flag ranks below one meeting 6 of 8 with none',
      units: [unit('230102', meeting(7, 8), flagged('high')), unit('230103', meeting(6, 8))],
      order: ['230103', '230102'],
      ranks: [1, 2],
    },
    {
      case: 'a district meeting more targets ranks higher',
      units: [
        unit('230102', meeting(5, 8)),
        unit('230103', meeting(8, 8)),
        unit('230104', meeting(6, 8)),
      ],
      order: ['230103', '230104', '230102'],
      ranks: [1, 2, 3],
    },
    {
      case: 'at an equal score, five low flags are listed above one high flag, at the same rank',
      units: [
        unit('230102', meeting(8, 8), flagged('high')),
        unit('230103', meeting(8, 8), flagged('low', 'low', 'low', 'low', 'low')),
      ],
      order: ['230103', '230102'],
      ranks: [1, 1],
    },
    {
      case: 'at an equal score and no high flags, three medium flags are listed above eight low ones',
      units: [
        unit('230102', meeting(8, 8), flagged(...Array<Severity>(8).fill('low'))),
        unit('230103', meeting(8, 8), flagged('medium', 'medium', 'medium')),
      ],
      order: ['230103', '230102'],
      ranks: [1, 1],
    },
    {
      case: 'scores equal on paper tie despite rounding: 0.25 − 0.08 and 0.2 − 0.03, so they share a rank and the online rate orders them',
      units: [
        unit('230102', ['near', 'near', 'missed', 'missed', 'missed'], flagged('low'), 0.7),
        unit('230103', ['near', 'near', 'missed', 'missed', 'no_data'], flagged('medium'), 0.8),
      ],
      order: ['230103', '230102'],
      ranks: [1, 1],
    },
    {
      case: 'at an equal score and flags, the higher online rate is listed first',
      units: [unit('230102', meeting(7, 8), [], 0.72), unit('230103', meeting(7, 8), [], 0.9)],
      order: ['230103', '230102'],
      ranks: [1, 1],
    },
    {
      case: 'a district with no online rate is listed below one with any rate, all else equal',
      units: [unit('230102', meeting(7, 8), [], null), unit('230103', meeting(7, 8), [], 0.1)],
      order: ['230103', '230102'],
      ranks: [1, 1],
    },
    {
      case: 'when everything is equal, the lower district code is listed first',
      units: [
        unit('230104', meeting(7, 8)),
        unit('230102', meeting(7, 8)),
        unit('230103', meeting(7, 8)),
      ],
      order: ['230102', '230103', '230104'],
      ranks: [1, 1, 1],
    },
    {
      case: 'a district with no data ranks after every scored district, even one missing everything',
      units: [
        unit('230102', ['no_data', 'no_data']),
        unit('230103', meeting(0, 8), flagged('high', 'high', 'high')),
      ],
      order: ['230103', '230102'],
      ranks: [1, 2],
    },
    {
      case: 'districts with no data share the last rank, listed by code, whatever their flags',
      units: [
        unit('230104', [], [], 0.99),
        unit('230102', [], flagged('high', 'high'), null),
        unit('230103', meeting(1, 8)),
      ],
      order: ['230103', '230102', '230104'],
      ranks: [1, 2, 2],
    },
    {
      case: 'the city bureau’s own items are ranked like a district',
      units: [
        unit('230102', meeting(6, 8)),
        unit('230100', meeting(8, 8)),
        unit('230103', meeting(4, 8)),
      ],
      order: ['230100', '230102', '230103'],
      ranks: [1, 2, 3],
    },
  ])('$case', ({ units, order, ranks }) => {
    const ranked = rankUnits(units);
    expect(ranked.map((u) => u.districtCode)).toEqual(order);
    expect(ranked.map((u) => u.rank)).toEqual(ranks);
  });

  it('gives tied districts one rank and skips the places they fill: 1, 1, 3', () => {
    const ranked = rankUnits([
      unit('230104', meeting(6, 8)),
      unit('230102', meeting(8, 8)),
      unit('230103', meeting(8, 8)),
      unit('230105', meeting(6, 8)),
      unit('230106', meeting(2, 8)),
    ]);
    expect(ranked.map((u) => [u.districtCode, u.rank])).toEqual([
      ['230102', 1],
      ['230103', 1],
      ['230104', 3],
      ['230105', 3],
      ['230106', 5],
    ]);
  });

  it('returns each unit with its score and rank and keeps its other fields', () => {
    const ranked = rankUnits([
      { ...unit('230102', meeting(6, 8)), population: 700_000 },
      { ...unit('230103', meeting(7, 8), flagged('high')), population: 500_000 },
      { ...unit('230104', []), population: 300_000 },
    ]);
    expect(ranked).toMatchObject([
      {
        districtCode: '230102',
        districtName: '区 230102',
        score: 0.75,
        rank: 1,
        population: 700_000,
      },
      { districtCode: '230103', rank: 2, population: 500_000 },
      { districtCode: '230104', score: null, rank: 3, population: 300_000 },
    ]);
    expect(ranked[1]?.score).toBeCloseTo(0.725, 12);
  });

  it('ranks with the weights a commission chose', () => {
    const units = [
      unit('230102', meeting(8, 8), flagged('low', 'low')),
      unit('230103', meeting(7, 8)),
    ];
    expect(rankUnits(units).map((u) => u.districtCode)).toEqual(['230102', '230103']);
    expect(
      rankUnits(units, { high: 0.15, medium: 0.08, low: 0.1 }).map((u) => u.districtCode),
    ).toEqual(['230103', '230102']);
  });

  it('ranks nothing when there are no units', () => {
    expect(rankUnits([])).toEqual([]);
  });
});

describe('rankChange: movement against the previous period', () => {
  it.each<{ case: string; current: number; previous: number | undefined; change: number | null }>([
    { case: 'from 5th to 3rd is up two places', current: 3, previous: 5, change: 2 },
    { case: 'from 1st to 4th is down three places', current: 4, previous: 1, change: -3 },
    { case: 'the same rank is no change', current: 2, previous: 2, change: 0 },
    {
      case: 'a district not ranked last period has no change',
      current: 6,
      previous: undefined,
      change: null,
    },
  ])('$case', ({ current, previous, change }) => {
    const before = new Map<string, number>();
    if (previous !== undefined) before.set('230102', previous);
    expect(rankChange(new Map([['230102', current]]), before).get('230102')).toBe(change);
  });

  it('reports every current district and none that dropped out', () => {
    const changes = rankChange(
      new Map([
        ['230102', 1],
        ['230103', 2],
      ]),
      new Map([
        ['230103', 1],
        ['230104', 2],
      ]),
    );
    expect(changes).toEqual(
      new Map([
        ['230102', null],
        ['230103', -1],
      ]),
    );
  });
});
