/**
 * Delegations and the supervision that followed: one row per delegation batch × department on
 * a time axis, the effective date as a marker, each supervision action as a marker by type,
 * and the gap from the effective date to follow-up (or to the as-of date while none came) as a
 * bar — red, with its length in days, when it is longer than the grace days the
 * delegated_without_supervision flag allows.
 */
import type {
  CustomSeriesOption,
  CustomSeriesRenderItem,
  EChartsOption,
  ScatterSeriesOption,
} from 'echarts';
import { daysBetween } from '../../oversight/period';
import {
  CATEGORY_PALETTE,
  chartFrame,
  COLORS,
  DEFAULT_FONT_FAMILY,
  escapeHtml,
  fill,
  gridTop,
  TIME_AXIS_LABEL,
  type ChartLabels,
  type ChartStyle,
  type ChartTable,
} from './common';

export interface TimelineDelegation {
  batch: string;
  department: string;
  noticeDate: string;
  effectiveDate: string;
  fromUnit: string;
  powers: number;
  /** The day the last power got its first supervision action; null while any has had none. */
  followedUpDate: string | null;
}

export interface TimelineAction {
  date: string;
  actionType: string;
  department: string;
  performedBy: string;
}

export interface TimelineLabels extends ChartLabels {
  /** The x axis, e.g. "日期". */
  dateAxis: string;
  /** The y axis, e.g. "下放批次 · 条线". */
  rowAxis: string;
  /** A row's name, e.g. "第{batch}批 · {department}". */
  row: string;
  /** The effective-date marker, e.g. "事权下放（承接）". */
  delegation: string;
  /** Gap bars, e.g. "跟进间隔（宽限期内）" and "超过宽限期未跟进". */
  gapWithinGrace: string;
  gapBeyondGrace: string;
  /** The gap's length, e.g. "{days} 天". */
  days: string;
  /** Action type code → name (training, guidance, inspection, …). */
  actionTypes: Record<string, string>;
  /** Table columns. */
  event: string;
  department: string;
  unit: string;
  powers: string;
  gap: string;
}

export interface TimelineOptions extends ChartStyle {
  /** Days after the effective date within which follow-up is expected (the flag's graceDays). */
  graceDays: number;
  /**
   * Where a gap with no follow-up yet ends: the period end (or today). Default: the latest date
   * in the data, so the builder stays pure.
   */
  asOf?: string;
}

export interface TimelineGap {
  row: string;
  start: string;
  end: string;
  days: number;
  /** Longer than the grace days. */
  late: boolean;
  /** No follow-up by the as-of date: the gap is still growing. */
  open: boolean;
}

const rowName = (labels: TimelineLabels, d: { batch: string; department: string }) =>
  fill(labels.row, { batch: d.batch, department: d.department });

function latestDate(
  delegations: readonly TimelineDelegation[],
  actions: readonly TimelineAction[],
) {
  const dates = [
    ...delegations.flatMap((d) => [d.effectiveDate, d.followedUpDate ?? d.effectiveDate]),
    ...actions.map((a) => a.date),
  ];
  return dates.reduce((m, d) => (d > m ? d : m), '');
}

/** Each delegation's gap; the rule the chart colours by, for the table and the tests. */
export function timelineGaps(
  delegations: readonly TimelineDelegation[],
  actions: readonly TimelineAction[],
  labels: TimelineLabels,
  options: TimelineOptions,
): TimelineGap[] {
  const asOf = options.asOf ?? latestDate(delegations, actions);
  return delegations
    .filter((d) => d.effectiveDate <= asOf)
    .map((d) => {
      const open = d.followedUpDate === null || d.followedUpDate > asOf;
      const end = open ? asOf : d.followedUpDate!;
      const days = daysBetween(d.effectiveDate, end);
      return {
        row: rowName(labels, d),
        start: d.effectiveDate,
        end,
        days,
        late: days > options.graceDays,
        open,
      };
    });
}

