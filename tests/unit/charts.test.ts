import type { EChartsOption } from 'echarts';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { markedDays } from '../../oversight/calendar';
import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  buildCalendarOption,
  buildCalendarTable,
  type CalendarLabels,
} from '../../app/charts/calendar';
import {
  COLORS,
  DEFAULT_FONT_FAMILY,
  NO_TEXT_BORDER,
  type ChartTable,
} from '../../app/charts/common';
import {
  buildComplaintsOption,
  buildComplaintsTable,
  type ComplaintsLabels,
  type WeekComplaints,
} from '../../app/charts/complaints';
import {
  buildHeatGridOption,
  buildHeatGridTable,
  type HeatGridLabels,
  type HeatGridRow,
} from '../../app/charts/heat-grid';
import {
  buildOnlineVsTargetOption,
  buildSupervisionCoverageOption,
  buildUtilizationByDistrictOption,
  buildUtilizationByDistrictTable,
  type DistrictValue,
  type LeagueLabels,
} from '../../app/charts/league';
import {
  buildOnlineOption,
  buildOnlineTable,
  type OnlineLabels,
  type OnlinePoint,
} from '../../app/charts/online';
import {
  buildTicketsOption,
  buildTicketsTable,
  type TicketDay,
  type TicketsLabels,
} from '../../app/charts/tickets';
import {
  buildTimelineOption,
  buildTimelineTable,
  timelineGaps,
  type TimelineAction,
  type TimelineDelegation,
  type TimelineLabels,
} from '../../app/charts/timeline';
import { CHART_MODULES } from '../../app/charts/modules';
import { EChart } from '../../app/components/EChart';
import { DEFAULT_FLAG_CONFIG } from '../../oversight/flags/config';
import { forecastOnline } from '../../oversight/forecast';
import { isThrottledDay } from '../../oversight/flags/rules';

// --- what a test looks at ---------------------------------------------------------------------

type AnyRecord = Record<string, unknown>;
const asArray = <T>(x: T | T[] | undefined): T[] =>
  x === undefined ? [] : Array.isArray(x) ? x : [x];
const seriesOf = (o: EChartsOption) => asArray(o.series) as AnyRecord[];
const seriesNamed = (o: EChartsOption, name: string) => {
  const s = seriesOf(o).find((x) => x.name === name);
  if (!s) throw new Error(`no series named ${name}`);
  return s;
};
const axisNames = (o: EChartsOption, axis: 'xAxis' | 'yAxis') =>
  asArray(o[axis] as AnyRecord | AnyRecord[]).map((a) => a.name);

/** The frame every chart must have: title, legend, tooltip, aria, the font. */
function expectFrame(o: EChartsOption, title: string) {
  expect((asArray(o.title)[0] as AnyRecord).text).toBe(title);
  expect(o.legend).toBeDefined();
  expect(o.tooltip).toBeDefined();
  expect(o.aria).toMatchObject({ enabled: true });
  expect(o.textStyle).toMatchObject({ fontFamily: DEFAULT_FONT_FAMILY, ...NO_TEXT_BORDER });
}

/**
 * Renders the option the way the PDF does: ECharts server-side SVG, with only the modules
 * <EChart> registers (app/charts/modules.ts). A builder using anything else makes ECharts log
 * "is used but not imported", which fails the test (tests/setup.ts fails on console.error;
 * ECharts' warnings fail it below).
 */
echarts.use([...CHART_MODULES, SVGRenderer]);
const charts: echarts.ECharts[] = [];
const warn = vi.spyOn(console, 'warn');
beforeEach(() => warn.mockClear());
afterEach(() => {
  for (const c of charts.splice(0)) c.dispose();
  const echartsWarnings = warn.mock.calls
    .map((c) => String(c[0]))
    .filter((m) => m.includes('ECharts'));
  expect(echartsWarnings).toEqual([]);
});
function renderSvg(option: EChartsOption): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: 800, height: 400 });
  charts.push(chart);
  chart.setOption(option);
  return chart.renderToSVGString();
}
function expectRenders(option: EChartsOption, mustContain: string[] = []) {
  const svg = renderSvg(option);
  expect(svg).toContain('<svg');
  expect(svg).not.toContain('NaN');
  expect(svg).not.toContain('undefined');
  for (const text of mustContain) expect(svg).toContain(text);
  return svg;
}

