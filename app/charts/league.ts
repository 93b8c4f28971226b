/**
 * One metric for every district as horizontal bars against its target — the league charts of
 * the overview and the weekly PDF (utilization by district, online rate against the target,
 * supervision coverage). Values and targets are fractions, shown as percentages. When every
 * district has the same target it is one labelled line; when targets differ (a district row
 * in the targets table) each district gets its own target mark.
 */
import type {
  BarSeriesOption,
  EChartsOption,
  LineSeriesOption,
  ScatterSeriesOption,
} from 'echarts';
import type { Status } from '../../oversight/types';
import {
  chartFrame,
  COLORS,
  DEFAULT_FONT_FAMILY,
  escapeHtml,
  formatPercent,
  gridTop,
  NO_TEXT_BORDER,
  percentValue,
  STATUS_COLORS,
  targetMarkLine,
  toPercent,
  type ChartLabels,
  type ChartStyle,
  type ChartTable,
} from './common';

export interface DistrictValue {
  districtName: string;
  /** The metric as a fraction (0.72); null: no data. */
  value: number | null;
  /** The district's target as a fraction; null: none. */
  target: number | null;
  /** Colours the bar; the value label and the table carry the same information in words. */
  status?: Status;
  /** "54 / 75" in the tooltip and table, when the metric has counts. */
  numerator?: number | null;
  denominator?: number | null;
}

export interface LeagueLabels extends ChartLabels {
  /** The value axis with its unit, e.g. "号源使用率（%）". */
  valueAxis: string;
  /** The category axis, e.g. "区县". */
  districtAxis: string;
  /** The bars, e.g. "号源使用率". */
  value: string;
  target: string;
  /** Table column for "x / y", when units carry counts. */
  counts?: string;
}

/** The target to draw as one line, or null when districts' targets differ or none is set. */
export function commonTarget(units: readonly DistrictValue[]): number | null {
  const targets = [...new Set(units.map((u) => u.target).filter((t) => t !== null))];
  return targets.length === 1 && units.every((u) => u.target !== null) ? targets[0]! : null;
}

function buildTargetBarsOption(
  units: readonly DistrictValue[],
  labels: LeagueLabels,
  options: ChartStyle = {},
): EChartsOption {
  const fontFamily = options.fontFamily ?? DEFAULT_FONT_FAMILY;
  const names = units.map((u) => u.districtName);
  const values = units.map((u) => toPercent(u.value));
  const shared = toPercent(commonTarget(units));
  const max = Math.max(100, ...values.map((v) => v ?? 0));

  const bars: BarSeriesOption = {
    type: 'bar',
    name: labels.value,
    data: units.map((u, i) => ({
      value: values[i] ?? null,
      itemStyle: { color: u.status ? STATUS_COLORS[u.status] : COLORS.primary },
    })),
    // With status colours the legend shows a neutral swatch: no single colour is "the" bar.
    itemStyle: { color: units.some((u) => u.status) ? COLORS.neutral : COLORS.primary },
    barMaxWidth: 16,
    label: {
      show: true,
      position: 'right',
      formatter: (p: { value?: unknown }) =>
        typeof p.value === 'number' ? percentValue(p.value) : '',
      color: '#1f2937',
      ...NO_TEXT_BORDER,
    },
  };
  // The target gets a series of its own so the legend names it.
  const target: LineSeriesOption | ScatterSeriesOption =
    shared !== null
      ? {
          type: 'line',
          name: labels.target,
          data: [],
          itemStyle: { color: COLORS.target },
          // The y axis is inverted: 'start' is the top, above the first bar.
          markLine: targetMarkLine(shared, labels.target, 'xAxis', 'start'),
        }
      : {
          type: 'scatter',
          name: labels.target,
          data: units.map((u) => [toPercent(u.target), u.districtName]),
          symbol: 'rect',
          symbolSize: [3, 18],
          itemStyle: { color: COLORS.target },
          z: 5,
        };

  return {
    ...chartFrame(labels, options, {
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        textStyle: { fontFamily },
        formatter: (params: unknown) => {
          const first = (Array.isArray(params) ? params[0] : params) as { dataIndex?: number };
          const u = units[first?.dataIndex ?? -1];
          if (!u) return '';
          const counts =
            u.numerator != null && u.denominator != null
              ? ` (${u.numerator} / ${u.denominator})`
              : '';
          return [
            escapeHtml(u.districtName),
            `${escapeHtml(labels.value)} ${percentValue(toPercent(u.value))}${counts}`,
            `${escapeHtml(labels.target)} ${percentValue(toPercent(u.target))}`,
          ].join('<br/>');
        },
      },
    }),
    grid: { top: gridTop(labels), left: 72, right: 56, bottom: 40 },
    xAxis: {
      type: 'value',
      name: labels.valueAxis,
      nameLocation: 'middle',
      nameGap: 26,
      min: 0,
      max,
      axisLabel: { formatter: '{value}%' },
    },
    yAxis: {
      type: 'category',
      name: labels.districtAxis,
      nameLocation: 'start',
      data: names,
      inverse: true,
    },
    series: [bars, target],
  };
}

function buildTargetBarsTable(units: readonly DistrictValue[], labels: LeagueLabels): ChartTable {
  const withCounts = labels.counts !== undefined && units.some((u) => u.denominator != null);
  return {
    columns: [
      labels.districtAxis,
      labels.value,
      ...(withCounts ? [labels.counts!] : []),
      labels.target,
    ],
    rows: units.map((u) => [
      u.districtName,
      formatPercent(toPercent(u.value)),
      ...(withCounts
        ? [
            u.numerator != null && u.denominator != null
              ? `${u.numerator} / ${u.denominator}`
              : null,
          ]
        : []),
      formatPercent(toPercent(u.target)),
    ]),
  };
}

/** Ticket utilization (issued ÷ capacity) by district against its target. */
export const buildUtilizationByDistrictOption = buildTargetBarsOption;
export const buildUtilizationByDistrictTable = buildTargetBarsTable;

/** The online rate (items online ÷ eligible) by district against the 96.7% target. */
export const buildOnlineVsTargetOption = buildTargetBarsOption;
export const buildOnlineVsTargetTable = buildTargetBarsTable;

/** Supervision coverage (powers followed up within the grace days ÷ powers due) by district. */
export const buildSupervisionCoverageOption = buildTargetBarsOption;
export const buildSupervisionCoverageTable = buildTargetBarsTable;