/** Rows: one per delegation, then a row for a department with actions but no delegation. */
function timelineRows(
  delegations: readonly TimelineDelegation[],
  actions: readonly TimelineAction[],
  labels: TimelineLabels,
): { name: string; department: string }[] {
  const rows = delegations.map((d) => ({ name: rowName(labels, d), department: d.department }));
  const covered = new Set(delegations.map((d) => d.department));
  for (const department of new Set(actions.map((a) => a.department))) {
    if (!covered.has(department)) rows.push({ name: department, department });
  }
  return [...new Map(rows.map((r) => [r.name, r])).values()];
}

export function buildTimelineOption(
  delegations: readonly TimelineDelegation[],
  actions: readonly TimelineAction[],
  labels: TimelineLabels,
  options: TimelineOptions,
): EChartsOption {
  const fontFamily = options.fontFamily ?? DEFAULT_FONT_FAMILY;
  const rows = timelineRows(delegations, actions, labels);
  const gaps = timelineGaps(delegations, actions, labels, options);

  const renderGap: CustomSeriesRenderItem = (_params, api) => {
    const row = api.value(0);
    const start = api.coord([api.value(1), row]);
    const end = api.coord([api.value(2), row]);
    const band = api.size?.([0, 1]);
    const height = (Array.isArray(band) ? (band[1] ?? 20) : 20) * 0.32;
    const [x0 = 0, y = 0] = start;
    const [x1 = 0] = end;
    const days = Number(api.value(3));
    return {
      type: 'rect',
      shape: { x: x0, y: y - height / 2, width: Math.max(x1 - x0, 2), height },
      style: { fill: String(api.visual('color')) },
      // A zrender text, so no label defaults apply: no stroke is drawn unless asked for.
      textContent: {
        type: 'text',
        style: { text: fill(labels.days, { days }), fill: '#1f2937', font: `12px ${fontFamily}` },
      },
      // Above the bar: markers sit at its ends.
      textConfig: { position: 'top', distance: 4 },
    };
  };
  const gapSeries = (late: boolean): CustomSeriesOption => ({
    type: 'custom',
    name: late ? labels.gapBeyondGrace : labels.gapWithinGrace,
    renderItem: renderGap,
    dimensions: [
      { name: 'row', type: 'ordinal' },
      { name: 'start', type: 'time' },
      { name: 'end', type: 'time' },
      { name: 'days', type: 'number' },
    ],
    encode: { y: 0, x: [1, 2] },
    data: gaps.filter((g) => g.late === late).map((g) => [g.row, g.start, g.end, g.days]),
    itemStyle: { color: late ? COLORS.alert : COLORS.muted },
    z: 1,
  });

  const actionTypes = [...new Set(actions.map((a) => a.actionType))];
  const known = Object.keys(labels.actionTypes);
  actionTypes.sort((a, b) => rank(known, a) - rank(known, b) || a.localeCompare(b));
  const actionSeries: ScatterSeriesOption[] = actionTypes.map((type, i) => ({
    type: 'scatter',
    name: labels.actionTypes[type] ?? type,
    data: rows.flatMap((r) =>
      actions
        .filter((a) => a.actionType === type && a.department === r.department)
        .map((a) => [a.date, r.name, a.performedBy]),
    ),
    encode: { x: 0, y: 1 },
    symbol: ACTION_SYMBOLS[i % ACTION_SYMBOLS.length],
    symbolSize: 10,
    itemStyle: { color: actionColor(known, type, i) },
    z: 4,
  }));

  return {
    ...chartFrame(labels, options, {
      tooltip: {
        trigger: 'item',
        textStyle: { fontFamily },
        formatter: (params: unknown) => timelineTooltip(params as TooltipItem, labels),
      },
    }),
    grid: { top: gridTop(labels), left: 96, right: 64, bottom: 48 },
    xAxis: {
      type: 'time',
      name: labels.dateAxis,
      nameLocation: 'middle',
      nameGap: 30,
      // Room at both ends for the markers on the first and last dates.
      boundaryGap: ['3%', '3%'],
      axisLabel: TIME_AXIS_LABEL,
    },
    yAxis: {
      type: 'category',
      name: labels.rowAxis,
      // Inverse: the first row on top, and 'start' puts the name above it.
      nameLocation: 'start',
      data: rows.map((r) => r.name),
      inverse: true,
    },
    series: [
      gapSeries(false),
      gapSeries(true),
      {
        type: 'scatter',
        name: labels.delegation,
        data: delegations.map((d) => [d.effectiveDate, rowName(labels, d), d.powers, d.fromUnit]),
        encode: { x: 0, y: 1 },
        symbol: 'diamond',
        symbolSize: 14,
        itemStyle: { color: COLORS.primary },
        z: 5,
      },
      ...actionSeries,
    ],
  };
}

