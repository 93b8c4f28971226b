/**
 * Daily tickets issued against capacity and visitors — the "60 against 120 while 200 queue"
 * picture — with the throttled days marked by the flag rule itself (isThrottledDay), so the
 * chart marks exactly the days the ticket_throttling flag counts.
 */
import type { BarSeriesOption, EChartsOption } from 'echarts';
import { DEFAULT_FLAG_CONFIG, type FlagConfig } from '../../oversight/flags/config';
import { isThrottledDay } from '../../oversight/flags/rules';
import {
  chartFrame,
  COLORS,
  gridTop,
  NO_TEXT_BORDER,
  type ChartLabels,
  type ChartStyle,
  type ChartTable,
} from './common';

export interface TicketDay {
  date: string;
  ticketCapacity: number;
  ticketsIssued: number;
  visitors: number;
  casesOutOfQueue?: number;
}

export interface TicketsLabels extends ChartLabels {
  /** The x axis, e.g. "日期". */
  dateAxis: string;
  /** The y axis with its unit, e.g. "数量（张 / 人）". */
  countAxis: string;
  issued: string;
  capacity: string;
  visitors: string;
  /** Series and table column naming the throttled days, e.g. "限号日". */
  throttled: string;
  /** Table column, e.g. "未取号办理（件）". */
  outOfQueue: string;
  yes: string;
  no: string;
}

export interface TicketsOptions extends ChartStyle {
  /** The flag rule's threshold: issued below this share of capacity (default 0.8). */
  throttledThreshold?: number;
}

/** A whole FlagConfig for the rule, with only the threshold the chart was given changed. */
function throttlingConfig(threshold: number | undefined): FlagConfig {
  if (threshold === undefined) return DEFAULT_FLAG_CONFIG;
  return {
    ...DEFAULT_FLAG_CONFIG,
    throttling: { ...DEFAULT_FLAG_CONFIG.throttling, issuedBelowShareOfCapacity: threshold },
  };
}

/** The dates isThrottledDay marks, for the chart, the table and the tests. */
export function throttledDates(days: readonly TicketDay[], threshold?: number): string[] {
  const config = throttlingConfig(threshold);
  return days.filter((d) => isThrottledDay(d, config)).map((d) => d.date);
}

export function buildTicketsOption(
  days: readonly TicketDay[],
  labels: TicketsLabels,
  options: TicketsOptions = {},
): EChartsOption {
  const throttled = new Set(throttledDates(days, options.throttledThreshold));
  const issued: BarSeriesOption['data'] = days.map((d) =>
    throttled.has(d.date)
      ? { value: d.ticketsIssued, itemStyle: { color: COLORS.alert } }
      : d.ticketsIssued,
  );
  return {
    ...chartFrame(labels, options),
    grid: { top: gridTop(labels), left: 56, right: 24, bottom: 48 },
    xAxis: {
      type: 'category',
      name: labels.dateAxis,
      nameLocation: 'middle',
      nameGap: 30,
      data: days.map((d) => d.date),
      axisLabel: { formatter: (value: string) => value.slice(5) },
    },
    yAxis: { type: 'value', name: labels.countAxis, min: 0 },
    series: [
      {
        type: 'bar',
        name: labels.issued,
        data: issued,
        itemStyle: { color: COLORS.primary },
        barMaxWidth: 18,
      },
      {
        type: 'line',
        name: labels.capacity,
        data: days.map((d) => d.ticketCapacity),
        itemStyle: { color: COLORS.neutral },
        lineStyle: { type: 'dashed', width: 2 },
        symbol: 'none',
        step: 'middle',
      },
      {
        type: 'line',
        name: labels.visitors,
        data: days.map((d) => d.visitors),
        itemStyle: { color: COLORS.secondary },
        symbolSize: 4,
      },
      {
        // A marker above each throttled day's bar, so the mark is a shape with a legend entry,
        // not only the bar's colour.
        type: 'scatter',
        name: labels.throttled,
        data: days.filter((d) => throttled.has(d.date)).map((d) => [d.date, d.ticketsIssued]),
        symbol: 'triangle',
        symbolSize: 9,
        symbolOffset: [0, -10],
        itemStyle: { color: COLORS.alert },
        label: { show: false, ...NO_TEXT_BORDER },
        // The marker sits at the issued count, but that number is already the bar's: the
        // tooltip says the day was throttled ("限号日 是"), not "限号日 60".
        tooltip: { valueFormatter: () => labels.yes },
        z: 5,
      },
    ],
  };
}

export function buildTicketsTable(
  days: readonly TicketDay[],
  labels: TicketsLabels,
  options: TicketsOptions = {},
): ChartTable {
  const throttled = new Set(throttledDates(days, options.throttledThreshold));
  return {
    columns: [
      labels.dateAxis,
      labels.capacity,
      labels.issued,
      labels.visitors,
      labels.outOfQueue,
      labels.throttled,
    ],
    rows: days.map((d) => [
      d.date,
      d.ticketCapacity,
      d.ticketsIssued,
      d.visitors,
      d.casesOutOfQueue ?? null,
      throttled.has(d.date) ? labels.yes : labels.no,
    ]),
  };
}
