/**
 * Legends never cover axis names. Every chart with a legend (or a visual map standing in for
 * one) and an axis name is laid out as the dashboard and the weekly PDF lay it out — through
 * layOutChart, the PDF's server-side ECharts layout in the embedded font — in both languages,
 * at the PDF's widths and the dashboard's (a 768 px window, half of a 1440 px one, all of it).
 * Then the boxes of what is drawn are compared: every legend item's (symbol and text) against
 * every axis name's. English names are longer, so its legends wrap first: the complaints chart
 * on the report's charts page and the delegation chart on the district page wrapped onto the
 * names above their plots.
 */
import type { EChartsOption } from 'echarts';
import { color, init, type EChartsType } from 'echarts/core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildComplaintsOption, type WeekComplaints } from '../../app/charts/complaints';
import { buildHeatGridOption, type HeatGridRow } from '../../app/charts/heat-grid';
import {
  complaintsLabels,
  COMPLAINT_CATEGORIES,
  heatGridLabels,
  leagueLabels,
  onlineLabels,
  ticketsLabels,
  timelineLabels,
} from '../../app/charts/labels';
import {
  buildOnlineVsTargetOption,
  buildUtilizationByDistrictOption,
  type DistrictValue,
} from '../../app/charts/league';
import { buildOnlineOption, type OnlinePoint } from '../../app/charts/online';
import { makeRoomForLegend } from '../../app/charts/legend-room';
import { buildTicketsOption, type TicketDay } from '../../app/charts/tickets';
import {
  buildTimelineOption,
  type TimelineAction,
  type TimelineDelegation,
} from '../../app/charts/timeline';
import { formatters, type Lang } from '../../app/i18n';
import { layOutChart } from '../../app/reports/chart-pdf';
import { CHART_WIDTH, REPORT_FONT_FAMILY } from '../../app/reports/charts';
import { reportFonts } from '../../app/reports/fonts.server';
import type { ReportFonts } from '../../app/reports/pdf';
import { addDays } from '../../oversight/period';

let fonts: ReportFonts;
beforeAll(async () => {
  fonts = await reportFonts();
});
const charts: EChartsType[] = [];
afterEach(() => {
  for (const c of charts.splice(0)) c.dispose();
});

// --- the data: enough of it that every legend entry appears -----------------------------------

const DISTRICTS = [
  '南岗区',
  '平房区',
  '香坊区',
  '阿城区',
  '木兰县',
  '通河县',
  '哈尔滨市',
  '方正县',
  '松北区',
  '双城区',
  '依兰县',
  '宾县',
  '尚志市',
  '道外区',
  '巴彦县',
  '延寿县',
  '五常市',
  '呼兰区',
  '道里区',
];
const WEEKS = ['2020-W27', '2020-W28', '2020-W29', '2020-W30', '2020-W31', '2020-W32'];

const ticketDays: TicketDay[] = Array.from({ length: 40 }, (_, i) => ({
  date: addDays('2020-07-13', i),
  ticketCapacity: 120,
  ticketsIssued: i % 5 === 0 ? 60 : 115,
  visitors: 140 + (i % 7) * 10,
}));

const onlinePoints: OnlinePoint[] = Array.from({ length: 8 }, (_, i) => ({
  asOf: addDays('2020-07-06', 7 * i),
  itemsOnline: 50 + i,
  eligible: 75,
}));

const complaintWeeks: WeekComplaints[] = WEEKS.map((week, i) => ({
  week,
  complaints: 7 * (4 + i),
  closed: 6 * (4 + i),
  resolved: 5 * (4 + i),
  byCategory: Object.fromEntries(COMPLAINT_CATEGORIES.map((c) => [c, 4 + i])),
}));

const delegations: TimelineDelegation[] = [
  { batch: '1', department: '市场监管', effectiveDate: '2020-03-01', followedUpDate: '2020-03-20' },
  { batch: '2', department: '医保', effectiveDate: '2020-05-01', followedUpDate: null },
  { batch: '2', department: '住建', effectiveDate: '2020-05-01', followedUpDate: '2020-07-15' },
].map((d) => ({ ...d, noticeDate: d.effectiveDate, fromUnit: '市政务服务局', powers: 12 }));
const actions: TimelineAction[] = (
  ['training', 'guidance', 'inspection', 'evaluation', 'rectification'] as const
).map((actionType, i) => ({
  date: addDays('2020-03-10', 30 * i),
  actionType,
  department: i % 2 ? '住建' : '市场监管',
  performedBy: '市政务服务局',
}));

