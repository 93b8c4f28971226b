/**
 * The report's charts: ECharts lays them out on the server, and this module draws zrender's
 * display list straight into the PDFKit document — each shape as PDF path operators, each text
 * as PDF text in the embedded font, clips as PDF clipping paths. The charts used to go through
 * renderToSVGString and svg-to-pdfkit; writing each chart out as SVG and parsing it back was a
 * third of a report's time (docs/decisions/005-weekly-report-pdf.md).
 *
 * The drawing follows zrender's own SVG renderer (zrender/lib/svg/graphic.js and
 * mapStyleToAttrs.js) property by property, so a chart prints as its SVG did: the same paths,
 * colours, opacities, dashes and clips, and text on the same baseline.
 */
import * as echarts from 'echarts/core';
import type { EChartsOption } from 'echarts';
import { SVGRenderer } from 'echarts/renderers';
import type { Font } from 'fontkit';
import { makeRoomForLegend } from '../charts/legend-room';
import { CHART_MODULES } from '../charts/modules';

// The SVG renderer only to lay charts out without a DOM (server-side rendering): nothing is
// rendered to SVG.
echarts.use([...CHART_MODULES, SVGRenderer]);

/** The two weights of the embedded font, parsed. */
export interface ChartFonts {
  regular: Font;
  bold: Font;
}

/** The names the same two weights are registered under in the PDF document. */
export interface ChartFontNames {
  regular: string;
  bold: string;
}

/** Where a chart goes on the page, in points; its height follows from its aspect ratio. */
export interface ChartBox {
  x: number;
  y: number;
  width: number;
}

/** What drawing a chart needs besides the chart: the fonts, and where to report what it skips. */
export interface ChartPen {
  fonts: ChartFonts;
  fontNames: ChartFontNames;
  warn: (message: string) => void;
}

/**
 * The parts of zrender's elements read here. ECharts' type bundle declares zrender's classes
 * privately, so they are described by shape rather than imported.
 */
type Matrix = readonly [number, number, number, number, number, number];
interface ZrStyle {
  fill?: unknown;
  stroke?: unknown;
  opacity?: number;
  fillOpacity?: number;
  strokeOpacity?: number;
  lineWidth?: number;
  strokeNoScale?: boolean;
  lineDash?: number | number[] | 'solid' | 'dashed' | 'dotted' | null;
  lineDashOffset?: number;
  lineCap?: CanvasLineCap;
  lineJoin?: CanvasLineJoin;
  miterLimit?: number;
  strokePercent?: number;
  // Text (TSpan) only:
  text?: unknown;
  x?: number;
  y?: number;
  font?: string;
  fontSize?: number | string;
  fontFamily?: string;
  fontWeight?: number | string;
  textAlign?: string;
  textBaseline?: string;
}
interface ZrElement {
  type: string;
  invisible?: boolean;
  transform: Matrix | null;
  style: ZrStyle;
  __clipPaths?: ZrPath[];
  getLineScale(): number;
}
interface ZrPath extends ZrElement {
  path?: { beginPath(): void; rebuildPath(ctx: PathSink, percent: number): void };
  shape: unknown;
  shapeChanged(): boolean;
  createPathProxy(): void;
  buildPath(path: unknown, shape: unknown): void;
  pathUpdated(): void;
}
/** zrender's PathRebuilder: the canvas path calls PathProxy.rebuildPath makes. */
interface PathSink {
  moveTo(x: number, y: number): void;
  lineTo(x: number, y: number): void;
  bezierCurveTo(x1: number, y1: number, x2: number, y2: number, x: number, y: number): void;
  quadraticCurveTo(cx: number, cy: number, x: number, y: number): void;
  arc(cx: number, cy: number, r: number, start: number, end: number, anticlockwise: boolean): void;
  ellipse(
    cx: number,
    cy: number,
    rx: number,
    ry: number,
    rotation: number,
    start: number,
    end: number,
    anticlockwise: boolean,
  ): void;
  rect(x: number, y: number, width: number, height: number): void;
  closePath(): void;
}

interface FontChoice {
  /** CSS pixels of the chart's layout. */
  size: number;
  bold: boolean;
}

/** zrender's font when a text names none. */
const DEFAULT_FONT = '12px sans-serif';
const BOLD = /\bbold(er)?\b|\b[6-9]00\b/;

