/**
 * Complaints received per ISO week, stacked by category, with the resolution rate (resolved ÷
 * closed, as the complaint_resolution_rate metric defines it) on a second axis.
 */
import type { BarSeriesOption, EChartsOption, LineSeriesOption } from 'echarts';
import {
  chartFrame,
  COLORS,
  formatPercent,
  gridTop,
  orderedCategories,
  percentOf,
  percentValue,
  type ChartLabels,
  type ChartStyle,
  type ChartTable,
} from './common';

export interface WeekComplaints {
  /** ISO week label, e.g. 2020-W34. */
  week: string;
  complaints: number;
  closed: number;
  resolved: number;
  /** Complaints per category code. */
  byCategory: Record<string, number>;
}

export interface ComplaintsLabels extends ChartLabels {
  /** The x axis, e.g. "周次". */
  weekAxis: string;
  /** The left y axis with its unit, e.g. "投诉（件）". */
  countAxis: string;
  /** The right y axis with its unit, e.g. "解决率（%）". */
  rateAxis: string;
  /** The rate line, e.g. "解决率". */
  resolutionRate: string;
  /** Category code → name, in the order the legend should list them. */
  categories: Record<string, string>;
  /** Table columns. */
  complaints: string;
  closed: string;
  resolved: string;
}

/** resolved ÷ closed as a percentage; null for a week in which nothing was closed. */
export const resolutionRate = (w: WeekComplaints): number | null => percentOf(w.resolved, w.closed);

export function buildComplaintsOption(
  weeks: readonly WeekComplaints[],
  labels: ComplaintsLabels,
  options: ChartStyle = {},
): EChartsOption {
  const categories = orderedCategories(
    labels.categories,
    weeks.flatMap((w) => Object.keys(w.byCategory)),
  );
  const bars: BarSeriesOption[] = categories.map((c) => ({
    type: 'bar',
    name: c.name,
    stack: 'complaints',
    data: weeks.map((w) => w.byCategory[c.key] ?? 0),
    itemStyle: { color: c.color },
    barMaxWidth: 28,
    yAxisIndex: 0,
  }));
  const rate: LineSeriesOption = {
    type: 'line',
    name: labels.resolutionRate,
    data: weeks.map(resolutionRate),
    yAxisIndex: 1,
    itemStyle: { color: COLORS.target },
    lineStyle: { width: 2 },
    symbol: 'circle',
    symbolSize: 6,
    connectNulls: false,
    tooltip: { valueFormatter: percentValue },
    z: 5,
  };
  return {
    ...chartFrame(labels, options),
    grid: { top: gridTop(labels), left: 56, right: 56, bottom: 48 },
    xAxis: {
      type: 'category',
      name: labels.weekAxis,
      nameLocation: 'middle',
      nameGap: 30,
      data: weeks.map((w) => w.week),
    },
    yAxis: [
      { type: 'value', name: labels.countAxis, min: 0, minInterval: 1 },
      {
        type: 'value',
        name: labels.rateAxis,
        min: 0,
        max: 100,
        axisLabel: { formatter: '{value}%' },
        splitLine: { show: false },
      },
    ],
    series: [...bars, rate],
  };
}

export function buildComplaintsTable(
  weeks: readonly WeekComplaints[],
  labels: ComplaintsLabels,
): ChartTable {
  const categories = orderedCategories(
    labels.categories,
    weeks.flatMap((w) => Object.keys(w.byCategory)),
  );
  return {
    columns: [
      labels.weekAxis,
      ...categories.map((c) => c.name),
      labels.complaints,
      labels.closed,
      labels.resolved,
      labels.resolutionRate,
    ],
    rows: weeks.map((w) => [
      w.week,
      ...categories.map((c) => w.byCategory[c.key] ?? 0),
      w.complaints,
      w.closed,
      w.resolved,
      formatPercent(resolutionRate(w)),
    ]),
  };
}