function expectTable(table: ChartTable, columns: number, rows: number) {
  expect(table.columns).toHaveLength(columns);
  expect(table.rows).toHaveLength(rows);
  for (const row of table.rows) expect(row).toHaveLength(columns);
}

// --- daily tickets ----------------------------------------------------------------------------

const ticketsLabels: TicketsLabels = {
  title: '每日放号与到场人数',
  dateAxis: '日期',
  countAxis: '数量（张 / 人）',
  issued: '发放号数',
  capacity: '日可办理量',
  visitors: '到场人数',
  throttled: '限号日',
  outOfQueue: '未取号办理（件）',
  yes: '是',
  no: '否',
};

/** One row per case a reader would recognise. */
const ticketDays: (TicketDay & { why: string })[] = [
  {
    why: 'a normal day',
    date: '2020-07-17',
    ticketCapacity: 120,
    ticketsIssued: 110,
    visitors: 105,
  },
  {
    why: '60 of 120 with 204 visitors',
    date: '2020-07-20',
    ticketCapacity: 120,
    ticketsIssued: 60,
    visitors: 204,
    casesOutOfQueue: 9,
  },
  {
    why: 'few issued, but nobody else came',
    date: '2020-07-21',
    ticketCapacity: 120,
    ticketsIssued: 50,
    visitors: 50,
  },
  {
    why: 'exactly at 80%: not below',
    date: '2020-07-22',
    ticketCapacity: 120,
    ticketsIssued: 96,
    visitors: 150,
  },
  {
    why: 'just under 80% with a queue',
    date: '2020-07-23',
    ticketCapacity: 120,
    ticketsIssued: 95,
    visitors: 150,
  },
];

describe('buildTicketsOption', () => {
  const option = buildTicketsOption(ticketDays, ticketsLabels, { throttledThreshold: 0.8 });

  it('draws issued as bars, capacity and visitors as lines, day by day', () => {
    expectFrame(option, ticketsLabels.title);
    expect(seriesNamed(option, '发放号数')).toMatchObject({ type: 'bar' });
    expect(seriesNamed(option, '日可办理量')).toMatchObject({
      type: 'line',
      data: [120, 120, 120, 120, 120],
    });
    expect(seriesNamed(option, '到场人数')).toMatchObject({
      type: 'line',
      data: [105, 204, 50, 150, 150],
    });
    expect(axisNames(option, 'yAxis')).toEqual(['数量（张 / 人）']);
    expect(axisNames(option, 'xAxis')).toEqual(['日期']);
    expect((option.xAxis as AnyRecord).data).toEqual(ticketDays.map((d) => d.date));
  });

  it('says in the tooltip that a marked day was throttled, not the marker’s height', () => {
    const marker = seriesNamed(option, '限号日') as { tooltip?: { valueFormatter?: () => string } };
    expect(marker.tooltip?.valueFormatter?.()).toBe(ticketsLabels.yes);
  });

  it('marks exactly the days isThrottledDay says', () => {
    const ruled = ticketDays
      .filter((d) => isThrottledDay(d, DEFAULT_FLAG_CONFIG))
      .map((d) => d.date);
    expect(ruled).toEqual(['2020-07-20', '2020-07-23']);
    const marks = seriesNamed(option, '限号日');
    expect(marks.type).toBe('scatter');
    expect((marks.data as [string, number][]).map(([date]) => date)).toEqual(ruled);
    const bars = seriesNamed(option, '发放号数').data as unknown[];
    const red = bars.map((b) => typeof b === 'object');
    expect(red).toEqual(ticketDays.map((d) => ruled.includes(d.date)));
  });

  it('follows the threshold it is given', () => {
    const strict = buildTicketsOption(ticketDays, ticketsLabels, { throttledThreshold: 0.5 });
    expect((seriesNamed(strict, '限号日').data as unknown[]).length).toBe(0);
    const loose = buildTicketsOption(ticketDays, ticketsLabels, { throttledThreshold: 0.9 });
    expect((seriesNamed(loose, '限号日').data as [string][]).map(([d]) => d)).toEqual([
      '2020-07-20',
      '2020-07-22',
      '2020-07-23',
    ]);
  });

  it('renders to SVG with its Chinese title and a settable font', () => {
    expectRenders(option, ['每日放号与到场人数', 'Noto Sans SC']);
    const other = buildTicketsOption(ticketDays, ticketsLabels, { fontFamily: 'Source Han Sans' });
    expect(expectRenders(other, ['Source Han Sans'])).not.toContain('Noto Sans SC');
  });

  it('draws the bars at full height when rendered on the server (no animation frame)', () => {
    expect(option.animation).toBe(false);
    const svg = renderSvg(option);
    const red = new RegExp(
      `<path d="M[\\d.]+ [\\d.]+l[\\d.]+ 0l0 -([\\d.]+)l[^"]*" fill="${COLORS.alert}"`,
      'g',
    );
    const heights = [...svg.matchAll(red)].map((m) => Number(m[1]));
    expect(heights).toHaveLength(2);
    expect(heights[0]! / heights[1]!).toBeCloseTo(60 / 95, 2);
  });

  it('takes a description for screen readers in place of the generated one', () => {
    const described = buildTicketsOption(ticketDays, { ...ticketsLabels, description: '2 天限号' });
    expect(described.aria).toEqual({ enabled: true, label: { description: '2 天限号' } });
    expectRenders(described);
  });

  it('renders with no data', () => {
    expectRenders(buildTicketsOption([], ticketsLabels));
  });

  it('has a table with the same days and the throttled ones named', () => {
    const table = buildTicketsTable(ticketDays, ticketsLabels);
    expectTable(table, 6, 5);
    expect(table.rows[1]).toEqual(['2020-07-20', 120, 60, 204, 9, '是']);
    expect(table.rows[0]).toEqual(['2020-07-17', 120, 110, 105, null, '否']);
  });
});

