/**
 * The flags as a CSV a commission member can open in Excel and take away: UTF-8 with a BOM (so
 * Excel reads the Chinese), CRLF line ends, RFC 4180 quoting, and no formula injection — a text
 * cell starting with = + - @ (or a tab or carriage return) is prefixed with ' so a spreadsheet
 * shows it as text instead of running it.
 */
import { formatters, type Lang } from '../i18n';
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

export function buildFlagsCsv(flags: readonly FlagWithSources[], lang: Lang): string {
  const f = formatters(lang);
  const header = [
    f.t('csv.type'),
    f.t('csv.severity'),
    f.t('csv.districtCode'),
    f.t('csv.district'),
    f.t('csv.department'),
    f.t('csv.period'),
    f.t('csv.title'),
    f.t('csv.firstSeen'),
    f.t('csv.openPeriods'),
    f.t('csv.evidence'),
    f.t('csv.sources'),
  ];
  const rows = flags.map((flag) => [
    f.t(`flagType.${flag.type}`),
    f.t(`severity.${flag.severity}`),
    flag.districtCode,
    flag.districtName,
    flag.department,
    flag.period,
    lang === 'zh' ? flag.titleZh : flag.titleEn,
    flag.firstSeen,
    flag.openPeriods,
    JSON.stringify(flag.evidence),
    flag.sources.map((s) => `${s.fileName} (${s.sha256})`).join('; '),
  ]);
  return csvDocument([header, ...rows]);
}
