/**
 * Lays a ReportDocument out on A4 portrait pages with PDFKit: text in the embedded Noto Sans SC
 * (subset by PDFKit to the glyphs used, so a report stays around 100–200 KB), tables that break
 * across pages with their header row repeated, and the dashboard's charts as vector graphics —
 * ECharts renders them to SVG on the server, svg-to-pdfkit draws the SVG as PDF paths and text.
 *
 * No browser, no I/O: fonts come in parsed, bytes go out. The output is deterministic — the
 * creation date comes from the data and PDFKit derives the file ID from it — so the same data
 * gives the same bytes.
 */
import * as echarts from 'echarts/core';
import type { EChartsOption } from 'echarts';
import { SVGRenderer } from 'echarts/renderers';
import type { Font } from 'fontkit';
import PDFDocument from 'pdfkit';
import SVGtoPDF from 'svg-to-pdfkit';
import { CHART_MODULES } from '../charts/modules';
import { fillMessage } from '../i18n';
import type { ReportBlock, ReportChart, ReportDocument, TableCell, TableColumn } from './types';

echarts.use([...CHART_MODULES, SVGRenderer]);

export interface ReportFonts {
  regular: Font;
  bold: Font;
}

export interface RenderedReport {
  bytes: Uint8Array<ArrayBuffer>;
  pages: number;
  /** What svg-to-pdfkit could not draw; empty for every chart the builders make today. */
  warnings: string[];
}

/** A4 portrait in points. */
const PAGE = { width: 595.28, height: 841.89 };
/** Room above for the running header and below for the page numbers. */
const MARGIN = { top: 64, bottom: 60, left: 52, right: 52 };
const TEXT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right;
const BOTTOM = PAGE.height - MARGIN.bottom;

const INK = '#1f2937';
const MUTED = '#4b5563';
const RULE = '#b8bec8';
const HEADER_FILL = '#e7ebf1';
/** The red of official briefings' mastheads (红头). */
const MASTHEAD_RED = '#b3121f';

const FONT = { regular: 'report-regular', bold: 'report-bold' } as const;

/**
 * ECharts measures text to place labels and drop overlapping ones. Without a canvas it guesses
 * widths from a Latin table; measuring with the embedded font makes the layout ECharts computes
 * the layout the PDF draws.
 */
let measuredWith: ReportFonts | null = null;
function measureTextWith(fonts: ReportFonts) {
  if (measuredWith === fonts) return;
  measuredWith = fonts;
  const advances = new Map<string, number>();
  const advance = (font: Font, bold: boolean, char: string) => {
    const key = `${bold ? 'b' : 'r'}${char}`;
    let width = advances.get(key);
    if (width === undefined) {
      width = font.glyphForCodePoint(char.codePointAt(0) ?? 32).advanceWidth / font.unitsPerEm;
      advances.set(key, width);
    }
    return width;
  };
  echarts.setPlatformAPI({
    measureText(text: string, font?: string) {
      const size = Number(/(\d+(?:\.\d+)?)px/.exec(font ?? '')?.[1] ?? 12);
      const bold = /\bbold(er)?\b|\b[6-9]00\b/.test(font ?? '');
      const face = bold ? fonts.bold : fonts.regular;
      let em = 0;
      for (const char of text ?? '') em += advance(face, bold, char);
      return { width: em * size };
    },
  });
}

/** The chart as SVG, sized to `width` × `height` points but laid out at its own pixel size. */
function chartSvg(option: EChartsOption, layout: { width: number; height: number }, width: number) {
  const chart = echarts.init(null, null, {
    renderer: 'svg',
    ssr: true,
    width: layout.width,
    height: layout.height,
  });
  try {
    chart.setOption(option);
    const svg = chart.renderToSVGString();
    const height = (layout.height * width) / layout.width;
    // The root's width and height become the size on the page; the viewBox keeps ECharts'
    // coordinates, so the chart scales as a whole (text included).
    return {
      height,
      svg: svg.replace(
        /^<svg width="[\d.]+" height="[\d.]+"/,
        `<svg width="${width}" height="${height}"`,
      ),
    };
  } finally {
    chart.dispose();
  }
}

class Layout {
  readonly warnings: string[] = [];

  constructor(private readonly doc: PDFKit.PDFDocument) {}

  /** Starts a new page unless `space` points are left on this one. */
  private ensure(space: number) {
    if (this.doc.y + space > BOTTOM) this.newPage();
  }

  private newPage() {
    this.doc.addPage();
    this.doc.x = MARGIN.left;
    this.doc.y = MARGIN.top;
  }