const districtValues = (target: (i: number) => number): DistrictValue[] =>
  DISTRICTS.map((districtName, i) => ({
    districtName,
    value: 0.99 - i / 100,
    target: target(i),
    status: i > 15 ? 'missed' : 'met',
    numerator: 74 - i,
    denominator: 75,
  }));

const heatRows: HeatGridRow[] = DISTRICTS.flatMap((districtName, d) =>
  WEEKS.map((week, w) => ({
    districtName,
    week,
    status: (['met', 'near', 'missed', 'no_data'] as const)[(d + w) % 4]!,
  })),
);

// --- the charts, each at the sizes it is shown at ---------------------------------------------

/** Widths in CSS pixels: the report's half and whole text width, the dashboard's columns. */
const HALF_PDF = CHART_WIDTH / 2;
/** A 768 px window: one column, 1 rem of page and 1.25 rem of panel padding each side. */
const NARROW_WEB = 696;
/** A 1440 px window: two columns of about 655 px, or a wide chart across both. */
const HALF_WEB = 655;
const WIDE_WEB = 1344;
const WIDTHS = [HALF_PDF, HALF_WEB, NARROW_WEB, CHART_WIDTH, WIDE_WEB];

const STYLE = { fontFamily: REPORT_FONT_FAMILY };

interface Case {
  chart: string;
  height: number;
  option: (lang: Lang) => EChartsOption;
}

const CASES: Case[] = [
  {
    chart: 'tickets',
    height: 300,
    option: (lang) => {
      const f = formatters(lang);
      const labels = ticketsLabels(f, {
        district: '道里区',
        from: ticketDays[0]!.date,
        to: ticketDays.at(-1)!.date,
        throttledDays: 8,
      });
      return buildTicketsOption(ticketDays, labels, STYLE);
    },
  },
  {
    chart: 'online',
    height: 300,
    option: (lang) => {
      const forecast = { reachedBy: '2020-10-26' };
      const labels = onlineLabels(formatters(lang), { district: '道里区', forecast });
      return buildOnlineOption(onlinePoints, { ...STYLE, target: 0.967, forecast }, labels);
    },
  },
  {
    chart: 'complaints',
    height: 280,
    option: (lang) => {
      const f = formatters(lang);
      const labels = complaintsLabels(
        f,
        `${f.t('report.subjectCity')} · ${f.t('district.recent')}`,
      );
      return buildComplaintsOption(complaintWeeks, labels, STYLE);
    },
  },
  {
    chart: 'timeline',
    height: 200 + 48 * (delegations.length + 1),
    option: (lang) =>
      buildTimelineOption(delegations, actions, timelineLabels(formatters(lang), '道里区'), {
        ...STYLE,
        graceDays: 30,
        asOf: '2020-08-21',
      }),
  },
  {
    chart: 'league, one target',
    height: 140 + 17 * DISTRICTS.length,
    option: (lang) => {
      const f = formatters(lang);
      const labels = leagueLabels(f, {
        title: f.t('report.chart.online'),
        metric: 'online_rate',
        valueAxis: f.t('online.rateAxis'),
      });
      return buildOnlineVsTargetOption(
        districtValues(() => 0.967),
        labels,
        STYLE,
      );
    },
  },
  {
    chart: 'league, targets by district',
    height: 140 + 17 * DISTRICTS.length,
    option: (lang) => {
      const f = formatters(lang);
      const labels = leagueLabels(f, {
        title: f.t('report.chart.utilization'),
        metric: 'ticket_utilization',
        valueAxis: f.t('report.axis.utilization'),
      });
      return buildUtilizationByDistrictOption(
        districtValues((i) => (i % 2 ? 0.9 : 0.85)),
        labels,
        STYLE,
      );
    },
  },
  {
    chart: 'heat grid',
    height: 150 + 24 * DISTRICTS.length,
    option: (lang) => {
      const labels = heatGridLabels(formatters(lang), {
        met: '✓',
        near: '△',
        missed: '✗',
        no_data: '–',
      });
      return buildHeatGridOption(heatRows, labels, STYLE);
    },
  },
];

// --- what is drawn, and where -----------------------------------------------------------------

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The parts of zrender's elements read here (ECharts' types keep zrender's classes private). */
interface DrawnElement {
  invisible?: boolean;
  parent?: DrawnElement | null;
  anid?: string;
  transform: number[] | null;
  style: { fill?: unknown; stroke?: unknown; lineWidth?: number; text?: unknown };
  __ecComponentInfo?: { mainType: string; index: number };
  getBoundingRect(): { clone(): Box & { applyTransform(m: number[] | null): void } };
}

