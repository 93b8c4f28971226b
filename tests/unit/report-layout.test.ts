/**
 * The report's layout rules, on tables longer than a page: the league table breaks across
 * pages with its header row repeated, and no row is lost or printed twice. Rendered with the
 * real fonts and read back with pdfjs.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { formatters } from '../../app/i18n';
import { reportFonts } from '../../app/reports/fonts.server';
import type { UnitScore } from '../../oversight/scorecard';
import { METRICS, type MetricName, type MetricResult } from '../../oversight/types';
import { leagueTable, rankChangeText } from '../../app/reports/content';
import { renderReportPdf, type ReportFonts } from '../../app/reports/pdf';
import type { ReportDocument } from '../../app/reports/types';
import { pdfText, squeeze } from '../helpers/report-pdf';

const f = formatters('zh');

function metric(name: MetricName, value: number, target: number): MetricResult {
  return {
    metric: name,
    value,
    numerator: name === 'online_rate' ? Math.round(value * 75) : null,
    denominator: name === 'online_rate' ? 75 : null,
    target: { value: target, source: 'all', effectiveFrom: null },
    direction: 'higher_is_better',
    status: value >= target ? 'met' : 'missed',
  };
}

/** A ranked unit named 测试区NN whose metrics fall with its rank. */
function unit(i: number): UnitScore {
  const value = 1 - i / 200;
  return {
    districtCode: String(230200 + i),
    districtName: `测试区${String(i).padStart(2, '0')}`,
    level: 'district',
    department: null,
    metrics: Object.fromEntries(METRICS.map((m) => [m, metric(m, value, 0.9)])) as Record<
      MetricName,
      MetricResult
    >,
    complaints: { count: i, per10k: null, byCategory: {}, answeredUnresolvedShare: null },
    unmetDemand: 0,
    daysReported: 5,
    flags: [],
    score: value,
    rank: i,
    rankChange: (i % 5) - 2,
  };
}

function document(units: UnitScore[]): ReportDocument {
  return {
    lang: 'zh',
    title: '测试周报',
    runningHeader: '测试周报 · 2020-W34',
    footer: f.t('report.footer'),
    createdAt: new Date(Date.UTC(2020, 7, 24)),
    blocks: [{ kind: 'heading', level: 1, text: '区县排名' }, leagueTable(f, units)],
  };
}

let fonts: ReportFonts;
beforeAll(async () => {
  fonts = await reportFonts();
});

describe('a league table longer than a page', () => {
  const units = Array.from({ length: 60 }, (_, i) => unit(i + 1));

  it('repeats its header row on every page it runs onto', async () => {
    const pdf = await renderReportPdf(document(units), fonts);
    const text = await pdfText(pdf.bytes);
    expect(pdf.pages).toBeGreaterThanOrEqual(3);
    const header = ['排名', '区县', f.t('metric.online_rate'), f.t('metric.supervision_coverage')];
    text.pages.forEach((page) => {
      for (const label of header) expect(squeeze(page)).toContain(label);
    });
  });

  it('prints every row once, in rank order', async () => {
    const text = await pdfText((await renderReportPdf(document(units), fonts)).bytes);
    const positions = units.map((u) => text.all.indexOf(u.districtName));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    for (const u of units) expect(text.all.split(u.districtName)).toHaveLength(2);
  });
});

describe('rank change', () => {
  it.each([
    { change: null, text: '新' },
    { change: 0, text: '=' },
    { change: 3, text: '▲3' },
    { change: -12, text: '▼12' },
  ])('$change reads "$text"', ({ change, text }) => {
    expect(rankChangeText(f, change)).toBe(text);
  });
});
