/**
 * The report's charts: the dashboard's own option builders (app/charts) fed with the report's
 * numbers and labels in the reader's language, in the font embedded in the PDF. Sizes are CSS
 * pixels of ECharts' layout; the PDF scales each chart to the text width.
 */
import type { EChartsOption } from 'echarts';
import { buildComplaintsOption } from '../charts/complaints';
import { complaintsLabels, leagueLabels, onlineLabels, ticketsLabels } from '../charts/labels';
import {
  buildOnlineVsTargetOption,
  buildSupervisionCoverageOption,
  buildUtilizationByDistrictOption,
  type DistrictValue,
} from '../charts/league';
import { buildOnlineOption } from '../charts/online';
import { buildTicketsOption, throttledDates } from '../charts/tickets';
import type { Formatters } from '../i18n';
import type { UnitScore } from '../../oversight/scorecard';
import type { MetricName } from '../../oversight/types';
import type { FocusDistrict, ReportBlock, ReportChart } from './types';

/** The family ECharts lays text out in; chart-pdf.ts draws every family in the embedded font. */
export const REPORT_FONT_FAMILY = 'Noto Sans SC';

const STYLE = { fontFamily: REPORT_FONT_FAMILY, animation: false } as const;

/** ECharts lays charts out this wide; at the A4 text width its 12 px text prints at ~8 pt. */
export const CHART_WIDTH = 760;

function chart(
  title: string,
  option: EChartsOption,
  height: number,
  width = CHART_WIDTH,
): ReportChart & { kind: 'chart' } {
  return { kind: 'chart', title, option, width, height };
}

/**
 * A bar per ranked district: rows of 17 px keep every district's name on the axis, and two
 * charts of the demo city's 19 units fit one page.
 */
const leagueHeight = (n: number) => 140 + 17 * Math.max(n, 3);

function districtValues(units: readonly UnitScore[], metric: MetricName): DistrictValue[] {
  return units.map((u) => {
    const m = u.metrics[metric];
    return {
      districtName: u.districtName,
      value: m.value,
      target: m.target?.value ?? null,
      status: m.status,
      numerator: m.numerator,
      denominator: m.denominator,
    };
  });
}

/**
 * The city charts of the issue: utilization by district, the online rate against its target
 * line, complaints per week by category, supervision coverage — over the ranked units.
 */
export function cityCharts(
  f: Formatters,
  ranked: readonly UnitScore[],
  complaintWeeks: FocusDistrict['complaints'],
  subject: string,
): ReportBlock[] {
  const height = leagueHeight(ranked.length);
  const utilization = leagueLabels(f, {
    title: f.t('report.chart.utilization'),
    metric: 'ticket_utilization',
    valueAxis: f.t('report.axis.utilization'),
  });
  const online = leagueLabels(f, {
    title: f.t('report.chart.online'),
    metric: 'online_rate',
    valueAxis: f.t('online.rateAxis'),
  });
  const supervision = leagueLabels(f, {
    title: f.t('report.chart.supervision'),
    metric: 'supervision_coverage',
    valueAxis: f.t('report.axis.supervision'),
  });
  return [
    chart(
      utilization.title,
      buildUtilizationByDistrictOption(
        districtValues(ranked, 'ticket_utilization'),
        utilization,
        STYLE,
      ),
      height,
    ),
    chart(
      online.title,
      buildOnlineVsTargetOption(districtValues(ranked, 'online_rate'), online, STYLE),
      height,
    ),
    complaintsChart(f, complaintWeeks, `${subject} · ${f.t('district.recent')}`, 300),
    chart(
      supervision.title,
      buildSupervisionCoverageOption(
        districtValues(ranked, 'supervision_coverage'),
        supervision,
        STYLE,
      ),
      height,
    ),
  ];
}

function complaintsChart(
  f: Formatters,
  weeks: FocusDistrict['complaints'],
  subtitle: string,
  height: number,
): ReportBlock {
  const labels = complaintsLabels(f, subtitle);
  return chart(labels.title, buildComplaintsOption(weeks, labels, STYLE), height);
}

/** A focus district's trends, as on its dashboard page: tickets, online rollout, complaints. */
export function focusCharts(
  f: Formatters,
  d: FocusDistrict,
  periodEnd: string,
  throttledThreshold: number,
): ReportBlock[] {
  const name = d.unit.districtName;
  const recent = d.daily.filter((day) => day.date >= d.recentFrom);
  const ticketsOptions = { ...STYLE, throttledThreshold };
  const tickets = ticketsLabels(f, {
    district: name,
    from: d.recentFrom,
    to: periodEnd,
    throttledDays: throttledDates(recent, throttledThreshold).length,
  });
  const forecast = d.onlineForecast;
  const online = onlineLabels(f, { district: name, forecast });
  // Tickets and the online rollout side by side, complaints below: a district's page is one page.
  const half = CHART_WIDTH / 2;
  return [
    {
      kind: 'chartRow',
      charts: [
        chart(tickets.title, buildTicketsOption(recent, tickets, ticketsOptions), 300, half),
        chart(
          online.title,
          buildOnlineOption(
            d.online,
            { ...STYLE, target: d.onlineTarget, forecast: forecast ?? null },
            online,
          ),
          300,
          half,
        ),
      ],
    },
    complaintsChart(f, d.complaints, `${name} · ${f.t('district.recent')}`, 280),
  ];
}