/** Size and weight from a CSS font string such as zrender's "bold 15px Noto Sans SC". */
function parseCssFont(font: string | undefined): FontChoice {
  return {
    size: Number(/(\d+(?:\.\d+)?)px/.exec(font ?? '')?.[1] ?? 12),
    bold: BOLD.test(font ?? ''),
  };
}

/**
 * A text's font as zrender's SVG renderer writes it: the separate size and weight when the
 * style has them, else its CSS font string. Weights 600–900 and bold(er) use the bold face.
 */
function textFont(style: ZrStyle): FontChoice {
  if (style.fontSize == null && !style.fontFamily && !style.fontWeight) {
    return parseCssFont(style.font || DEFAULT_FONT);
  }
  return {
    size: parseFloat(String(style.fontSize ?? 12)),
    bold: BOLD.test(String(style.fontWeight ?? '')),
  };
}

/** Advance widths in the embedded font, cached per weight and character. */
class TextMeasure {
  private readonly advances = new Map<string, number>();

  constructor(readonly fonts: ChartFonts) {}

  /** The width of `text` in CSS pixels. */
  width(text: string, { size, bold }: FontChoice): number {
    const face = bold ? this.fonts.bold : this.fonts.regular;
    let em = 0;
    for (const char of text) {
      const key = `${bold ? 'b' : 'r'}${char}`;
      let advance = this.advances.get(key);
      if (advance === undefined) {
        advance = face.glyphForCodePoint(char.codePointAt(0) ?? 32).advanceWidth / face.unitsPerEm;
        this.advances.set(key, advance);
      }
      em += advance;
    }
    return em * size;
  }
}

/**
 * ECharts measures text to place labels and drop overlapping ones. Without a canvas it guesses
 * widths from a Latin table; measuring with the embedded font makes the layout ECharts computes
 * the layout the PDF draws. (zrender caches widths per font and string on top of this.)
 */
let measure: TextMeasure | null = null;
function measureWith(fonts: ChartFonts): TextMeasure {
  if (measure?.fonts.regular === fonts.regular && measure.fonts.bold === fonts.bold) {
    return measure;
  }
  const m = new TextMeasure({ regular: fonts.regular, bold: fonts.bold });
  echarts.setPlatformAPI({
    measureText: (text: string, font?: string) => ({
      width: m.width(text ?? '', parseCssFont(font)),
    }),
  });
  measure = m;
  return m;
}

/**
 * The chart laid out by ECharts at its own pixel size, ready to draw, with room made for a
 * legend that wraps. Server-side rendering with the SVG renderer needs no DOM; nothing is
 * rendered to SVG. The caller disposes of it.
 */
export function layOutChart(
  option: EChartsOption,
  size: { width: number; height: number },
  fonts: ChartFonts,
): echarts.EChartsType {
  measureWith(fonts);
  const chart = echarts.init(null, null, {
    renderer: 'svg',
    ssr: true,
    width: size.width,
    height: size.height,
  });
  try {
    chart.setOption(option);
    // At the PDF's width the legend may wrap: the plot and its axis names move below it.
    makeRoomForLegend(chart);
  } catch (e) {
    chart.dispose();
    throw e;
  }
  return chart;
}

type Rgb = [number, number, number];
interface Paint {
  color: Rgb;
  /** Omitted when opaque: PDFKit then writes no opacity state for it. */
  opacity?: number;
}

/**
 * A fill or stroke colour as zrender's SVG renderer writes it: CSS colour → RGB, its alpha times
 * the style's fill or stroke opacity times the element's opacity; nothing for none, transparent
 * or fully transparent. Gradients and patterns (which no report chart uses) are not drawn.
 */
function paintOf(
  value: unknown,
  ownOpacity: number | undefined,
  opacity: number | undefined,
  warn: (message: string) => void,
): Paint | null {
  if (value == null || value === '' || value === 'none' || value === 'transparent') return null;
  if (typeof value !== 'string') {
    warn('a gradient or pattern is drawn without its fill');
    return null;
  }
  const rgba = echarts.color.parse(value);
  if (!rgba) {
    warn(`colour "${value}" is not drawn`);
    return null;
  }
  const alpha = (rgba[3] ?? 1) * (ownOpacity ?? 1) * (opacity ?? 1);
  if (!(alpha > 0)) return null;
  const color: Rgb = [rgba[0] ?? 0, rgba[1] ?? 0, rgba[2] ?? 0];
  return alpha < 1 ? { color, opacity: alpha } : { color };
}

/**
 * The dash pattern and offset of a stroke, as zrender's getLineDash (canvas/dashStyle.js)
 * computes it; null for a solid line. An odd-length pattern is repeated, as SVG does.
 */
