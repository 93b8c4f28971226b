/**
 * Districts × recent weeks, each cell the district's status that week — "where, and since
 * when" at a glance. Statuses are told by a labelled legend (the visual map), the tooltip and
 * optionally a mark in the cell, never by colour alone. A district with no row for a week shows
 * as no data.
 */
import type { EChartsOption } from 'echarts';
import type { Status } from '../../oversight/types';
import {
  chartFrame,
  DEFAULT_FONT_FAMILY,
  escapeHtml,
  gridTop,
  legendTop,
  NO_TEXT_BORDER,
  STATUS_COLORS,
  STATUSES,
  type ChartLabels,
  type ChartStyle,
  type ChartTable,
} from './common';

export interface HeatGridRow {
  districtName: string;
  /** ISO week label, e.g. 2020-W34. */
  week: string;
  status: Status;
}

export interface HeatGridLabels extends ChartLabels {
  /** The x axis, e.g. "周次（ISO 周）". */
  weekAxis: string;
  /** The y axis, e.g. "区县". */
  districtAxis: string;
  /** The series, e.g. "综合状态". */
  series: string;
  /** Status → its words: 达标 / 接近 / 未达标 / 无数据. */
  status: Record<Status, string>;
  /** Status → a short mark drawn in each cell (e.g. ✓ △ ✗ –); none when absent. */
  statusMark?: Record<Status, string>;
}

/** Districts in the order given (e.g. by rank), weeks oldest first. */
function axes(rows: readonly HeatGridRow[]) {
  const districts = [...new Set(rows.map((r) => r.districtName))];
  const weeks = [...new Set(rows.map((r) => r.week))].sort();
  return { districts, weeks };
}

/** Every district × week, no_data where there is no row. */
export function heatGridCells(rows: readonly HeatGridRow[]) {
  const { districts, weeks } = axes(rows);
  const status = new Map(rows.map((r) => [`${r.districtName}\u0000${r.week}`, r.status]));
  return districts.flatMap((district, y) =>
    weeks.map((week, x) => ({
      x,
      y,
      district,
      week,
      status: status.get(`${district}\u0000${week}`) ?? ('no_data' as Status),
    })),
  );
}

export function buildHeatGridOption(
  rows: readonly HeatGridRow[],
  labels: HeatGridLabels,
  options: ChartStyle = {},
): EChartsOption {
  const fontFamily = options.fontFamily ?? DEFAULT_FONT_FAMILY;
  const { districts, weeks } = axes(rows);
  const cells = heatGridCells(rows);
  const mark = labels.statusMark;
  return {
    ...chartFrame(labels, options, {
      legend: false,
      tooltip: {
        trigger: 'item',
        textStyle: { fontFamily },
        formatter: (p: unknown) => {
          const value = (p as { value?: unknown[] }).value ?? [];
          const cell = cells.find((c) => c.x === value[0] && c.y === value[1]);
          if (!cell) return '';
          const where = `${escapeHtml(cell.district)} · ${escapeHtml(cell.week)}`;
          return `${where}<br/>${escapeHtml(labels.status[cell.status])}`;
        },
      },
    }),
    grid: { top: gridTop(labels, 8), left: 72, right: 16, bottom: 48 },
    xAxis: {
      type: 'category',
      name: labels.weekAxis,
      nameLocation: 'middle',
      nameGap: 30,
      data: weeks,
      splitArea: { show: false },
    },
    yAxis: {
      type: 'category',
      name: labels.districtAxis,
      nameLocation: 'start',
      data: districts,
      inverse: true,
    },
    visualMap: {
      type: 'piecewise',
      dimension: 2,
      orient: 'horizontal',
      left: 0,
      top: legendTop(labels),
      // Each status labelled in words. (A visual map `text` would hide these labels.)
      pieces: STATUSES.map((s, i) => ({
        value: i,
        label: mark ? `${mark[s]} ${labels.status[s]}` : labels.status[s],
        color: STATUS_COLORS[s],
      })),
      textStyle: { fontFamily },
    },
    series: [
      {
        type: 'heatmap',
        name: labels.series,
        data: cells.map((c) => [c.x, c.y, STATUSES.indexOf(c.status)]),
        itemStyle: { borderColor: '#ffffff', borderWidth: 1 },
        label: {
          show: mark !== undefined,
          formatter: (p: { value?: unknown }) => {
            const i = Array.isArray(p.value) ? Number(p.value[2]) : -1;
            const s = STATUSES[i];
            return s && mark ? mark[s] : '';
          },
          color: '#111827',
          ...NO_TEXT_BORDER,
        },
      },
    ],
  };
}

/** One row per district, one column per week, the status in words. */
export function buildHeatGridTable(
  rows: readonly HeatGridRow[],
  labels: HeatGridLabels,
): ChartTable {
  const { districts, weeks } = axes(rows);
  const cells = heatGridCells(rows);
  return {
    columns: [labels.districtAxis, ...weeks],
    rows: districts.map((district) => [
      district,
      ...cells.filter((c) => c.district === district).map((c) => labels.status[c.status]),
    ]),
  };
}
