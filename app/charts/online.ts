/**
 * The online rate over time against its target, with the forecast from forecastOnline drawn as
 * a dashed line from the latest snapshot to the day the target would be reached at this pace.
 */
import type { EChartsOption, LineSeriesOption } from 'echarts';
import {
  chartFrame,
  COLORS,
  DEFAULT_FONT_FAMILY,
  escapeHtml,
  formatPercent,
  gridTop,
  NO_TEXT_BORDER,
  percentOf,
  percentValue,
  targetMarkLine,
  TIME_AXIS_LABEL,
  toPercent,
  type ChartLabels,
  type ChartStyle,
  type ChartTable,
} from './common';

export interface OnlinePoint {
  asOf: string;
  itemsOnline: number;
  /** Items that may go online: total − exempt. */
  eligible: number;
}

export interface OnlineLabels extends ChartLabels {
  /** The x axis, e.g. "统计日期". */
  dateAxis: string;
  /** The y axis with its unit, e.g. "网上可办率（%）". */
  rateAxis: string;
  /** The rate series, e.g. "网上可办率". */
  rate: string;
  target: string;
  forecast: string;
  /** Table columns. */
  itemsOnline: string;
  eligible: string;
}

export interface OnlineOptions extends ChartStyle {
  /** The online_rate target as a fraction (0.967); null draws no target line. */
  target: number | null;
  /**
   * forecastOnline's answer: reachedBy null means "not at this pace" and draws no forecast.
   * rate is the fraction reached then (default: the target).
   */
  forecast?: { reachedBy: string | null; rate?: number } | null;
}

/** The dashed segment, or null when there is nothing to forecast. */
function forecastSegment(
  series: readonly OnlinePoint[],
  options: OnlineOptions,
): [[string, number], [string, number]] | null {
  const last = series[series.length - 1];
  const reachedBy = options.forecast?.reachedBy ?? null;
  const rate = toPercent(options.forecast?.rate ?? options.target);
  const lastRate = last ? percentOf(last.itemsOnline, last.eligible) : null;
  if (!last || reachedBy === null || rate === null || lastRate === null) return null;
  if (reachedBy <= last.asOf) return null;
  return [
    [last.asOf, lastRate],
    [reachedBy, rate],
  ];
}

export function buildOnlineOption(
  series: readonly OnlinePoint[],
  options: OnlineOptions,
  labels: OnlineLabels,
): EChartsOption {
  const target = toPercent(options.target);
  const forecast = forecastSegment(series, options);
  const rate: LineSeriesOption = {
    type: 'line',
    name: labels.rate,
    // [date, rate %, items online, eligible]: the tooltip shows "54 / 75".
    data: series.map((p) => [
      p.asOf,
      percentOf(p.itemsOnline, p.eligible),
      p.itemsOnline,
      p.eligible,
    ]),
    encode: { x: 0, y: 1 },
    itemStyle: { color: COLORS.primary },
    symbolSize: 5,
  };
  if (target !== null) {
    // At the start: the forecast's end point sits on the line at the far right.
    rate.markLine = targetMarkLine(target, labels.target, 'yAxis', 'insideStartTop');
  }
  const all: LineSeriesOption[] = [rate];
  if (forecast) {
    all.push({
      type: 'line',
      name: labels.forecast,
      // No symbol where it starts (the latest snapshot has its own), a dot where it ends.
      data: [{ value: forecast[0], symbol: 'none' }, { value: forecast[1] }],
      itemStyle: { color: COLORS.primary },
      lineStyle: { type: 'dashed', width: 2 },
      symbol: 'circle',
      symbolSize: 6,
      label: {
        show: true,
        position: 'bottom',
        formatter: (p: { dataIndex: number }) => (p.dataIndex === 1 ? forecast[1][0] : ''),
        ...NO_TEXT_BORDER,
      },
    });
  }
  const fontFamily = options.fontFamily ?? DEFAULT_FONT_FAMILY;
  return {
    ...chartFrame(labels, options, {
      tooltip: { trigger: 'axis', textStyle: { fontFamily }, formatter: onlineTooltip },
    }),
    grid: { top: gridTop(labels), left: 56, right: 32, bottom: 48 },
    xAxis: {
      type: 'time',
      name: labels.dateAxis,
      nameLocation: 'middle',
      nameGap: 30,
      // Room at the right for the forecast date's label.
      boundaryGap: ['1%', '6%'],
      axisLabel: TIME_AXIS_LABEL,
    },
    yAxis: {
      type: 'value',
      name: labels.rateAxis,
      min: 0,
      max: 100,
      axisLabel: { formatter: '{value}%' },
    },
    series: all,
  };
}

/** "2020-08-03 · 网上可办率 72.0%（54 / 75）": the counts behind the rate. */
function onlineTooltip(params: unknown): string {
  const items = (Array.isArray(params) ? params : [params]) as TooltipItem[];
  const date = items[0]?.value[0] ?? '';
  const lines = items.map((p) => {
    const [, rate, online, eligible] = p.value;
    const counts =
      online !== undefined && eligible !== undefined ? ` (${online} / ${eligible})` : '';
    return `${p.marker}${escapeHtml(p.seriesName)} ${percentValue(rate)}${counts}`;
  });
  return [escapeHtml(String(date)), ...lines].join('<br/>');
}

interface TooltipItem {
  marker: string;
  seriesName: string;
  value: (string | number | null)[];
}

export function buildOnlineTable(series: readonly OnlinePoint[], labels: OnlineLabels): ChartTable {
  return {
    columns: [labels.dateAxis, labels.itemsOnline, labels.eligible, labels.rate],
    rows: series.map((p) => [
      p.asOf,
      p.itemsOnline,
      p.eligible,
      formatPercent(percentOf(p.itemsOnline, p.eligible)),
    ]),
  };
}