// --- online rate ------------------------------------------------------------------------------

const onlineLabels: OnlineLabels = {
  title: '网上可办事项',
  dateAxis: '统计日期',
  rateAxis: '网上可办率（%）',
  rate: '网上可办率',
  target: '目标',
  forecast: '按当前进度预测',
  itemsOnline: '网上可办（项）',
  eligible: '应上网事项（项）',
};

const onlineSeries: OnlinePoint[] = [
  { asOf: '2020-08-03', itemsOnline: 54, eligible: 75 },
  { asOf: '2020-08-10', itemsOnline: 54, eligible: 75 },
  { asOf: '2020-08-17', itemsOnline: 58, eligible: 75 },
  { asOf: '2020-08-24', itemsOnline: 62, eligible: 75 },
];

describe('buildOnlineOption', () => {
  const forecast = forecastOnline(onlineSeries, Math.ceil(0.967 * 75), '2020-08-24', 8);

  it('draws the rate in percent against the target line', () => {
    const option = buildOnlineOption(onlineSeries, { target: 0.967 }, onlineLabels);
    expectFrame(option, onlineLabels.title);
    const rate = seriesNamed(option, '网上可办率');
    expect((rate.data as unknown[][]).map((p) => p.slice(0, 2))).toEqual([
      ['2020-08-03', 72],
      ['2020-08-10', 72],
      ['2020-08-17', 77.3],
      ['2020-08-24', 82.7],
    ]);
    const markLine = rate.markLine as { data: { yAxis: number }[] };
    expect(markLine.data).toEqual([expect.objectContaining({ yAxis: 96.7 })]);
    expect(axisNames(option, 'yAxis')).toEqual(['网上可办率（%）']);
    expect(axisNames(option, 'xAxis')).toEqual(['统计日期']);
  });

  it('adds a dashed forecast to the date forecastOnline gives', () => {
    expect(forecast.reachedBy).not.toBeNull();
    const option = buildOnlineOption(onlineSeries, { target: 0.967, forecast }, onlineLabels);
    const dashed = seriesNamed(option, '按当前进度预测');
    expect(dashed.lineStyle).toMatchObject({ type: 'dashed' });
    expect((dashed.data as { value: unknown }[]).map((p) => p.value)).toEqual([
      ['2020-08-24', 82.7],
      [forecast.reachedBy, 96.7],
    ]);
    expectRenders(option, [forecast.reachedBy!]);
  });

  it('draws no forecast when there is none or the pace never gets there', () => {
    const names = (o: EChartsOption) => seriesOf(o).map((s) => s.name);
    expect(names(buildOnlineOption(onlineSeries, { target: 0.967 }, onlineLabels))).toEqual([
      '网上可办率',
    ]);
    const stalled = forecastOnline(onlineSeries.slice(0, 2), 73, '2020-08-10', 8);
    expect(stalled.reachedBy).toBeNull();
    expect(
      names(buildOnlineOption(onlineSeries, { target: 0.967, forecast: stalled }, onlineLabels)),
    ).toEqual(['网上可办率']);
  });

  it('draws no target line without a target', () => {
    const option = buildOnlineOption(onlineSeries, { target: null }, onlineLabels);
    expect(seriesNamed(option, '网上可办率').markLine).toBeUndefined();
    expectRenders(option);
  });

  it('renders, and keeps a gap for a snapshot with nothing eligible', () => {
    const withEmpty = [...onlineSeries, { asOf: '2020-08-31', itemsOnline: 0, eligible: 0 }];
    const option = buildOnlineOption(withEmpty, { target: 0.967, forecast }, onlineLabels);
    expect((seriesNamed(option, '网上可办率').data as unknown[][])[4]?.[1]).toBeNull();
    expectRenders(option, ['目标 96.7%']);
    expectRenders(buildOnlineOption([], { target: 0.967, forecast }, onlineLabels));
  });

  it('has a table with "x / y" counts and the rate', () => {
    const table = buildOnlineTable(onlineSeries, onlineLabels);
    expectTable(table, 4, 4);
    expect(table.rows[0]).toEqual(['2020-08-03', 54, 75, '72.0%']);
  });
});

