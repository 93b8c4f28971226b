/**
 * The weekly PDF report: fetch what it needs through the same functions as the dashboard
 * (loadScorecard, loadFlags, the district series), build its document (app/reports/content.ts)
 * and lay it out (app/reports/pdf.ts). The route, the CLI and the schedule all generate through
 * generateReport, and read their options through report-options.server.ts.
 */
import { loadCaseLedger } from '../cases/ledger.server';
import type { Executor } from '../../db/client';
import { env } from '../../db/env';
import { listDistricts } from '../../db/queries/districts';
import {
  getDailyTickets,
  getOnlineSeries,
  getWeeklyComplaints,
} from '../../db/queries/district-series';
import {
  getCityName,
  getReportDataStamp,
  listReports,
  type ReportRecord,
} from '../../db/queries/reports';
import { narrowScope, type Scope } from '../../db/scope';
import { formatters, type Lang } from '../i18n';
import { DEFAULT_FLAG_CONFIG } from '../../oversight/flags/config';
import { addDays } from '../../oversight/period';
import type { Scorecard } from '../../oversight/scorecard';
import type { Period } from '../../oversight/types';
import { buildReportDocument } from './content';
import { MAX_LAGGARDS } from './href';
import { renderReportPdf } from './pdf';
import type { FocusDistrict, ReportData } from './types';
import { onlineForecast } from '../../oversight/forecast';
import { defaultWeek, loadFlags, loadScorecard } from '../weeks/oversight.server';
import { reportFonts } from './fonts.server';
import type { District } from '../../oversight/inputs';
import type { Bilingual } from '../../oversight/bilingual';

/** Day-by-day pictures cover 8 weeks to the report's Sunday; the online rollout 26 weeks. */
const RECENT_DAYS = 56;
const LONGER_DAYS = 182;

export interface ReportRequest {
  /** Whose data the report may contain: the viewer's scope, or the whole city for the CLI. */
  scope: Scope;
  /** An ISO week. */
  period: Period;
  /** null: every department. */
  department: string | null;
  lang: Lang;
  /** A district officer's report: only this district. null: everything in scope. */
  districtCode: string | null;
  /** How many districts at the bottom of the ranking get a page each. */
  laggards: number;
}

export interface GeneratedReport {
  bytes: Uint8Array<ArrayBuffer>;
  pages: number;
  /** 放管服督查周报_2020-W34.pdf — for Content-Disposition and the archive. */
  fileName: string;
  /** The same name in ASCII, for clients that do not read filename*. */
  asciiFileName: string;
  dataCutoff: string | null;
  warnings: string[];
}

/** The report's file name: 放管服督查周报_2020-W34.pdf, …_2020-W34_230102.pdf for a district. */
export function reportFileName(
  lang: Lang,
  week: string,
  districtCode: string | null,
  department: string | null = null,
): string {
  const parts = [formatters(lang).t('report.filePrefix'), week, districtCode, department];
  return `${parts.filter((p) => p !== null && p !== '').join('_')}.pdf`;
}

/** The name in ASCII: oversight-report_2020-W34.pdf (a department's name is dropped). */
export function reportAsciiFileName(week: string, districtCode: string | null): string {
  return reportFileName('en', week, districtCode);
}

/**
 * The single district a scope is limited to, if it is one: a district officer's report is
 * then their district's own, asked for or not.
 */
function soleDistrict(scope: Scope): string | null {
  return scope.kind === 'districts' && scope.districtCodes.length === 1
    ? (scope.districtCodes[0] ?? null)
    : null;
}

interface FocusChoice {
  unit: FocusDistrict['unit'];
  rankedCount: number | null;
}

/**
 * Whose trends get a page: a district officer's own district, or the bottom of the ranking,
 * worst first. Null when the district asked for is not in the scorecard.
 */
function chooseFocus(
  scorecard: Scorecard,
  districtCode: string | null,
  laggards: number,
): { district: ReportData['district']; focus: FocusChoice[] } | null {
  if (districtCode) {
    const unit = scorecard.units.find((u) => u.districtCode === districtCode);
    if (!unit) return null;
    const district = { code: unit.districtCode, name: unit.districtName };
    return { district, focus: scorecard.hasData ? [{ unit, rankedCount: null }] : [] };
  }
  if (!scorecard.hasData) return { district: null, focus: [] };
  const ranked = scorecard.units.filter((u) => u.rank !== null);
  const n = Math.min(laggards, MAX_LAGGARDS);
  const focus = (n > 0 ? ranked.slice(-n) : [])
    .reverse()
    .map((unit) => ({ unit, rankedCount: scorecard.rankedCount }));
  return { district: null, focus };
}

/** A focus district's series: tickets and complaints over 8 weeks, the online rollout 26. */
async function loadFocusSeries(
  db: Executor,
  scope: Scope,
  period: Period,
  department: string | null,
  districtCode: string,
) {
  const recentFrom = addDays(period.end, -(RECENT_DAYS - 1));
  const longerFrom = addDays(period.end, -(LONGER_DAYS - 1));
  const series = { scope, districtCode, department, to: period.end };
  const [daily, online, complaints] = await Promise.all([
    getDailyTickets(db, { ...series, from: recentFrom }),
    getOnlineSeries(db, { ...series, from: longerFrom }),
    getWeeklyComplaints(db, { ...series, from: recentFrom }),
  ]);
  return { recentFrom, longerFrom, daily, online, complaints };
}