interface TooltipItem {
  marker: string;
  seriesName: string;
  seriesType: string;
  /** The data item as given: gap [row, start, end, days], delegation [date, row, powers,
   * fromUnit], action [date, row, performedBy]. */
  data: (string | number)[];
}

/** Tooltips in the chart's own words (not ECharts' dimension names). */
function timelineTooltip(p: TooltipItem, labels: TimelineLabels): string {
  const d = p.data.map((x) => escapeHtml(String(x)));
  const head = `${p.marker}${escapeHtml(p.seriesName)}`;
  if (p.seriesType === 'custom') {
    const days = escapeHtml(fill(labels.days, { days: Number(p.data[3]) }));
    return `${head}<br/>${d[0]}: ${d[1]} → ${d[2]} · ${days}`;
  }
  if (d.length === 4)
    return `${head} · ${d[1]}<br/>${d[0]} · ${d[3]} · ${escapeHtml(labels.powers)} ${d[2]}`;
  return `${head} · ${d[1]}<br/>${d[0]} · ${d[2]}`;
}

const ACTION_SYMBOLS = ['circle', 'triangle', 'rect', 'roundRect', 'pin'] as const;

/** A known type keeps its colour across districts; the palette's blue is left to delegations. */
function actionColor(known: readonly string[], type: string, index: number): string {
  const colors = CATEGORY_PALETTE.slice(1);
  const k = known.indexOf(type);
  return colors[(k === -1 ? known.length + index : k) % colors.length]!;
}

const rank = (order: readonly string[], key: string) => {
  const i = order.indexOf(key);
  return i === -1 ? order.length : i;
};

export function buildTimelineTable(
  delegations: readonly TimelineDelegation[],
  actions: readonly TimelineAction[],
  labels: TimelineLabels,
  options: TimelineOptions,
): ChartTable {
  const gaps = new Map(timelineGaps(delegations, actions, labels, options).map((g) => [g.row, g]));
  const rows: ChartTable['rows'] = [
    ...delegations.map((d) => {
      const gap = gaps.get(rowName(labels, d));
      const days = gap ? fill(labels.days, { days: gap.days }) : null;
      const gapText = gap?.late ? `${days} · ${labels.gapBeyondGrace}` : days;
      return [
        d.effectiveDate,
        `${labels.delegation} · ${rowName(labels, d)}`,
        d.department,
        d.fromUnit,
        d.powers,
        gapText,
      ];
    }),
    ...actions.map((a) => [
      a.date,
      labels.actionTypes[a.actionType] ?? a.actionType,
      a.department,
      a.performedBy,
      null,
      null,
    ]),
  ];
  rows.sort((a, b) => String(a[0]).localeCompare(String(b[0])));
  return {
    columns: [
      labels.dateAxis,
      labels.event,
      labels.department,
      labels.unit,
      labels.powers,
      labels.gap,
    ],
    rows,
  };
}