// --- complaints -------------------------------------------------------------------------------

const complaintsLabels: ComplaintsLabels = {
  title: '投诉工单（按周）',
  weekAxis: '周次',
  countAxis: '投诉（件）',
  rateAxis: '解决率（%）',
  resolutionRate: '解决率',
  categories: { appointment: '预约难', queue: '排队', intermediary: '黄牛代办', other: '其他' },
  complaints: '投诉（件）',
  closed: '已办结（件）',
  resolved: '已解决（件）',
};

const weeks: WeekComplaints[] = [
  { week: '2020-W32', complaints: 3, closed: 3, resolved: 3, byCategory: { other: 3 } },
  {
    week: '2020-W33',
    complaints: 18,
    closed: 18,
    resolved: 0,
    byCategory: { appointment: 10, queue: 8 },
  },
  { week: '2020-W34', complaints: 0, closed: 0, resolved: 0, byCategory: {} },
  {
    week: '2020-W35',
    complaints: 4,
    closed: 2,
    resolved: 1,
    byCategory: { intermediary: 3, mystery: 1 },
  },
];

describe('buildComplaintsOption', () => {
  const option = buildComplaintsOption(weeks, complaintsLabels);

  it('stacks the categories that occur, in the labels’ order, with unknown codes last', () => {
    expectFrame(option, complaintsLabels.title);
    const bars = seriesOf(option).filter((s) => s.type === 'bar');
    expect(bars.map((s) => s.name)).toEqual(['预约难', '排队', '黄牛代办', '其他', 'mystery']);
    expect(new Set(bars.map((s) => s.stack))).toEqual(new Set(['complaints']));
    expect(seriesNamed(option, '预约难').data).toEqual([0, 10, 0, 0]);
  });

  it('puts the resolution rate (resolved ÷ closed) on a 0–100% second axis', () => {
    const rate = seriesNamed(option, '解决率');
    expect(rate).toMatchObject({ type: 'line', yAxisIndex: 1 });
    expect(rate.data).toEqual([100, 0, null, 50]);
    expect(axisNames(option, 'yAxis')).toEqual(['投诉（件）', '解决率（%）']);
    expect((option.yAxis as AnyRecord[])[1]).toMatchObject({ min: 0, max: 100 });
  });

  it('renders, with data and without', () => {
    expectRenders(option, ['2020-W33']);
    expectRenders(buildComplaintsOption([], complaintsLabels));
  });

  it('has a table with a column per category', () => {
    const table = buildComplaintsTable(weeks, complaintsLabels);
    expectTable(table, 10, 4);
    expect(table.rows[3]).toEqual(['2020-W35', 0, 0, 3, 0, 1, 4, 2, 1, '50.0%']);
    expect(table.rows[2]?.at(-1)).toBeNull();
  });
});

