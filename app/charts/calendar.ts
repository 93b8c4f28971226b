/**
 * A calendar of ticket utilization (tickets issued ÷ capacity) per day. The colour bands are
 * cut at the throttling threshold and the utilization target, and each band is labelled with
 * its range, so a reader sees "below 80%" in words, not only in red.
 */
import type { EChartsOption } from 'echarts';
import type { MarkedDay } from '../../oversight/calendar';
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
  /** Marks of the days the working-day calendar sets apart, e.g. "休" and "班". */
  holiday?: string;
  workday?: string;
}

export type CalendarOptions = ChartStyle & {
  /** Holidays and closures on weekdays, working days on weekends (oversight/calendar.ts). */
  markedDays?: readonly MarkedDay[];
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
      seriesIndex: 0,
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
      ...markSeries(options.markedDays ?? [], labels),
    ],
  };
}

/**
 * The calendar's marks: "休" on a weekday off (a holiday, a closure), "班" on a weekend worked
 * (调休), each named in its tooltip, so an empty or a weekend cell reads as what it was.
 */
function markSeries(days: readonly MarkedDay[], labels: CalendarLabels) {
  const series = [];
  for (const kind of ['holiday', 'workday'] as const) {
    const mark = labels[kind];
    const marked = days.filter((d) => d.kind === kind);
    if (!mark || marked.length === 0) continue;
    series.push({
      type: 'scatter' as const,
      name: mark,
      coordinateSystem: 'calendar' as const,
      symbolSize: 0,
      data: marked.map((d) => ({ name: d.name, value: [d.date, 0] })),
      label: { show: true, formatter: mark, color: '#374151', fontSize: 10 },
      tooltip: { formatter: (p: { name?: string }) => `${mark} ${p.name ?? ''}`.trim() },
    });
  }
  return series;
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
