import { describe, expect, it } from 'vitest';
import { attentionOf, type AttentionMark, type AttentionUnit } from '../../oversight/attention';
import type { FlagType, Severity } from '../../oversight/types';

const unit = (code: string, rank: number | null, ...flags: Severity[]): AttentionUnit => ({
  districtCode: code,
  districtName: `区 ${code}`,
  score: rank === null ? null : 1 - rank / 10,
  rank,
  flags: flags.map((severity) => ({ severity })),
});

const mark = (code: string, type: FlagType, severity: Severity = 'medium'): AttentionMark => ({
  type,
  severity,
  districtCode: code,
  department: '医保',
});

describe('attentionOf: the bottom of the ranking', () => {
  it('names the units in the last places, worst first, with their high flags', () => {
    const units = [1, 2, 3, 4, 5, 6].map((r) =>
      unit(`23010${r}`, r, ...(r === 6 ? (['high', 'high', 'low'] as const) : [])),
    );
    const a = attentionOf({ units, rankedCount: 6, weeks: [] });
    expect(a.bottom.map((u) => [u.districtCode, u.rank, u.high])).toEqual([
      ['230106', 6, 2],
      ['230105', 5, 0],
      ['230104', 4, 0],
    ]);
  });

  it('never names a unit tied with the best: a city where everyone ties has no bottom', () => {
    const units = ['230102', '230103', '230104'].map((c) => unit(c, 1));
    expect(attentionOf({ units, rankedCount: 3, weeks: [] }).bottom).toEqual([]);
  });

  it('takes a shared rank by where it starts: 1, 1, 3, 3 with two places is the two at 3', () => {
    const units = [unit('230102', 1), unit('230103', 1), unit('230104', 3), unit('230105', 3)];
    const a = attentionOf(
      { units, rankedCount: 4, weeks: [] },
      { bottomPlaces: 2, persistingWeeks: 3 },
    );
    expect(a.bottom.map((u) => u.districtCode)).toEqual(['230104', '230105']);
  });

  it('leaves out units without data (no rank)', () => {
    const units = [unit('230102', 1), unit('230103', 2), unit('230104', null)];
    expect(
      attentionOf({ units, rankedCount: 2, weeks: [] }).bottom.map((u) => u.districtCode),
    ).toEqual(['230103']);
  });
});

describe('attentionOf: flags new, persisting and resolved', () => {
  const units = [unit('230102', 1), unit('230103', 2), unit('230104', 3)];

  it('calls a flag new when it was not open last week, and counts the weeks in a row', () => {
    const weeks = [
      [mark('230102', 'ticket_throttling')],
      [mark('230102', 'ticket_throttling'), mark('230103', 'complaint_surge')],
      [mark('230102', 'ticket_throttling'), mark('230104', 'complaint_surge', 'high')],
    ];
    const a = attentionOf({ units, rankedCount: 3, weeks });
    expect(a.newFlags.map((f) => [f.districtCode, f.type, f.weeksOpen])).toEqual([
      ['230104', 'complaint_surge', 1],
    ]);
    expect(a.persisting.map((f) => [f.districtCode, f.weeksOpen])).toEqual([['230102', 3]]);
  });

  it('does not count a week the flag was away: a flag back after a gap is new again', () => {
    const weeks = [
      [mark('230102', 'ticket_throttling')],
      [],
      [mark('230102', 'ticket_throttling')],
    ];
    const a = attentionOf({ units, rankedCount: 3, weeks });
    expect(a.newFlags).toHaveLength(1);
    expect(a.persisting).toEqual([]);
  });

  it('calls a flag resolved only where the district reported and is not missing reports', () => {
    const before = [
      mark('230102', 'ticket_throttling'),
      mark('230103', 'complaint_surge'),
      mark('230104', 'online_target_missed'),
    ];
    const now = [mark('230103', 'missing_reports')];
    const withGap = [unit('230102', 1), unit('230103', 2), unit('230104', null)];
    const a = attentionOf({ units: withGap, rankedCount: 2, weeks: [before, now] });
    // 230103 stopped reporting and 230104 sent nothing: their flags are unseen, not resolved.
    expect(a.resolved.map((f) => [f.districtCode, f.type, f.weeksOpen])).toEqual([
      ['230102', 'ticket_throttling', 1],
    ]);
  });

  it('lists the most severe first', () => {
    const weeks = [
      [],
      [mark('230102', 'complaint_surge', 'low'), mark('230103', 'ticket_throttling', 'high')],
    ];
    const a = attentionOf({ units, rankedCount: 3, weeks });
    expect(a.newFlags.map((f) => f.severity)).toEqual(['high', 'low']);
  });
});
