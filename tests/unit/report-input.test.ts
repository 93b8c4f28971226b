/**
 * What the report accepts from a URL or the command line, and the pieces it is made of that
 * need no database: the WOFF unwrapping, the file names, the summary's movers.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as fontkit from 'fontkit';
import { describe, expect, it } from 'vitest';
import { parseReportOptions, parseReportWeek } from '../../app/reports/options.server';
import { reportAsciiFileName, reportFileName } from '../../app/reports/report.server';
import type { UnitScore } from '../../oversight/scorecard';
import { reportHref } from '../../app/reports/href';
import { biggestMovers } from '../../app/reports/summary';
import { woffToSfnt } from '../../app/reports/woff';

const HAN = /\p{Script=Han}/u;

describe('parseReportWeek', () => {
  it('takes an ISO week, normalised', () => {
    const parsed = parseReportWeek('2020-w34');
    expect(parsed.ok && parsed.value).toMatchObject({
      label: '2020-W34',
      start: '2020-08-17',
      end: '2020-08-23',
    });
  });

  it.each(['2020-W99', '2020-08', 'last week', ''])('refuses "%s" in both languages', (text) => {
    const parsed = parseReportWeek(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.reason.zh).toMatch(HAN);
      expect(parsed.reason.en).toMatch(/[a-z]{3,}/i);
    }
  });
});

describe('parseReportOptions', () => {
  it('reads lang, district, department and laggards', () => {
    const parsed = parseReportOptions(
      new URLSearchParams('lang=en&district=230102&department=医保&laggards=5'),
    );
    expect(parsed).toEqual({
      ok: true,
      value: { lang: 'en', districtCode: '230102', department: '医保', laggards: 5 },
    });
  });

  it.each([
    { query: 'lang=fr', field: 'lang' },
    { query: 'district=23010', field: 'district' },
    { query: 'laggards=99', field: 'laggards' },
    { query: 'laggards=two', field: 'laggards' },
  ])('refuses $query, naming $field', ({ query, field }) => {
    const parsed = parseReportOptions(new URLSearchParams(query));
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason.en).toContain(field);
  });
});

describe('file names and links', () => {
  it('names the file in the reader’s language, with an ASCII fallback', () => {
    expect(reportFileName('zh', '2020-W34', null)).toBe('放管服督查周报_2020-W34.pdf');
    expect(reportFileName('zh', '2020-W34', '230102', '医保')).toBe(
      '放管服督查周报_2020-W34_230102_医保.pdf',
    );
    expect(reportAsciiFileName('2020-W34', '230102')).toBe('oversight-report_2020-W34_230102.pdf');
  });

  it('links the form’s choices to /reports/WEEK.pdf, dropping what is blank', () => {
    expect(
      reportHref('2020-W34', new URLSearchParams('generate=1&week=2020-W34&lang=en&district=')),
    ).toBe('/reports/2020-W34.pdf?lang=en');
  });
});

describe('woffToSfnt', () => {
  it('unwraps the shipped Noto Sans SC into a font fontkit reads, with every CJK glyph', async () => {
    const require = createRequire(import.meta.url);
    const woff = readFileSync(
      require.resolve('@openfonts/noto-sans-sc_all/files/noto-sans-sc-all-400.woff'),
    );
    const font = fontkit.create(await woffToSfnt(woff));
    expect('glyphForCodePoint' in font).toBe(true);
    if (!('glyphForCodePoint' in font)) return;
    expect(font.familyName).toBe('Noto Sans SC');
    for (const char of '哈尔滨市放管服改革督查周报内部资料注意保存▲▼（）：；、') {
      expect(font.hasGlyphForCodePoint(char.codePointAt(0)!), char).toBe(true);
    }
  });

  it('refuses a file that is not WOFF', async () => {
    await expect(woffToSfnt(new Uint8Array(64))).rejects.toThrow(/WOFF/);
  });
});

describe('biggestMovers', () => {
  const unit = (districtName: string, rankChange: number | null) =>
    ({ districtName, rankChange }) as UnitScore;

  it('names the largest rise and fall, ties together', () => {
    const movers = biggestMovers([
      unit('甲', 3),
      unit('乙', 11),
      unit('丙', -12),
      unit('丁', 11),
      unit('戊', null),
    ]);
    expect(movers.up?.n).toBe(11);
    expect(movers.up?.units.map((u) => u.districtName)).toEqual(['乙', '丁']);
    expect(movers.down?.n).toBe(12);
  });

  it('is empty when nobody moved', () => {
    expect(biggestMovers([unit('甲', 0), unit('乙', null)])).toMatchObject({
      up: null,
      down: null,
      anyRanked: true,
    });
  });
});
