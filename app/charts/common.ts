/**
 * What every chart builder shares: the frame (title, font, legend, tooltip, aria), colours,
 * percentages and the "show as table" shape. Builders are pure: rows and already-translated
 * labels in, an EChartsOption out; the same option feeds <EChart> in the browser and the PDF's
 * server-side SVG rendering, so nothing here may touch the DOM, the clock or i18n.
 */
import type { EChartsOption } from 'echarts';
import type { Status } from '../../oversight/types';

/** Noto Sans SC first: it is the font embedded in the PDF, so text measures the same there. */
export const DEFAULT_FONT_FAMILY = "'Noto Sans SC', 'PingFang SC', 'Microsoft YaHei', sans-serif";

/** Presentation options every builder accepts. */
export interface ChartStyle {
  /** CSS font-family list for every text in the chart. */
  fontFamily?: string;
  /**
   * Off by default: server-side rendering draws the first frame of an animation (empty bars,
   * half-drawn lines), and the PDF must be deterministic. The dashboard may turn it on.
   */
  animation?: boolean;
}

/** Labels every chart has; all already translated by the caller. */
export interface ChartLabels {
  title: string;
  subtitle?: string;
  /**
   * What a screen reader hears for the chart, e.g. "道里区 7 月 20 日至 9 月 6 日 25 天限号".
   * Without it ECharts generates a description from the data, in its own (terse) words.
   */
  description?: string;
}

/** A chart's data as a plain table: the accessible alternative behind "show as table". */
export interface ChartTable {
  columns: string[];
  rows: (string | number | null)[][];
}

export const COLORS = {
  primary: '#3b6fb6',
  secondary: '#e08a2e',
  neutral: '#6b7280',
  muted: '#c4c9d1',
  alert: '#c62828',
  target: '#b71c1c',
} as const;

/** Status colours; every use pairs them with the status text, never colour alone. */
export const STATUS_COLORS: Record<Status, string> = {
  met: '#2e7d32',
  near: '#f2a900',
  missed: '#c62828',
  no_data: '#b0b7c3',
};

export const STATUSES: readonly Status[] = ['met', 'near', 'missed', 'no_data'];

/**
 * Label text is drawn without a text border: the report's PDF (app/reports/chart-pdf.ts) would
 * paint the border over the glyphs, so a bordered label comes out as a blot. The width alone is
 * not enough — zrender reads `lineWidth || 2` for the white halo it adds to labels outside a
 * shape, so a width of 0 falls back to 2 — hence the transparent colour, which drops the stroke.
 */
export const NO_TEXT_BORDER = { textBorderWidth: 0, textBorderColor: 'transparent' } as const;

/** The parts of the option every chart has. Spread first, then add axes and series. */
export function chartFrame(
  labels: ChartLabels,
  style: ChartStyle | undefined,
  extra: { tooltip?: EChartsOption['tooltip']; legend?: boolean } = {},
): EChartsOption {
  const fontFamily = style?.fontFamily ?? DEFAULT_FONT_FAMILY;
  return {
    animation: style?.animation ?? false,
    textStyle: { fontFamily, ...NO_TEXT_BORDER },
    title: {
      text: labels.title,
      subtext: labels.subtitle,
      left: 0,
      top: 0,
      textStyle: { fontFamily, fontSize: 15 },
      subtextStyle: { fontFamily },
    },
    legend: {
      // Colour-scale charts (heatmaps) say what colours mean in their visual map instead.
      show: extra.legend ?? true,
      top: legendTop(labels),
      left: 0,
      textStyle: { fontFamily },
    },
    tooltip: extra.tooltip ?? { trigger: 'axis', textStyle: { fontFamily } },
    aria: labels.description
      ? { enabled: true, label: { description: labels.description } }
      : { enabled: true },
  };
}

/** The legend's top edge: below the title and subtitle. */
export const legendTop = (labels: ChartLabels) => (labels.subtitle ? 48 : 28);