// --- delegation timeline ----------------------------------------------------------------------

const timelineLabels: TimelineLabels = {
  title: '事权下放与监管跟进',
  dateAxis: '日期',
  rowAxis: '下放批次',
  row: '第{batch}批 · {department}',
  delegation: '事权下放（承接）',
  gapWithinGrace: '跟进间隔（宽限期内）',
  gapBeyondGrace: '超过宽限期未跟进',
  days: '{days} 天',
  actionTypes: { training: '培训', guidance: '指导', inspection: '督导检查' },
  event: '事件',
  department: '条线',
  unit: '单位',
  powers: '事权（项）',
  gap: '跟进间隔',
};

const delegations: TimelineDelegation[] = [
  {
    batch: 'A',
    department: '医保',
    noticeDate: '2020-06-15',
    effectiveDate: '2020-06-22',
    fromUnit: '哈尔滨市医疗保障局',
    powers: 45,
    followedUpDate: '2020-09-28',
  },
  {
    batch: 'B',
    department: '社保',
    noticeDate: '2020-07-20',
    effectiveDate: '2020-08-03',
    fromUnit: '哈尔滨市人力资源和社会保障局',
    powers: 12,
    followedUpDate: '2020-08-14',
  },
];
const actions: TimelineAction[] = [
  { date: '2020-08-14', actionType: 'training', department: '社保', performedBy: '市人社局' },
  { date: '2020-08-28', actionType: 'inspection', department: '社保', performedBy: '市人社局' },
  { date: '2020-09-28', actionType: 'training', department: '医保', performedBy: '市医保局' },
];

describe('buildTimelineOption', () => {
  const options = { graceDays: 30, asOf: '2020-10-31' };
  const option = buildTimelineOption(delegations, actions, timelineLabels, options);

  it('marks each delegation on its row and each action by type', () => {
    expectFrame(option, timelineLabels.title);
    expect((option.yAxis as AnyRecord).data).toEqual(['第A批 · 医保', '第B批 · 社保']);
    expect(axisNames(option, 'xAxis')).toEqual(['日期']);
    expect(axisNames(option, 'yAxis')).toEqual(['下放批次']);
    const marks = seriesNamed(option, '事权下放（承接）').data as unknown[][];
    expect(marks.map((m) => m.slice(0, 2))).toEqual([
      ['2020-06-22', '第A批 · 医保'],
      ['2020-08-03', '第B批 · 社保'],
    ]);
    expect(seriesNamed(option, '培训')).toMatchObject({ type: 'scatter' });
    expect((seriesNamed(option, '培训').data as unknown[][]).map((p) => p.slice(0, 2))).toEqual([
      ['2020-09-28', '第A批 · 医保'],
      ['2020-08-14', '第B批 · 社保'],
    ]);
    expect((seriesNamed(option, '督导检查').data as unknown[][]).length).toBe(1);
  });

  it('shows a gap longer than the grace days in red, a timely one in grey', () => {
    const late = seriesNamed(option, '超过宽限期未跟进');
    const timely = seriesNamed(option, '跟进间隔（宽限期内）');
    expect(late.data).toEqual([['第A批 · 医保', '2020-06-22', '2020-09-28', 98]]);
    expect(timely.data).toEqual([['第B批 · 社保', '2020-08-03', '2020-08-14', 11]]);
    expect(late.itemStyle).toMatchObject({ color: '#c62828' });
    expectRenders(option, ['98 天', '11 天', '第A批 · 医保']);
  });

  it('runs an open gap to the as-of date', () => {
    const open = [{ ...delegations[0]!, followedUpDate: null }];
    const [gap] = timelineGaps(open, [], timelineLabels, options);
    expect(gap).toMatchObject({ end: '2020-10-31', days: 131, late: true, open: true });
    const early = timelineGaps(open, [], timelineLabels, { graceDays: 30, asOf: '2020-07-10' });
    expect(early[0]).toMatchObject({ days: 18, late: false, open: true });
    // Without an as-of date: the latest date in the data, never the clock.
    const [pure] = timelineGaps(open, actions, timelineLabels, { graceDays: 30 });
    expect(pure?.end).toBe('2020-09-28');
  });

  it('renders with no data', () => {
    expectRenders(buildTimelineOption([], [], timelineLabels, options));
  });

  it('has a table of events in date order with the gap in words', () => {
    const table = buildTimelineTable(delegations, actions, timelineLabels, options);
    expectTable(table, 6, 5);
    expect(table.rows.map((r) => r[0])).toEqual([
      '2020-06-22',
      '2020-08-03',
      '2020-08-14',
      '2020-08-28',
      '2020-09-28',
    ]);
    expect(table.rows[0]?.[5]).toBe('98 天 · 超过宽限期未跟进');
    expect(table.rows[1]?.[5]).toBe('11 天');
  });
});