  private text(
    text: string,
    options: { font: keyof typeof FONT; size: number; color: string; gap?: number },
    x = MARGIN.left,
    width = TEXT_WIDTH,
    align: 'left' | 'center' | 'right' = 'left',
  ) {
    this.doc
      .font(FONT[options.font])
      .fontSize(options.size)
      .fillColor(options.color)
      .text(text, x, this.doc.y, { width, align, lineGap: options.gap ?? 2.5 });
  }

  block(b: ReportBlock) {
    switch (b.kind) {
      case 'cover':
        return this.cover(b);
      case 'heading':
        return this.heading(b);
      case 'paragraph':
        return this.paragraph(b);
      case 'table':
        return this.table(b);
      case 'chart':
        return this.charts([b]);
      case 'chartRow':
        return this.charts(b.charts);
    }
  }

  private cover(b: Extract<ReportBlock, { kind: 'cover' }>) {
    const doc = this.doc;
    // The security marking in the top right corner, boxed, as on paper briefings.
    doc.font(FONT.bold).fontSize(10);
    const markWidth = doc.widthOfString(b.marking) + 14;
    const markX = PAGE.width - MARGIN.right - markWidth;
    doc
      .lineWidth(0.8)
      .rect(markX, 40, markWidth, 19)
      .stroke(MASTHEAD_RED)
      .fillColor(MASTHEAD_RED)
      .text(b.marking, markX, 44.5, { width: markWidth, align: 'center', lineBreak: false });
    doc.y = 92;
    this.text(
      b.title,
      { font: 'bold', size: 20, color: MASTHEAD_RED, gap: 4 },
      MARGIN.left,
      TEXT_WIDTH,
      'center',
    );
    doc.y += 8;
    doc
      .moveTo(MARGIN.left, doc.y)
      .lineTo(PAGE.width - MARGIN.right, doc.y)
      .lineWidth(1.6)
      .stroke(MASTHEAD_RED);
    doc.y += 10;
    for (const line of b.lines) {
      this.text(
        line,
        { font: 'regular', size: 9.5, color: MUTED },
        MARGIN.left,
        TEXT_WIDTH,
        'center',
      );
    }
    doc.y += 14;
  }

  private heading(b: Extract<ReportBlock, { kind: 'heading' }>) {
    const size = b.level === 1 ? 14 : b.level === 2 ? 12 : 10;
    if (b.newPage && this.doc.y > MARGIN.top) this.newPage();
    // Keep a heading with the start of what it heads.
    this.ensure(size * 2 + (b.level === 1 ? 90 : 60));
    this.doc.y += b.level === 1 ? 8 : b.level === 2 ? 5 : 3;
    this.text(b.text, { font: 'bold', size, color: b.level === 1 ? MASTHEAD_RED : INK });
    this.doc.y += b.level === 1 ? 5 : 2;
  }

  private paragraph(b: Extract<ReportBlock, { kind: 'paragraph' }>) {
    const style =
      b.style === 'note'
        ? { font: 'regular' as const, size: 8, color: MUTED }
        : {
            font: b.style === 'strong' ? ('bold' as const) : ('regular' as const),
            size: 10,
            color: INK,
          };
    this.ensure(style.size * 2);
    this.text(b.text, style);
    this.doc.y += b.style === 'note' ? 3 : 4;
  }

  private table(b: Extract<ReportBlock, { kind: 'table' }>) {
    const doc = this.doc;
    const total = b.columns.reduce((s, c) => s + c.width, 0);
    const widths = b.columns.map((c) => (c.width / total) * TEXT_WIDTH);
    const pad = { x: 2.5, y: 2.5 };
    const gap = 0.6;
    const size = b.fontSize;
    const heightOf = (text: string, width: number, bold: boolean) =>
      doc
        .font(bold ? FONT.bold : FONT.regular)
        .fontSize(size)
        .heightOfString(text === '' ? ' ' : text, { width: width - 2 * pad.x, lineGap: gap });
    const rowHeight = (cells: readonly { text: string; bold?: boolean }[], bold = false) =>
      Math.max(...cells.map((c, i) => heightOf(c.text, widths[i] ?? 0, bold || !!c.bold))) +
      2 * pad.y;

    const drawRow = (cells: readonly TableCell[], y: number, height: number, header: boolean) => {
      let x = MARGIN.left;
      cells.forEach((cell, i) => {
        const width = widths[i] ?? 0;
        const column: TableColumn | undefined = b.columns[i];
        const fill = header ? HEADER_FILL : cell.fill;
        if (fill) doc.rect(x, y, width, height).fill(fill);
        doc.lineWidth(0.4).rect(x, y, width, height).stroke(RULE);
        doc
          .font(header || cell.bold ? FONT.bold : FONT.regular)
          .fontSize(size)
          .fillColor(cell.color ?? INK)
          .text(cell.text, x + pad.x, y + pad.y, {
            width: width - 2 * pad.x,
            align: header ? 'center' : (column?.align ?? 'left'),
            lineGap: gap,
          });
        x += width;
      });
    };

    const headerCells = b.columns.map((c) => ({ text: c.header }));
    const headerHeight = rowHeight(headerCells, true);
    const firstRow = b.rows[0];
    const captionHeight = b.caption ? size * 1.6 + 2 : 0;
    this.ensure(captionHeight + headerHeight + (firstRow ? rowHeight(firstRow) : 0));
    if (b.caption) {
      this.text(b.caption, { font: 'bold', size, color: INK });
      doc.y += 1;
    }
    let y = doc.y;
    drawRow(headerCells, y, headerHeight, true);
    y += headerHeight;
    for (const row of b.rows) {
      const height = rowHeight(row);
      if (y + height > BOTTOM) {
        // A long table goes on over the page with its header row repeated.
        this.newPage();
        y = doc.y;
        drawRow(headerCells, y, headerHeight, true);
        y += headerHeight;
      }
      drawRow(row, y, height, false);
      y += height;
    }
    doc.x = MARGIN.left;
    doc.y = y + 8;
  }