function lineDash(el: ZrElement, width: number): { dash: number[]; phase: number } | null {
  const { lineDash: type, lineDashOffset } = el.style;
  if (!type || type === 'solid' || !(width > 0)) return null;
  const lineWidth = el.style.lineWidth ?? 0;
  const dash =
    type === 'dashed'
      ? [4 * lineWidth, 2 * lineWidth]
      : type === 'dotted'
        ? [lineWidth]
        : typeof type === 'number'
          ? [type]
          : type;
  const scale = el.style.strokeNoScale ? el.getLineScale() : 1;
  const scaled = scale && scale !== 1 ? dash.map((d) => d / scale) : dash;
  if (scaled.length === 0 || !scaled.every((d) => d > 0)) return null;
  return {
    dash: scaled.length % 2 ? [...scaled, ...scaled] : scaled,
    phase: Math.round((lineDashOffset ?? 0) / (scale || 1)),
  };
}

const TWO_PI = 2 * Math.PI;

/**
 * The signed angle an arc from `start` to `end` turns through, as a canvas draws it: clockwise
 * (positive, y down) unless `anticlockwise`, a whole turn at most; within 1e-4 of a whole turn
 * is a whole circle, as zrender's SVG path builder rounds it.
 */
export function arcSweep(start: number, end: number, anticlockwise: boolean): number {
  const delta = end - start;
  const direction = anticlockwise ? -1 : 1;
  if (Math.abs(Math.abs(delta) - TWO_PI) < 1e-4 || direction * delta >= TWO_PI) {
    return direction * TWO_PI;
  }
  const turned = delta % TWO_PI;
  if (anticlockwise) return turned > 0 ? turned - TWO_PI : turned;
  return turned < 0 ? turned + TWO_PI : turned;
}

/**
 * zrender's path calls as PDF path operators — through `matrix` when given (clip paths, which
 * must leave the current transformation alone). Arcs become cubic Béziers of at most a quarter
 * turn each; quadratic curves are raised to cubic (PDFKit's quadraticCurveTo writes the `v`
 * operator, which is a different curve).
 */
class PdfPath implements PathSink {
  /** The current point and the start of the current subpath, in the path's own coordinates. */
  private x = 0;
  private y = 0;
  private startX = 0;
  private startY = 0;
  /** Whether a subpath is open: an arc then continues it, as in zrender's SVG paths. */
  private open = false;

  constructor(
    private readonly doc: PDFKit.PDFDocument,
    private readonly matrix: Matrix | null = null,
  ) {}

  private point(x: number, y: number): [number, number] {
    const m = this.matrix;
    return m ? [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]] : [x, y];
  }

  moveTo(x: number, y: number) {
    this.doc.moveTo(...this.point(x, y));
    this.x = this.startX = x;
    this.y = this.startY = y;
    this.open = true;
  }

  lineTo(x: number, y: number) {
    this.doc.lineTo(...this.point(x, y));
    this.x = x;
    this.y = y;
  }

  bezierCurveTo(x1: number, y1: number, x2: number, y2: number, x: number, y: number) {
    this.doc.bezierCurveTo(...this.point(x1, y1), ...this.point(x2, y2), ...this.point(x, y));
    this.x = x;
    this.y = y;
  }

  quadraticCurveTo(cx: number, cy: number, x: number, y: number) {
    const k = 2 / 3;
    const { x: x0, y: y0 } = this;
    this.bezierCurveTo(
      x0 + k * (cx - x0),
      y0 + k * (cy - y0),
      x + k * (cx - x),
      y + k * (cy - y),
      x,
      y,
    );
  }

  arc(cx: number, cy: number, r: number, start: number, end: number, anticlockwise: boolean) {
    this.ellipse(cx, cy, r, r, 0, start, end, anticlockwise);
  }

  ellipse(
    cx: number,
    cy: number,
    rx: number,
    ry: number,
    rotation: number,
    start: number,
    end: number,
    anticlockwise: boolean,
  ) {
    const sweep = arcSweep(start, end, anticlockwise);
    const cos = Math.cos(rotation);
    const sin = Math.sin(rotation);
    // The point of the (rotated) ellipse at angle t, and its derivative there.
    const at = (t: number): [number, number] => {
      const ex = rx * Math.cos(t);
      const ey = ry * Math.sin(t);
      return [cx + ex * cos - ey * sin, cy + ex * sin + ey * cos];
    };
    const tangent = (t: number): [number, number] => {
      const dx = -rx * Math.sin(t);
      const dy = ry * Math.cos(t);
      return [dx * cos - dy * sin, dx * sin + dy * cos];
    };
    const [x0, y0] = at(start);
    if (this.open) this.lineTo(x0, y0);
    else this.moveTo(x0, y0);
    const segments = Math.max(1, Math.ceil(Math.abs(sweep) / (Math.PI / 2) - 1e-9));
    const step = sweep / segments;
    // The control points' distance along the tangent for a Bézier spanning `step` radians.
    const k = (4 / 3) * Math.tan(step / 4);
    for (let i = 0, t0 = start; i < segments; i++, t0 += step) {
      const [px, py] = at(t0);
      const [dx0, dy0] = tangent(t0);
      const [qx, qy] = at(t0 + step);
      const [dx1, dy1] = tangent(t0 + step);
      this.bezierCurveTo(px + k * dx0, py + k * dy0, qx - k * dx1, qy - k * dy1, qx, qy);
    }
  }

  rect(x: number, y: number, width: number, height: number) {
    this.moveTo(x, y);
    this.lineTo(x + width, y);
    this.lineTo(x + width, y + height);
    this.lineTo(x, y + height);
    this.closePath();
  }

  closePath() {
    this.doc.closePath();
    this.x = this.startX;
    this.y = this.startY;
    this.open = false;
  }
}