// --- calendar ---------------------------------------------------------------------------------

const calendarLabels: CalendarLabels = {
  title: '号源使用率日历',
  utilization: '号源使用率（%）',
  date: '日期',
  issued: '发放号数',
  capacity: '日可办理量',
};

describe('buildCalendarOption', () => {
  it('colours each day by tickets issued ÷ capacity, in labelled bands', () => {
    const option = buildCalendarOption(ticketDays, calendarLabels, { year: 2020 });
    expectFrame(option, calendarLabels.title);
    expect(option.calendar).toMatchObject({ range: '2020' });
    const heat = seriesNamed(option, '号源使用率（%）');
    expect(heat).toMatchObject({ type: 'heatmap', coordinateSystem: 'calendar' });
    expect((heat.data as unknown[][])[1]).toEqual(['2020-07-20', 50]);
    const pieces = (option.visualMap as { pieces: { label: string }[] }).pieces;
    expect(pieces.map((p) => p.label)).toEqual(['< 50%', '50–80%', '80–90%', '≥ 90%']);
    expectRenders(option, ['≥ 90%']);
  });

  it('takes a date range, and skips days without capacity', () => {
    const days = [...ticketDays, { date: '2020-07-24', ticketsIssued: 0, ticketCapacity: 0 }];
    const option = buildCalendarOption(days, calendarLabels, {
      range: ['2020-07-01', '2020-08-31'],
    });
    expect(option.calendar).toMatchObject({ range: ['2020-07-01', '2020-08-31'] });
    expect((seriesNamed(option, '号源使用率（%）').data as unknown[]).length).toBe(5);
    expectRenders(option);
    expectTable(buildCalendarTable(days, calendarLabels), 4, 6);
  });

  it('marks the days the working-day calendar sets apart: 休 on a holiday, 班 on a make-up day', () => {
    const option = buildCalendarOption(
      ticketDays,
      { ...calendarLabels, holiday: '休', workday: '班' },
      {
        range: ['2020-09-21', '2020-10-18'],
        markedDays: markedDays('2020-09-21', '2020-10-18', [], '230102'),
      },
    );
    const off = seriesNamed(option, '休');
    const worked = seriesNamed(option, '班');
    expect(off).toMatchObject({ type: 'scatter', coordinateSystem: 'calendar' });
    // National Day 2020: 1–8 October, of which 1, 2, 5, 6, 7 and 8 are weekdays.
    expect((off.data as { value: unknown[] }[]).map((d) => d.value[0])).toEqual([
      '2020-10-01',
      '2020-10-02',
      '2020-10-05',
      '2020-10-06',
      '2020-10-07',
      '2020-10-08',
    ]);
    expect(
      (worked.data as { name: string; value: unknown[] }[]).map((d) => [d.value[0], d.name]),
    ).toEqual([
      ['2020-09-27', '国庆节'],
      ['2020-10-10', '国庆节'],
    ]);
    // The colour bands are the utilisation's only.
    expect(option.visualMap).toMatchObject({ seriesIndex: 0 });
    expectRenders(option, ['班']);
  });
});

