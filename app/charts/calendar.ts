/**
 * A calendar of ticket utilization (tickets issued ÷ capacity) per day. The colour bands are
 * cut at the throttling threshold and the utilization target, and each band is labelled with
 * its range, so a reader sees "below 80%" in words, not only in red.
 */
import type { EChartsOption } from 'echarts';
import { DEFAULT_FLAG_CONFIG } from '../../oversight/flags/config';
import {
  chartFrame,
  DEFAULT_FONT_FAMILY,
  formatPercent,
  gridTop,
  legendTop,
  percentOf,
  percentValue,
  STATUS_COLORS,
  toPercent,
  type ChartLabels,
  type ChartStyle,
  type ChartTable,
} from './common';

export interface CalendarDay {
  date: string;
  ticketsIssued: number;
  ticketCapacity: number;
}

export interface CalendarLabels extends ChartLabels {
  /** The series, with its unit, e.g. "号源使用率（%）". */
  utilization: string;
  /** Table columns. */
  date: string;
  issued: string;
  capacity: string;
}

export type CalendarOptions = ChartStyle & {
  /** Where the colour bands are cut, as fractions (defaults: the flag's 0.8 and a 0.9 target). */
  throttledThreshold?: number;
  target?: number;
} & ({ year: number; range?: never } | { range: [string, string]; year?: never });

const LOW = 0.5;

/** The bands, low to high: [from %, to %) with their colour. */
function bands(options: CalendarOptions) {
  const throttled = toPercent(
    options.throttledThreshold ?? DEFAULT_FLAG_CONFIG.throttling.issuedBelowShareOfCapacity,
  )!;
  const target = toPercent(options.target ?? 0.9)!;
  const low = Math.min(toPercent(LOW)!, throttled);
  return [
    { lt: low, label: `< ${low}%`, color: STATUS_COLORS.missed },
    { gte: low, lt: throttled, label: `${low}–${throttled}%`, color: '#ef6c00' },
    { gte: throttled, lt: target, label: `${throttled}–${target}%`, color: STATUS_COLORS.near },
    { gte: target, label: `≥ ${target}%`, color: STATUS_COLORS.met },
  ];
}

export function buildCalendarOption(
  days: readonly CalendarDay[],
  labels: CalendarLabels,
  options: CalendarOptions,
): EChartsOption {
  const fontFamily = options.fontFamily ?? DEFAULT_FONT_FAMILY;
  const range = options.range ?? String(options.year);
  const top = gridTop(labels);
  return {
    ...chartFrame(labels, options, {
      legend: false,
      tooltip: { trigger: 'item', textStyle: { fontFamily }, valueFormatter: percentValue },
    }),
    visualMap: {
      type: 'piecewise',
      orient: 'horizontal',
      left: 0,
      top: legendTop(labels),
      dimension: 1,
      // Each band labelled with its range. (A visual map `text` would hide these labels.)
      pieces: bands(options),
      textStyle: { fontFamily },
    },
    calendar: {
      range,
      top,
      left: 40,
      right: 16,
      bottom: 12,
      cellSize: ['auto', 'auto'],
      dayLabel: { firstDay: 1, fontFamily },
      monthLabel: { fontFamily },
      yearLabel: { show: false },
      itemStyle: { borderColor: '#ffffff', borderWidth: 1, color: '#f3f4f6' },
      splitLine: { lineStyle: { color: '#9ca3af' } },
    },
    series: [
      {
        type: 'heatmap',
        name: labels.utilization,
        coordinateSystem: 'calendar',
        data: days
          .filter((d) => d.ticketCapacity > 0)
          .map((d) => [d.date, percentOf(d.ticketsIssued, d.ticketCapacity)]),
      },
    ],
  };
}

export function buildCalendarTable(
  days: readonly CalendarDay[],
  labels: CalendarLabels,
): ChartTable {
  return {
    columns: [labels.date, labels.issued, labels.capacity, labels.utilization],
    rows: days.map((d) => [
      d.date,
      d.ticketsIssued,
      d.ticketCapacity,
      formatPercent(percentOf(d.ticketsIssued, d.ticketCapacity)),
    ]),
  };
}
