/**
 * The weekly report's two shapes: what it is built from (ReportData — numbers that
 * app/reports/report.server.ts fetched through the same functions as the dashboard) and what it is
 * (ReportDocument — blocks of text, tables and chart options, already in the reader's language),
 * which app/reports/pdf.ts lays out on A4 pages. Everything between the two is pure.
 */
import type { CaseLedger } from '../cases/ledger.server';
import type { EChartsOption } from 'echarts';
import type { DailyTickets, OnlinePoint, WeeklyComplaints } from '../../db/queries/district-series';
import type { Lang } from '../i18n';
import type { FlagWithSources } from '../weeks/oversight.server';
import type { Scorecard, UnitScore } from '../../oversight/scorecard';
import type { Period } from '../../oversight/types';

/** One district given a page of its own: the bottom of the ranking, or a district's own report. */
export interface FocusDistrict {
  unit: UnitScore;
  /** How many units the ranking has (for "rank 19 of 19"); null in a district's own report. */
  rankedCount: number | null;
  flags: readonly FlagWithSources[];
  /** First day of the day-by-day pictures (8 weeks to the period's end). */
  recentFrom: string;
  /** First day of the slower pictures (26 weeks to the period's end). */
  longerFrom: string;
  daily: readonly DailyTickets[];
  online: readonly OnlinePoint[];
  onlineTarget: number | null;
  /** When the online target would be reached at the recent pace (the flag's own forecast). */
  onlineForecast: { reachedBy: string | null; rate: number } | null;
  complaints: readonly WeeklyComplaints[];
}

export interface ReportData {
  lang: Lang;
  /** The city's name from the district registry, for the title: 哈尔滨市. */
  cityName: string;
  /** A district officer's report: the one district it covers. Null: the whole city. */
  district: { code: string; name: string } | null;
  period: Period;
  /** null: every department. */
  department: string | null;
  /** The last day with window data on or before the period's end; null when there is none. */
  lastDataDate: string | null;
  /** When the last load batch was committed, UTC 'YYYY-MM-DD HH:MM:SS'; null before any. */
  lastLoadedAt: string | null;
  scorecard: Scorecard;
  flags: readonly FlagWithSources[];
  /** Complaints per ISO week within the report's scope, oldest first, the period's week last. */
  complaintWeeks: readonly WeeklyComplaints[];
  /** The districts given a page each: the bottom of the ranking worst first, or the district. */
  focus: readonly FocusDistrict[];
  /** The ticket_throttling rule's threshold, so the tickets chart marks the days it counts. */
  throttledThreshold: number;
  /** 整改台账: the rectification cases as they stood at the week's end. */
  cases: CaseLedger;
}

/** A table cell: text (lines split on \n), optionally tinted by a status. */
export interface TableCell {
  text: string;
  /** Background fill, e.g. a light status colour. */
  fill?: string;
  color?: string;
  bold?: boolean;
}

export interface TableColumn {
  /** Header lines. */
  header: string;
  /** Relative width; the table takes the full text width. */
  width: number;
  align: 'left' | 'right' | 'center';
}

export type ReportBlock =
  | {
      kind: 'cover';
      title: string;
      /** "内部资料 注意保存": the security marking printed in the top corner. */
      marking: string;
      lines: string[];
    }
  | { kind: 'heading'; text: string; level: 1 | 2 | 3; newPage?: boolean }
  | { kind: 'paragraph'; text: string; style: 'body' | 'note' | 'strong' }
  | {
      kind: 'table';
      columns: TableColumn[];
      rows: TableCell[][];
      /** Body font size in points. */
      fontSize: number;
      /** A caption above the table, kept on the page with its first rows. */
      caption?: string;
    }
  | ({ kind: 'chart' } & ReportChart)
  /** Charts side by side, sharing the text width. */
  | { kind: 'chartRow'; charts: ReportChart[] };

export interface ReportChart {
  /** What the chart shows, for the record (the option carries its own title). */
  title: string;
  option: EChartsOption;
  /** The size ECharts lays the chart out at, in CSS pixels; scaled to the width it is given. */
  width: number;
  height: number;
}

export interface ReportDocument {
  lang: Lang;
  /** The PDF's Title. */
  title: string;
  /** The running header on every page after the first. */
  runningHeader: string;
  /** "第 {page} 页 / 共 {pages} 页", filled per page. */
  footer: string;
  /**
   * The PDF's creation date, taken from the data (the last load) rather than the clock, so the
   * same data gives the same bytes.
   */
  createdAt: Date;
  blocks: ReportBlock[];
}