// --- heat grid --------------------------------------------------------------------------------

const heatLabels: HeatGridLabels = {
  title: '各区县逐周状态',
  weekAxis: '周次',
  districtAxis: '区县',
  series: '综合状态',
  status: { met: '达标', near: '接近', missed: '未达标', no_data: '无数据' },
};
const heatRows: HeatGridRow[] = [
  { districtName: '南岗区', week: '2020-W34', status: 'met' },
  { districtName: '南岗区', week: '2020-W33', status: 'near' },
  { districtName: '道里区', week: '2020-W33', status: 'missed' },
];

describe('buildHeatGridOption', () => {
  const option = buildHeatGridOption(heatRows, heatLabels);

  it('lays districts (in the order given) against weeks (oldest first)', () => {
    expectFrame(option, heatLabels.title);
    expect((option.xAxis as AnyRecord).data).toEqual(['2020-W33', '2020-W34']);
    expect((option.yAxis as AnyRecord).data).toEqual(['南岗区', '道里区']);
    expect(axisNames(option, 'xAxis')).toEqual(['周次']);
    expect(axisNames(option, 'yAxis')).toEqual(['区县']);
  });

  it('maps each status to a colour with its words, a missing week to no data', () => {
    const pieces = (option.visualMap as { pieces: { value: number; label: string }[] }).pieces;
    const statusOf = (x: number, y: number) => {
      const cell = (seriesNamed(option, '综合状态').data as number[][]).find(
        (c) => c[0] === x && c[1] === y,
      );
      return pieces.find((p) => p.value === cell?.[2])?.label;
    };
    expect(statusOf(0, 0)).toBe('接近');
    expect(statusOf(1, 0)).toBe('达标');
    expect(statusOf(0, 1)).toBe('未达标');
    expect(statusOf(1, 1)).toBe('无数据');
    expect(new Set(pieces.map((p) => (p as unknown as { color: string }).color)).size).toBe(4);
    expectRenders(option, ['达标', '未达标', '无数据']);
  });

  it('can draw a mark in every cell as well', () => {
    const marked = buildHeatGridOption(heatRows, {
      ...heatLabels,
      statusMark: { met: '✓', near: '△', missed: '✗', no_data: '–' },
    });
    expectRenders(marked, ['✓ 达标', '✗']);
  });

  it('has a table with the status in words', () => {
    expect(buildHeatGridTable(heatRows, heatLabels)).toEqual({
      columns: ['区县', '2020-W33', '2020-W34'],
      rows: [
        ['南岗区', '接近', '达标'],
        ['道里区', '未达标', '无数据'],
      ],
    });
  });
});

// --- league bars ------------------------------------------------------------------------------

const leagueLabels: LeagueLabels = {
  title: '各区县号源使用率',
  valueAxis: '号源使用率（%）',
  districtAxis: '区县',
  value: '号源使用率',
  target: '目标',
  counts: '发放 / 可办',
};
const units: DistrictValue[] = [
  {
    districtName: '南岗区',
    value: 0.93,
    target: 0.9,
    status: 'met',
    numerator: 93,
    denominator: 100,
  },
  {
    districtName: '道里区',
    value: 0.5,
    target: 0.9,
    status: 'missed',
    numerator: 60,
    denominator: 120,
  },
  { districtName: '木兰县', value: null, target: 0.9, status: 'no_data' },
];