/**
 * The grid's top edge: below a legend of one line, leaving room for a y axis name above the
 * axis. A legend that wraps at the width it is drawn at makes room for its other lines itself
 * (legend-room.ts).
 */
export const gridTop = (labels: ChartLabels, extra = 0) => legendTop(labels) + 56 + extra;

/** A fraction (0.967) as a percentage rounded to one decimal (96.7); null stays null. */
export function toPercent(fraction: number | null | undefined): number | null {
  if (fraction === null || fraction === undefined || !Number.isFinite(fraction)) return null;
  return Math.round(fraction * 1000) / 10;
}

/** numerator ÷ denominator as a percentage, null when there is nothing to divide by. */
export function percentOf(numerator: number, denominator: number): number | null {
  return denominator > 0 ? toPercent(numerator / denominator) : null;
}

/** A percentage (96.7) as text with one decimal, "96.7%"; null stays null. */
export function formatPercent(percent: number | null): string | null {
  return percent === null ? null : `${percent.toFixed(1)}%`;
}

/** For tooltips: "96.7%", or "—" for a missing value. */
export const percentValue = (value: unknown): string =>
  typeof value === 'number' && Number.isFinite(value) ? `${value.toFixed(1)}%` : '—';

/** Tooltips are HTML: text from the data goes in escaped. */
export const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Fills `{name}` placeholders of a translated template: fill('{days} 天', { days: 45 }). */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) =>
    key in values ? String(values[key]) : whole,
  );
}

/**
 * Categories present in the data, in the order the labels list them, then any the labels do
 * not know (sorted), each with a colour fixed by its place in the labels' order — so a
 * category keeps its colour from one district to the next.
 */
export function orderedCategories(
  known: Record<string, string>,
  seen: Iterable<string>,
): { key: string; name: string; color: string }[] {
  const present = new Set(seen);
  const order = [...Object.keys(known), ...[...present].filter((k) => !(k in known)).sort()];
  return order
    .map((key, i) => ({
      key,
      name: known[key] ?? key,
      color: CATEGORY_PALETTE[i % CATEGORY_PALETTE.length]!,
    }))
    .filter((c) => present.has(c.key));
}

/** Distinguishable in print and for the common colour-vision deficiencies (Okabe–Ito based). */
export const CATEGORY_PALETTE = [
  '#0072b2',
  '#e69f00',
  '#009e73',
  '#cc79a7',
  '#56b4e9',
  '#d55e00',
  '#7f7f7f',
  '#f0e442',
  '#000000',
] as const;

/**
 * Time axis labels without words, so they read the same in both languages: month-day, and the
 * year where one begins. Overlapping labels are dropped.
 */
export const TIME_AXIS_LABEL = {
  hideOverlap: true,
  formatter: {
    year: '{yyyy}',
    month: '{MM}-{dd}',
    day: '{MM}-{dd}',
    hour: '{MM}-{dd}',
    minute: '{MM}-{dd}',
    second: '{MM}-{dd}',
    millisecond: '{MM}-{dd}',
    none: '{yyyy}-{MM}-{dd}',
  },
} as const;

/**
 * The target as a labelled line across the plot: on the x axis for horizontal bars, on the y
 * axis for time series. `position` is where the label sits ('start' is the top of an
 * inverted category axis; 'insideStartTop' keeps it clear of a forecast ending on the line).
 */
export function targetMarkLine(
  percent: number,
  label: string,
  axis: 'xAxis' | 'yAxis',
  position: 'start' | 'insideStartTop',
) {
  return {
    silent: true,
    symbol: 'none',
    lineStyle: { color: COLORS.target, type: 'solid' as const, width: 1.5 },
    label: {
      formatter: `${label} ${formatPercent(percent)}`,
      position,
      color: COLORS.target,
      ...NO_TEXT_BORDER,
    },
    data: [{ [axis]: percent, name: label }],
  };
}