/** A colour that shows: not none, not transparent, not of zero alpha (a visual map's backdrop). */
const isPainted = (value: unknown) =>
  typeof value === 'string' && value !== 'none' && (color.parse(value)?.[3] ?? 0) > 0;

/** The component (legend, xAxis, …) an element was drawn for, and whether it is an axis name. */
function ownerOf(el: DrawnElement): { component: string | null; axisName: boolean } {
  let axisName = false;
  for (let at: DrawnElement | null | undefined = el; at; at = at.parent) {
    if (at.anid === 'name') axisName = true;
    if (at.__ecComponentInfo) return { component: at.__ecComponentInfo.mainType, axisName };
  }
  return { component: null, axisName };
}

/**
 * The boxes, in chart pixels, of everything the legends draw (symbols and texts; not their
 * transparent background or invisible hit areas) and of every axis name's text.
 */
function drawnBoxes(chart: EChartsType) {
  const list = chart.getZr().storage.getDisplayList(true) as unknown as DrawnElement[];
  const legend: (Box & { text: string })[] = [];
  const axisNames: (Box & { text: string })[] = [];
  for (const el of list) {
    const { fill, stroke, lineWidth } = el.style;
    if (el.invisible || !(isPainted(fill) || (isPainted(stroke) && lineWidth !== 0))) continue;
    const { component, axisName } = ownerOf(el);
    const rect = el.getBoundingRect().clone();
    rect.applyTransform(el.transform);
    if (!(rect.width > 0 && rect.height > 0)) continue;
    const box = {
      x: rect.x,
      y: rect.y,
      width: rect.width,
      height: rect.height,
      text: String(el.style.text ?? '(symbol)'),
    };
    if (component === 'legend' || component === 'visualMap') legend.push(box);
    else if ((component === 'xAxis' || component === 'yAxis') && axisName) axisNames.push(box);
  }
  return { legend, axisNames };
}

const intersects = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** Legend items that cover an axis name, each as a sentence. */
function overlapsOf(chart: EChartsType): string[] {
  const { legend, axisNames } = drawnBoxes(chart);
  // A test that finds nothing to compare proves nothing.
  expect(legend.length).toBeGreaterThan(0);
  expect(axisNames.length).toBeGreaterThan(0);
  return legend.flatMap((l) =>
    axisNames.filter((n) => intersects(l, n)).map((n) => `${round(l)} covers ${round(n)}`),
  );
}

const round = (b: Box & { text: string }) =>
  `"${b.text}" at ${[b.x, b.y, b.width, b.height].map((n) => Math.round(n)).join(',')}`;

describe('chart legends and axis names', () => {
  for (const lang of ['zh', 'en'] as const) {
    for (const c of CASES) {
      it.each(WIDTHS)(
        `${c.chart} (${lang}) at %i px: no legend item covers an axis name`,
        (width) => {
          const chart = layOutChart(c.option(lang), { width, height: c.height }, fonts);
          charts.push(chart);
          const overlaps = overlapsOf(chart);
          expect(overlaps).toEqual([]);
        },
      );
    }
  }
});

describe('on the dashboard', () => {
  /**
   * As <EChart> does it: the option set anew, then room made; on resize, room made again. (The
   * modules are those chart-pdf.ts registers, the same list <EChart> registers; text is measured
   * in the report's font, where the browser would use its canvas.)
   */
  function dashboardChart(option: EChartsOption, width: number, height: number) {
    const chart = init(null, null, { renderer: 'svg', ssr: true, width, height });
    charts.push(chart);
    chart.setOption(option, { notMerge: true });
    makeRoomForLegend(chart);
    return chart;
  }
  const timeline = CASES.find((c) => c.chart === 'timeline')!;

  it('the delegation chart keeps its legend clear of the axis names as its column narrows and widens', () => {
    const chart = dashboardChart(timeline.option('en'), WIDE_WEB, timeline.height);
    const wide = drawnBoxes(chart).axisNames;
    chart.resize({ width: NARROW_WEB, height: timeline.height });
    makeRoomForLegend(chart);
    expect(overlapsOf(chart)).toEqual([]);
    // The wrapped line's room is given back when the legend fits on one line again.
    chart.resize({ width: WIDE_WEB, height: timeline.height });
    makeRoomForLegend(chart);
    expect(drawnBoxes(chart).axisNames).toEqual(wide);
  });

  it('a new option (another district, the other language) gets its own room', () => {
    const chart = dashboardChart(timeline.option('zh'), NARROW_WEB, timeline.height);
    expect(overlapsOf(chart)).toEqual([]);
    chart.setOption(timeline.option('en'), { notMerge: true });
    makeRoomForLegend(chart);
    expect(overlapsOf(chart)).toEqual([]);
  });
});
