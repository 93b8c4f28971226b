/**
 * The report's chart drawing (app/reports/chart-pdf.ts): ECharts' display list drawn straight
 * into PDFKit as zrender's SVG renderer would have written it — labels as real text where
 * ECharts placed and anchored them, dashed lines dashed, clipped series clipped, arcs the way a
 * canvas turns them — and what it cannot draw reported, not dropped. Real fonts; the PDF read
 * back with pdfjs, or its uncompressed content stream read as text.
 */
import type { EChartsOption, LinearGradientObject } from 'echarts';
import PDFDocument from 'pdfkit';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { reportFonts } from '../../app/reports/fonts.server';
import { arcSweep, drawChart, layOutChart } from '../../app/reports/chart-pdf';
import type { ReportFonts } from '../../app/reports/pdf';

const FONT_NAMES = { regular: 'r', bold: 'b' };
const BOX = { x: 40, y: 60, width: 380 };

let fonts: ReportFonts;
beforeAll(async () => {
  fonts = await reportFonts();
});

/** A bar chart of three districts against a dashed target line, with a title and a legend. */
function barChart(extra: EChartsOption = {}): EChartsOption {
  return {
    animation: false,
    textStyle: { fontFamily: 'Noto Sans SC' },
    title: { text: '网上可办率', subtext: '全市' },
    legend: { top: 40 },
    grid: { top: 80 },
    xAxis: { type: 'category', data: ['道里区', '南岗区', '香坊区'] },
    yAxis: { type: 'value', name: '可办率（%）', max: 100 },
    series: [
      {
        name: '可办率',
        type: 'bar',
        data: [72, 95, 88],
        markLine: {
          symbol: 'none',
          label: { show: false },
          lineStyle: { type: 'dashed' },
          data: [{ yAxis: 90 }],
        },
      },
      { name: '去年', type: 'line', data: [60, 80, 70], symbol: 'circle' },
    ],
    ...extra,
  };
}

/** The chart drawn alone on an A4 page; the PDF, its content stream uncompressed, and warnings. */
async function draw(option: EChartsOption) {
  const doc = new PDFDocument({ size: 'A4', compress: false });
  doc.registerFont(FONT_NAMES.regular, fonts.regular);
  doc.registerFont(FONT_NAMES.bold, fonts.bold);
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise((resolve) => doc.on('end', resolve));
  const warnings: string[] = [];
  const chart = layOutChart(option, { width: 760, height: 400 }, fonts);
  try {
    drawChart(doc, chart, BOX, { fonts, fontNames: FONT_NAMES, warn: (w) => warnings.push(w) });
  } finally {
    chart.dispose();
  }
  const position = { x: doc.x, y: doc.y };
  doc.end();
  await done;
  const bytes = Buffer.concat(chunks);
  return { bytes, content: bytes.toString('latin1'), warnings, position };
}

interface TextItem {
  str: string;
  x: number;
  width: number;
}

async function textItems(bytes: Uint8Array): Promise<TextItem[]> {
  const pdf = await getDocument({ data: new Uint8Array(bytes), verbosity: 0 }).promise;
  try {
    const content = await (await pdf.getPage(1)).getTextContent();
    return content.items.flatMap((item) =>
      'str' in item && item.str.trim() !== ''
        ? [{ str: item.str, x: item.transform[4] as number, width: item.width }]
        : [],
    );
  } finally {
    await pdf.destroy();
  }
}

describe('a chart drawn into the PDF', () => {
  it('prints every label as text in the embedded font, and warns of nothing', async () => {
    const { bytes, warnings } = await draw(barChart());
    const texts = (await textItems(bytes)).map((t) => t.str);
    for (const label of ['网上可办率', '全市', '可办率', '去年', '道里区', '南岗区', '香坊区']) {
      expect(texts).toContain(label);
    }
    expect(texts).toContain('可办率（%）');
    expect(warnings).toEqual([]);
  });

  it('anchors text as ECharts placed it: the value axis labels end where the axis starts', async () => {
    const items = await textItems((await draw(barChart())).bytes);
    const ticks = items.filter((t) => /^\d+$/.test(t.str));
    expect(ticks.map((t) => t.str)).toEqual(['0', '20', '40', '60', '80', '100']);
    const rightEdges = ticks.map((t) => t.x + t.width);
    for (const edge of rightEdges) expect(edge).toBeCloseTo(rightEdges[0]!, 1);
    // Category labels are centred under their bars: equal steps between their centres.
    const centres = ['道里区', '南岗区', '香坊区'].map((name) => {
      const item = items.find((t) => t.str === name)!;
      return item.x + item.width / 2;
    });
    expect(centres[2]! - centres[1]!).toBeCloseTo(centres[1]! - centres[0]!, 1);
  });

  it('keeps dashed lines dashed, clips the series to the grid, and draws circles as curves', async () => {
    const { content } = await draw(barChart());
    // markLine type 'dashed' at width 1: zrender's [4, 2] pattern.
    expect(content).toMatch(/\[4 2\] 0 d/);
    expect(content).toMatch(/\bW n\b/);
    expect(content).toMatch(/ c\n/);
  });

  it('leaves the document’s text position where it was', async () => {
    const { position } = await draw(barChart());
    expect(position).toEqual({ x: 72, y: 72 });
  });

  it('reports a gradient it cannot fill instead of dropping it silently', async () => {
    const gradient: LinearGradientObject = {
      type: 'linear',
      x: 0,
      y: 0,
      x2: 0,
      y2: 1,
      colorStops: [
        { offset: 0, color: '#3b6fb6' },
        { offset: 1, color: '#ffffff' },
      ],
    };
    const { warnings } = await draw(barChart({ color: [gradient, '#e08a2e'] }));
    expect(warnings.join('\n')).toMatch(/gradient/);
  });
});

describe('arcSweep — the angle a canvas arc turns through', () => {
  const { PI } = Math;

  it('turns clockwise (y down) from start to end, less than a whole turn', () => {
    expect(arcSweep(0, PI / 2, false)).toBeCloseTo(PI / 2);
    expect(arcSweep(PI / 2, 0, false)).toBeCloseTo((3 * PI) / 2);
    expect(arcSweep(0, -PI / 2, false)).toBeCloseTo((3 * PI) / 2);
  });

  it('turns anticlockwise as a negative angle', () => {
    expect(arcSweep(0, PI / 2, true)).toBeCloseTo((-3 * PI) / 2);
    expect(arcSweep(PI / 2, 0, true)).toBeCloseTo(-PI / 2);
  });

  it('is a whole circle at a whole turn or more, and within 1e-4 of one', () => {
    expect(arcSweep(0, 2 * PI, false)).toBeCloseTo(2 * PI);
    expect(arcSweep(0, 5 * PI, false)).toBeCloseTo(2 * PI);
    expect(arcSweep(0, -2 * PI, true)).toBeCloseTo(-2 * PI);
    expect(arcSweep(1, 1 + 2 * PI - 5e-5, false)).toBeCloseTo(2 * PI);
  });
});
