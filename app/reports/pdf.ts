/**
 * Lays a ReportDocument out on A4 portrait pages with PDFKit: text in the embedded Noto Sans SC
 * (subset by PDFKit to the glyphs used, so a report stays around 100–200 KB), tables that break
 * across pages with their header row repeated, and the dashboard's charts as vector graphics —
 * ECharts lays them out on the server and app/reports/chart-pdf.ts draws them as PDF paths and
 * text.
 *
 * No browser, no I/O: fonts come in parsed, bytes go out. The output is deterministic — the
 * creation date comes from the data and PDFKit derives the file ID from it — so the same data
 * gives the same bytes.
 */
import type { Font } from 'fontkit';
import PDFDocument from 'pdfkit';
import { fillMessage } from '../i18n';
import { drawChart, layOutChart, type ChartFonts } from './chart-pdf';
import type { ReportBlock, ReportChart, ReportDocument, TableCell, TableColumn } from './types';

/** Noto Sans SC's two weights, parsed once per process (app/reports/fonts.server.ts). */
export type ReportFonts = ChartFonts;

export interface RenderedReport {
  bytes: Uint8Array<ArrayBuffer>;
  pages: number;
  /** What the chart drawing could not draw; empty for every chart the builders make today. */
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
 * A text this many points narrower than its box stays on one line however PDFKit's line
 * wrapper cuts it: its pieces measured apart differ from the whole only by kerning across the
 * cuts, far less than a point at a report's sizes.
 */
const ONE_LINE_SLACK = 1;

/**
 * What PDFKit's heightOfString gives, without running the line wrapper when the text plainly
 * fits on one line — most table cells: one line and its gap. Every cell is wrapped again when
 * drawn, so measuring by wrapping doubled a table's cost.
 */
function textHeight(doc: PDFKit.PDFDocument, text: string, width: number, lineGap: number) {
  if (!text.includes('\n') && doc.widthOfString(text) <= width - ONE_LINE_SLACK) {
    return doc.currentLineHeight(true) + lineGap;
  }
  return doc.heightOfString(text, { width, lineGap });
}

class Layout {
  readonly warnings: string[] = [];

  constructor(
    private readonly doc: PDFKit.PDFDocument,
    private readonly fonts: ReportFonts,
  ) {}

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
      textHeight(
        doc.font(bold ? FONT.bold : FONT.regular).fontSize(size),
        text === '' ? ' ' : text,
        width - 2 * pad.x,
        gap,
      );
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
    // Each chart is laid out at its own pixel size and scaled to `width`, text included.
    const height = Math.max(...charts.map((c) => (c.height * width) / c.width));
    this.ensure(height);
    charts.forEach((c, i) => {
      const chart = layOutChart(c.option, c, this.fonts);
      try {
        const box = { x: MARGIN.left + i * (width + gap), y: this.doc.y, width };
        drawChart(this.doc, chart, box, {
          fonts: this.fonts,
          fontNames: FONT,
          warn: (warning) => this.warnings.push(`${c.title}: ${warning}`),
        });
      } finally {
        chart.dispose();
      }
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

/**
 * PDFKit lays every word out with fontkit (glyphs, kerning, ligatures) and caches the result
 * per document, on the document's font object (EmbeddedFont.layoutCache). Most words recur from
 * report to report — labels, headings, district names, dates — so each document's fonts get
 * one cache per parsed font, kept for the process: a word's layout depends on the word and the
 * font alone, never on the report it came from. A city report has ≈ 1,400 distinct words,
 * ≈ 100 more for each further week; at ≈ 1 KB a word the cache starts again empty past
 * WORD_LAYOUT_LIMIT words, so it stays under ≈ 5 MB a weight in a server running for months.
 */
const WORD_LAYOUT_LIMIT = 5_000;
const wordLayouts = new WeakMap<Font, Record<string, unknown>>();

function shareWordLayouts(doc: PDFKit.PDFDocument, fonts: ReportFonts) {
  // PDFKit names fonts in the order they are opened (F1 is its default Helvetica): opened here
  // in this order they keep the names they always had. The cache lives on the document's
  // current font object, which PDFKit offers no option for; hence the cast.
  for (const weight of ['regular', 'bold'] as const) {
    const font = fonts[weight];
    let cache = wordLayouts.get(font);
    if (!cache || Object.keys(cache).length > WORD_LAYOUT_LIMIT) {
      cache = Object.create(null) as Record<string, unknown>;
      wordLayouts.set(font, cache);
    }
    doc.font(FONT[weight]);
    (doc as unknown as { _font: { layoutCache?: Record<string, unknown> } })._font.layoutCache =
      cache;
  }
}

export function renderReportPdf(
  report: ReportDocument,
  fonts: ReportFonts,
): Promise<RenderedReport> {
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
  shareWordLayouts(doc, fonts);
  const chunks: Uint8Array[] = [];
  doc.on('data', (chunk: Uint8Array) => chunks.push(chunk));
  const layout = new Layout(doc, fonts);
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
