/**
 * The flags as a CSV a commission member can open in Excel and take away: UTF-8 with a BOM (so
 * Excel reads the Chinese), CRLF line ends, RFC 4180 quoting, and no formula injection — a text
 * cell starting with = + - @ (or a tab or carriage return) is prefixed with ' so a spreadsheet
 * shows it as text instead of running it. Evidence comes as labelled columns — numbers as numbers,
 * shares as percentages — with a list of days or powers as its row count; the rows themselves
 * are in the evidence package (app/evidence).
 */
import { formatters, type Formatters, type Lang } from '../i18n';
import { evidenceColumns, evidenceColumnValue, type PlainValue } from './evidence';
import { ruleSentence } from './rule';
import type { FlagWithSources } from '../weeks/oversight.server';

const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell: numbers as they are, text escaped against formulas and quoted when needed. */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(cells: readonly (string | number | null | undefined)[]): string {
  return cells.map(csvCell).join(',');
}

/** A whole file: a BOM so Excel reads UTF-8, CRLF line ends. */
export function csvDocument(lines: readonly (readonly (string | number | null | undefined)[])[]) {
  return `\uFEFF${lines.map(csvLine).join('\r\n')}\r\n`;
}

/** The file name: 预警_2020-W34.csv / flags_2020-W34.csv. */
export function flagsCsvFileName(lang: Lang, periodLabel: string): string {
  const safe = periodLabel.replace(/[^0-9A-Za-z-]+/g, '_');
  return `${formatters(lang).t('csv.filePrefix')}_${safe}.csv`;
}

/**
 * Content-Disposition with an ASCII fallback and the UTF-8 name (RFC 6266 / RFC 5987), so
 * browsers save 预警_2020-W34.csv and clients without filename* still get flags_2020-W34.csv.
 */
export function contentDisposition(fileName: string, asciiFallback: string): string {
  const ascii = asciiFallback.replace(/[^\x20-\x7e]|["\\]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** A cell of the flags table: plain text or a number, or an evidence value with its kind. */
export type FlagTableCell = string | number | null | PlainValue;

/**
 * The flags as one table, a row per flag: where, what and since when, then the evidence as
 * labelled columns (evidence.ts's evidenceColumns: the scalar fields of the types present, and
 * each list's row count), then the source files. The CSV and the evidence package's workbook
 * both write this table; `rules` adds the rule sentence after the flag's title.
 */
export function flagsTable(
  flags: readonly FlagWithSources[],
  lang: Lang,
  options: { rules?: boolean } = {},
): { header: string[]; rows: FlagTableCell[][] } {
  const f = formatters(lang);
  const columns = evidenceColumns(
    f,
    flags.map((flag) => flag.type),
  );
  const header = [
    f.t('csv.type'),
    f.t('csv.severity'),
    f.t('csv.districtCode'),
    f.t('csv.district'),
    f.t('csv.department'),
    f.t('csv.period'),
    f.t('csv.title'),
    ...(options.rules ? [f.t('package.rule')] : []),
    f.t('csv.firstSeen'),
    f.t('csv.openPeriods'),
    ...columns.map((c) => c.label),
    f.t('csv.sources'),
  ];
  const rows = flags.map((flag): FlagTableCell[] => [
    f.t(`flagType.${flag.type}`),
    f.t(`severity.${flag.severity}`),
    flag.districtCode,
    flag.districtName,
    flag.department,
    flag.period,
    lang === 'zh' ? flag.titleZh : flag.titleEn,
    ...(options.rules ? [ruleSentence(f, flag.type)] : []),
    flag.firstSeen,
    flag.openPeriods,
    ...columns.map((c) => evidenceColumnValue(f, c, flag)),
    flag.sources.map((s) => `${s.fileName} (${s.sha256})`).join('; '),
  ]);
  return { header, rows };
}

/** An evidence value as CSV text: numbers and ISO dates as they are, shares as "96.7%". */
function csvValue(f: Formatters, cell: FlagTableCell): string | number | null {
  if (cell === null || typeof cell !== 'object') return cell;
  return cell.kind === 'percent' ? f.percent(cell.value) : cell.value;
}

export function buildFlagsCsv(flags: readonly FlagWithSources[], lang: Lang): string {
  const f = formatters(lang);
  const { header, rows } = flagsTable(flags, lang);
  return csvDocument([header, ...rows.map((row) => row.map((cell) => csvValue(f, cell)))]);
}