function isPath(el: ZrElement): el is ZrPath {
  return typeof (el as Partial<ZrPath>).buildPath === 'function';
}

/** The element's shape as a path, built now if nothing has built it yet (nothing has in SSR). */
function pathOf(el: ZrPath) {
  if (!el.path || el.shapeChanged()) {
    if (!el.path) el.createPathProxy();
    const path = el.path!;
    path.beginPath();
    el.buildPath(path, el.shape);
    el.pathUpdated();
  }
  return el.path!;
}

/** How far below the central baseline the alphabetic one lies, in em: half the em box. */
function centralBaseline(font: Font): number {
  const os2 = font['OS/2'] as { typoAscender?: number; typoDescender?: number } | undefined;
  const over = os2?.typoAscender ?? font.ascent;
  const under = os2?.typoDescender ?? font.descent;
  return (over + under) / 2 / font.unitsPerEm;
}

/** zrender's text-align as the share of the text's width left of x (SVG's text-anchor). */
const ANCHOR_SHIFT: Readonly<Record<string, number>> = {
  center: 0.5,
  middle: 0.5,
  right: 1,
  end: 1,
};

/** zrender's textBaseline as the share of its line height y moves down by (adjustTextY). */
const BASELINE_SHIFT: Readonly<Record<string, number>> = { top: 0.5, bottom: -0.5 };

class ChartPainter {
  constructor(
    private readonly doc: PDFKit.PDFDocument,
    private readonly measure: TextMeasure,
    private readonly fontNames: ChartFontNames,
    private readonly warn: (message: string) => void,
  ) {}

  /**
   * Every displayable in paint order, inside the clip paths it lists: a clip path shared with
   * the previous element stays applied, as zrender's SVG renderer nests them in groups.
   */
  paint(list: readonly ZrElement[]) {
    let clips: readonly ZrPath[] = [];
    for (const el of list) {
      if (el.invisible) continue;
      const wanted = el.__clipPaths ?? [];
      let shared = 0;
      while (shared < clips.length && shared < wanted.length && clips[shared] === wanted[shared]) {
        shared++;
      }
      for (let i = clips.length; i > shared; i--) this.doc.restore();
      for (const clip of wanted.slice(shared)) {
        this.doc.save();
        pathOf(clip).rebuildPath(new PdfPath(this.doc, clip.transform), 1);
        this.doc.clip();
      }
      clips = wanted;
      if (isPath(el)) this.path(el);
      else if (el.type === 'tspan') this.text(el);
      else this.warn(`a ${el.type} element is not drawn`);
    }
    for (let i = clips.length; i > 0; i--) this.doc.restore();
  }

  /** Runs `draw` in the element's own coordinates, leaving the graphics state as it was. */
  private transformed(el: ZrElement, draw: () => void) {
    const m = el.transform;
    this.doc.save();
    if (m) this.doc.transform(m[0], m[1], m[2], m[3], m[4], m[5]);
    draw();
    this.doc.restore();
  }