describe('the league bar charts', () => {
  it('draw horizontal bars in percent with one target line when targets agree', () => {
    const option = buildUtilizationByDistrictOption(units, leagueLabels);
    expectFrame(option, leagueLabels.title);
    expect(option.yAxis).toMatchObject({ type: 'category', data: ['南岗区', '道里区', '木兰县'] });
    expect(axisNames(option, 'xAxis')).toEqual(['号源使用率（%）']);
    const bars = seriesNamed(option, '号源使用率').data as { value: number | null }[];
    expect(bars.map((b) => b.value)).toEqual([93, 50, null]);
    const target = seriesNamed(option, '目标') as { markLine: { data: { xAxis: number }[] } };
    expect(target.markLine.data).toEqual([expect.objectContaining({ xAxis: 90 })]);
    expectRenders(option, ['目标 90.0%', '93.0%', '50.0%']);
  });

  it('mark each district’s own target when they differ', () => {
    const mixed = units.map((u, i) => (i === 0 ? { ...u, target: 0.85 } : u));
    const option = buildUtilizationByDistrictOption(mixed, leagueLabels);
    const target = seriesNamed(option, '目标');
    expect(target.type).toBe('scatter');
    expect(target.data).toEqual([
      [85, '南岗区'],
      [90, '道里区'],
      [90, '木兰县'],
    ]);
    expectRenders(option);
  });

  it('are the same builder for online rate and supervision coverage', () => {
    for (const build of [buildOnlineVsTargetOption, buildSupervisionCoverageOption]) {
      const option = build([{ districtName: '道里区', value: 0.72, target: 0.967 }], {
        ...leagueLabels,
        title: '网上可办率',
      });
      expect(
        (seriesNamed(option, '目标').markLine as { data: { xAxis: number }[] }).data[0]?.xAxis,
      ).toBe(96.7);
      expectRenders(option, ['72.0%']);
    }
    expectRenders(buildSupervisionCoverageOption([], leagueLabels));
  });

  it('have a table with "x / y" counts', () => {
    const table = buildUtilizationByDistrictTable(units, leagueLabels);
    expect(table).toEqual({
      columns: ['区县', '号源使用率', '发放 / 可办', '目标'],
      rows: [
        ['南岗区', '93.0%', '93 / 100', '90.0%'],
        ['道里区', '50.0%', '60 / 120', '90.0%'],
        ['木兰县', null, null, '90.0%'],
      ],
    });
  });
});

describe('every chart, rendered as the PDF renders it', () => {
  it('draws no label with a text border (the PDF would paint it over the glyphs)', () => {
    const options = [
      buildTicketsOption(ticketDays, ticketsLabels),
      buildOnlineOption(
        onlineSeries,
        { target: 0.967, forecast: { reachedBy: '2020-09-30' } },
        onlineLabels,
      ),
      buildComplaintsOption(weeks, complaintsLabels),
      buildTimelineOption(delegations, actions, timelineLabels, { graceDays: 30 }),
      buildCalendarOption(ticketDays, calendarLabels, { year: 2020 }),
      buildHeatGridOption(heatRows, {
        ...heatLabels,
        statusMark: { met: '✓', near: '△', missed: '✗', no_data: '–' },
      }),
      buildUtilizationByDistrictOption(units, leagueLabels),
    ];
    for (const [i, option] of options.entries()) {
      const svg = expectRenders(option);
      const texts = svg.match(/<text[^>]*>/g) ?? [];
      expect(texts.length).toBeGreaterThan(0);
      for (const t of texts) {
        expect(t, `chart ${i}: ${t}`).not.toMatch(/stroke-width="[1-9]/);
        expect(t, `chart ${i}: ${t}`).not.toMatch(/paint-order/);
      }
    }
  });
});

describe('<EChart> on the server', () => {
  it('renders an empty chart container and the table, hidden, without touching the DOM', () => {
    const html = renderToString(
      createElement(EChart, {
        option: buildTicketsOption(ticketDays, ticketsLabels),
        ariaLabel: '道里区 每日放号',
        table: buildTicketsTable(ticketDays, ticketsLabels),
        tableLabel: '以表格显示',
      }),
    );
    expect(html).toContain('aria-label="道里区 每日放号"');
    expect(html).not.toContain('data-echarts-instance');
    expect(html).toMatch(/<button[^>]*aria-expanded="false"[^>]*>以表格显示<\/button>/);
    expect(html).toMatch(/<div[^>]*hidden=""[^>]*><table/);
    expect(html).toContain('<th scope="row">2020-07-20</th>');
    expect(html).toContain('<td>是</td>');
  });
});