  /** One chart across the text width, or a few side by side. */
  private charts(charts: readonly ReportChart[]) {
    const gap = 12;
    const width = (TEXT_WIDTH - gap * (charts.length - 1)) / charts.length;
    const drawn = charts.map((c) => ({ chart: c, ...chartSvg(c.option, c, width) }));
    const height = Math.max(...drawn.map((d) => d.height));
    this.ensure(height);
    drawn.forEach(({ chart, svg }, i) => {
      SVGtoPDF(this.doc, svg, MARGIN.left + i * (width + gap), this.doc.y, {
        assumePt: true,
        // Every family ECharts names is the embedded font; bold titles use its bold weight.
        fontCallback: (_family, bold) => (bold ? FONT.bold : FONT.regular),
        warningCallback: (warning) => this.warnings.push(`${chart.title}: ${warning}`),
      });
    });
    this.doc.x = MARGIN.left;
    this.doc.y += height + 10;
  }

  /** The running header (from page 2) and "page x of y" on every page, once all exist. */
  frame(header: string, footer: string) {
    const doc = this.doc;
    const { start, count } = doc.bufferedPageRange();
    for (let i = start; i < start + count; i++) {
      doc.switchToPage(i);
      // Text outside the margins would start a new page: lift the margins while writing it.
      const margins = doc.page.margins;
      doc.page.margins = { ...margins, top: 0, bottom: 0 };
      if (i > start) {
        doc
          .font(FONT.regular)
          .fontSize(7.5)
          .fillColor(MUTED)
          .text(header, MARGIN.left, 32, { width: TEXT_WIDTH, align: 'center', lineBreak: false });
        doc
          .moveTo(MARGIN.left, 46)
          .lineTo(PAGE.width - MARGIN.right, 46)
          .lineWidth(0.5)
          .stroke(RULE);
      }
      doc
        .font(FONT.regular)
        .fontSize(8.5)
        .fillColor(MUTED)
        .text(
          fillMessage(footer, { page: i - start + 1, pages: count }),
          MARGIN.left,
          PAGE.height - 40,
          { width: TEXT_WIDTH, align: 'center', lineBreak: false },
        );
      doc.page.margins = margins;
    }
    return count;
  }
}

export function renderReportPdf(
  report: ReportDocument,
  fonts: ReportFonts,
): Promise<RenderedReport> {
  measureTextWith(fonts);
  const doc = new PDFDocument({
    size: 'A4',
    margins: MARGIN,
    bufferPages: true,
    lang: report.lang === 'zh' ? 'zh-CN' : 'en',
    displayTitle: true,
    info: {
      Title: report.title,
      Creator: report.title,
      Producer: 'PDFKit',
      CreationDate: report.createdAt,
      ModDate: report.createdAt,
    },
  });
  doc.registerFont(FONT.regular, fonts.regular);
  doc.registerFont(FONT.bold, fonts.bold);
  const chunks: Uint8Array[] = [];
  doc.on('data', (chunk: Uint8Array) => chunks.push(chunk));
  const layout = new Layout(doc);
  let pages = 0;
  return new Promise((resolve, reject) => {
    doc.on('error', reject);
    doc.on('end', () => {
      resolve({ bytes: Buffer.concat(chunks), pages, warnings: layout.warnings });
    });
    try {
      doc.font(FONT.regular);
      for (const block of report.blocks) layout.block(block);
      pages = layout.frame(report.runningHeader, report.footer);
      doc.end();
    } catch (e) {
      reject(e);
    }
  });
}