  /** Sets the stroke colour and line style; false when the element draws no outline. */
  private strokeStyle(el: ZrElement): boolean {
    const style = el.style;
    const stroke = paintOf(style.stroke, style.strokeOpacity, style.opacity, this.warn);
    const scale = style.strokeNoScale ? el.getLineScale() : 1;
    const width = scale ? (style.lineWidth ?? 0) / scale : 0;
    if (!stroke || Math.abs(width) < 1e-9) return false;
    const doc = this.doc;
    doc.strokeColor(stroke.color, stroke.opacity).lineWidth(width);
    if (style.lineCap) doc.lineCap(style.lineCap);
    if (style.lineJoin) doc.lineJoin(style.lineJoin);
    if (style.miterLimit) doc.miterLimit(style.miterLimit);
    const dash = lineDash(el, width);
    if (dash) doc.dash(dash.dash, { phase: dash.phase });
    return true;
  }

  private path(el: ZrPath) {
    const style = el.style;
    const fill = paintOf(style.fill, style.fillOpacity, style.opacity, this.warn);
    this.transformed(el, () => {
      const stroked = this.strokeStyle(el);
      if (!fill && !stroked) return;
      if (fill) this.doc.fillColor(fill.color, fill.opacity);
      pathOf(el).rebuildPath(new PdfPath(this.doc), style.strokePercent ?? 1);
      if (fill && stroked) this.doc.fillAndStroke();
      else if (fill) this.doc.fill();
      else this.doc.stroke();
    });
  }

  /**
   * One line of text. zrender writes it with `dominant-baseline: central` at y (moved by half
   * a line for top and bottom baselines) and a text-anchor; central is the middle of the font's
   * ideographic em box, 0.38 em above the alphabetic baseline in Noto Sans SC.
   */
  private text(el: ZrElement) {
    const style = el.style;
    if (style.text == null || Number.isNaN(style.x) || Number.isNaN(style.y)) return;
    // zrender marks text with white space xml:space="preserve": each space character prints.
    const text = String(style.text).replace(/\s/g, ' ');
    const font = textFont(style);
    if (!text || !(font.size > 0)) return;
    const fill = paintOf(style.fill, style.fillOpacity, style.opacity, this.warn);
    this.transformed(el, () => {
      const stroked = this.strokeStyle(el);
      if (!fill && !stroked) return;
      const doc = this.doc;
      doc.font(font.bold ? this.fontNames.bold : this.fontNames.regular).fontSize(font.size);
      const width = doc.widthOfString(text);
      const x = (style.x ?? 0) - width * (ANCHOR_SHIFT[style.textAlign ?? 'left'] ?? 0);
      // Top and bottom baselines move by half of zrender's line height, the width of 国.
      const lineHeight = this.measure.width('国', parseCssFont(style.font || DEFAULT_FONT));
      const shift = BASELINE_SHIFT[style.textBaseline ?? ''] ?? 0;
      const face = font.bold ? this.measure.fonts.bold : this.measure.fonts.regular;
      const y = (style.y ?? 0) + shift * lineHeight + centralBaseline(face) * font.size;
      if (fill) doc.fillColor(fill.color, fill.opacity);
      doc.text(text, x, y, {
        lineBreak: false,
        baseline: 'alphabetic',
        fill: !!fill,
        stroke: stroked,
        // Measured above: PDFKit would measure it again.
        textWidth: width,
      });
    });
  }
}

/**
 * Draws a laid-out chart at `box`, scaled as a whole (text included) from its pixel size to
 * the box's width and clipped to its bounds, as the SVG's viewBox did. Leaves the document's
 * text position where it was.
 */
export function drawChart(
  doc: PDFKit.PDFDocument,
  chart: echarts.EChartsType,
  box: ChartBox,
  { fonts, fontNames, warn }: ChartPen,
) {
  const zr = chart.getZr();
  const width = zr.getWidth() ?? 0;
  const height = zr.getHeight() ?? 0;
  const list = zr.storage.getDisplayList(true) as unknown as readonly ZrElement[];
  const { x, y } = doc;
  doc.save();
  doc.translate(box.x, box.y).scale(box.width / width);
  doc.rect(0, 0, width, height).clip();
  // The option's backgroundColor, as zrender's SVG renderer paints it under everything.
  const background = paintOf(zr.getBackgroundColor(), undefined, undefined, warn);
  if (background) {
    doc.fillColor(background.color, background.opacity).rect(0, 0, width, height).fill();
  }
  new ChartPainter(doc, measureWith(fonts), fontNames, warn).paint(list);
  doc.restore();
  doc.x = x;
  doc.y = y;
}