function focusDistrict(
  { unit, rankedCount }: FocusChoice,
  series: Awaited<ReturnType<typeof loadFocusSeries>>,
  flags: ReportData['flags'],
): FocusDistrict {
  const onlineTarget = unit.metrics.online_rate.target?.value ?? null;
  const forecast = onlineForecast(series.online, onlineTarget);
  return {
    unit,
    rankedCount,
    flags: flags.filter((f) => f.districtCode === unit.districtCode),
    ...series,
    onlineTarget,
    onlineForecast: forecast ? { reachedBy: forecast.reachedBy, rate: forecast.rate } : null,
  };
}

/**
 * Everything the report shows, or null when the district asked for is unknown or outside the
 * scope. The focus districts' series need only the scorecard, so they are queried as soon as
 * it is in, beside the flags and the rest (the pool's connections run them side by side).
 */
export async function loadReportData(db: Executor, req: ReportRequest): Promise<ReportData | null> {
  const districtCode = req.districtCode ?? soleDistrict(req.scope);
  const scope = districtCode ? narrowScope(req.scope, [districtCode]) : req.scope;
  const { period, department } = req;
  const q = { scope, period, department };
  const [{ scorecard, chosen, series }, [flags, complaintWeeks, stamp, cityName, cases]] =
    await Promise.all([
      loadScorecard(db, q).then(async (scorecard) => {
        const chosen = chooseFocus(scorecard, districtCode, req.laggards);
        const series = await Promise.all(
          (chosen?.focus ?? []).map(({ unit }) =>
            loadFocusSeries(db, scope, period, department, unit.districtCode),
          ),
        );
        return { scorecard, chosen, series };
      }),
      Promise.all([
        loadFlags(db, q),
        getWeeklyComplaints(db, {
          scope,
          districtCode: null,
          department,
          from: addDays(period.end, -(RECENT_DAYS - 1)),
          to: period.end,
        }),
        getReportDataStamp(db, scope, period.end),
        getCityName(db),
        loadCaseLedger(db, scope, period),
      ]),
    ]);
  if (!chosen) return null;

  return {
    lang: req.lang,
    cityName: cityName ?? '',
    district: chosen.district,
    period,
    department,
    lastDataDate: stamp.lastDataDate,
    lastLoadedAt: stamp.lastLoadedAt,
    scorecard,
    flags,
    complaintWeeks,
    focus: chosen.focus.map((choice, i) => focusDistrict(choice, series[i]!, flags)),
    throttledThreshold: DEFAULT_FLAG_CONFIG.throttling.issuedBelowShareOfCapacity,
    cases,
  };
}

/** The report as PDF bytes, or null when the district asked for is unknown or out of scope. */
export async function generateReport(
  db: Executor,
  req: ReportRequest,
): Promise<GeneratedReport | null> {
  const [data, fonts] = await Promise.all([loadReportData(db, req), reportFonts()]);
  if (!data) return null;
  const rendered = await renderReportPdf(buildReportDocument(data), fonts);
  const districtCode = data.district?.code ?? null;
  return {
    ...rendered,
    fileName: reportFileName(req.lang, req.period.label, districtCode, req.department),
    asciiFileName: reportAsciiFileName(req.period.label, districtCode),
    dataCutoff: data.lastDataDate,
  };
}

export interface ReportArchive {
  reports: (ReportRecord & { districtName: string | null })[];
  districts: District[];
  /** The latest complete week with data: the form's default. */
  latestWeek: string | null;
  /** REPORT_SCHEDULE as configured ("MON 07:00"), or null when off. */
  schedule: { weekday: number; time: string; timeZone: string } | null;
}

const WEEKDAYS = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'];

/** The /reports page: the archive within the viewer's scope, and what the form offers. */
export async function loadReportArchive(db: Executor, scope: Scope): Promise<ReportArchive> {
  const [reports, districts, latest] = await Promise.all([
    listReports(db, scope),
    listDistricts(db, scope),
    defaultWeek(db, scope),
  ]);
  const names = new Map(districts.map((d) => [d.districtCode, d.districtName]));
  const config = env();
  const [day, time] = config.REPORT_SCHEDULE.toUpperCase().split(' ');
  return {
    reports: reports.map((r) => ({ ...r, districtName: names.get(r.districtCode) ?? null })),
    districts,
    latestWeek: latest?.label ?? null,
    schedule:
      day && time
        ? { weekday: WEEKDAYS.indexOf(day) + 1, time, timeZone: config.REPORT_TIMEZONE }
        : null,
  };
}

/** A refusal as plain text in the reader's language: the PDF link is opened in a browser tab. */
export function reportRefusal(status: 400 | 404, reason: Bilingual, lang: Lang): Response {
  return new Response(`${lang === 'en' ? reason.en : reason.zh}\n`, {
    status,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' },
  });
}

export const districtNotFound = (code: string): Bilingual => ({
  zh: `找不到区划代码为 ${code} 的区县（或不在您的查看范围内）`,
  en: `there is no district with code ${code} (or it is outside what you may see)`,
});
