/**
 * Field codecs: the one place that says what a valid cell is. Each contract column names one;
 * the loader calls `parse` on every cell of every row, so these are plain functions, not zod
 * schemas — see docs/decisions/001-row-validation-codecs.md for the measurement behind that.
 *
 * `parse` returns the normalised value, or an Invalid carrying the reason in both languages.
 * Invalid is only allocated on failure, so the happy path allocates nothing but the value.
 */

/** Why a value was refused, in both languages. */
export type Reason = Bilingual;

export class Invalid {
  constructor(readonly reason: Reason) {}
}

import type { SqlType, StageType } from '../../db/staging';
import type { Bilingual } from '../../oversight/bilingual';
import { DISTRICT_CODE_PATTERN, isDistrictCode } from '../../oversight/district-code';

/**
 * What a codec quietly fixed in a cell. Every such fix is counted per file and column and shown
 * in the load report, so the officer sees exactly what the loader assumed.
 */
export type Normalisation =
  | 'full_width'
  | 'thousands'
  | 'inner_space'
  | 'apostrophe'
  | 'decimal_zero'
  | 'date_form'
  | 'excel_serial'
  | 'midnight'
  | 'symbol_bool';

/** Receives a codec's normalisations; the loader counts them per column. */
export interface Notes {
  note(kind: Normalisation): void;
}

const NO_NOTES: Notes = { note() {} };

export interface Codec<T extends string | number | boolean> {
  /** How the value is described in the data contract, in both languages. */
  readonly describe: Reason;
  readonly stageType: StageType;
  /** SQL type of the final column; staged VARCHAR dates are cast on merge. */
  readonly sqlType: SqlType;
  /** raw is already trimmed and non-empty. */
  parse(raw: string, notes?: Notes): T | Invalid;
  /**
   * The codec's plain form as an RE2 pattern (what DuckDB's regexp_full_match takes): a cell
   * of this form is stored exactly as SQL's CAST to `sqlType` stores it, with nothing to
   * normalise and nothing to report. The loader's bulk road (db/staging.ts, stageCsvInBulk)
   * takes a file only when every cell has it; tests/unit/codecs.test.ts holds the two equal.
   * Absent: no such form, so files with the column always take the row-by-row road.
   */
  readonly plain?: string;
}

/** Characters JavaScript's trim() removes, as an RE2 class body. */
const TRIMMED =
  '\\s\\x{85}\\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}\\x{FEFF}';

const invalid = (zh: string, en: string) => new Invalid({ zh, en });

export const text: Codec<string> = {
  describe: { zh: '文本', en: 'text' },
  stageType: 'VARCHAR',
  sqlType: 'VARCHAR',
  parse: (raw) => raw,
  // Anything trim() leaves as it is, on one line.
  plain: `[^${TRIMMED}\\n\\r]|[^${TRIMMED}\\n\\r][^\\n\\r]*[^${TRIMMED}\\n\\r]`,
};

const PLAIN = /^[0-9.:\-/ ]*$/;
// Full-width ASCII (Ｕ+FF01–FF5E) and the ideographic space, as Chinese input methods type them.
const FULL_WIDTH = /[\uFF01-\uFF5E\u3000]/;
const FULL_WIDTH_ALL = new RegExp(FULL_WIDTH.source, 'g');
const INNER_SPACE = /[\s\u00A0\u3000]+/g;

/**
 * The cell as ASCII, the way a number, code or date is written: full-width digits and signs
 * made half-width, an Excel text-forcing apostrophe dropped, spaces inside removed. Text cells
 * never pass through here: a full-width letter in a name is the name.
 */
function asciiCell(raw: string, notes: Notes, keepSpace = false): string {
  if (PLAIN.test(raw) && (keepSpace || !raw.includes(' '))) return raw;
  let s = raw;
  if (FULL_WIDTH.test(s)) {
    s = s.replace(FULL_WIDTH_ALL, (c) =>
      c === '\u3000' ? ' ' : String.fromCharCode(c.charCodeAt(0) - 0xfee0),
    );
    notes.note('full_width');
  }
  if (s.startsWith("'")) {
    s = s.slice(1);
    notes.note('apostrophe');
  }
  s = s.trim();
  if (!keepSpace && /[\s\u00A0]/.test(s)) {
    s = s.replace(INNER_SPACE, '');
    notes.note('inner_space');
  }
  return s;
}

/** "1,234" or "12,345,678.5": groups of exactly three digits; "12,34" stays what it was. */
const THOUSANDS = /^\d{1,3}(?:,\d{3})+(?:\.\d+)?$/;

function withoutThousands(s: string, notes: Notes): string {
  if (!s.includes(',') || !THOUSANDS.test(s)) return s;
  notes.note('thousands');
  return s.replace(/,/g, '');
}

/** Administrative division code: 6 digits (GB/T 2260), or the 9/12-digit township forms. */
export const districtCode: Codec<string> = {
  describe: { zh: '6 位行政区划代码', en: '6-digit administrative division code' },
  stageType: 'VARCHAR',
  sqlType: 'VARCHAR',
  plain: DISTRICT_CODE_PATTERN,
  parse(raw, notes = NO_NOTES) {
    if (isDistrictCode(raw)) return raw;
    let s = asciiCell(raw, notes);
    // A code kept in a number cell comes out of some exports as 230102.0.
    const zero = /^(\d+)\.0+$/.exec(s);
    if (zero) {
      s = zero[1]!;
      notes.note('decimal_zero');
    }
    return isDistrictCode(s)
      ? s
      : invalid(
          '不是有效的行政区划代码（应为 6 位数字）',
          'not a division code (6 digits expected)',
        );
  },
};

const COUNT = /^\d{1,9}$/;
const PERCENT = /^-?\d+(?:\.\d+)?%$/;

/** Counts of people, tickets, cases, items: whole and not negative. */
export const count: Codec<number> = {
  describe: { zh: '非负整数', en: 'non-negative whole number' },
  stageType: 'INTEGER',
  sqlType: 'INTEGER',
  plain: COUNT.source.slice(1, -1),
  parse(raw, notes = NO_NOTES) {
    if (COUNT.test(raw)) return Number(raw);
    const s = withoutThousands(asciiCell(raw, notes), notes);
    if (COUNT.test(s)) return Number(s);
    if (/^-\d/.test(s)) return invalid('不能为负数', 'must not be negative');
    if (/^\d{1,9}\.0+$/.test(s)) return Number(s);
    if (/^\d+$/.test(s)) return invalid('数值过大', 'too large');
    if (PERCENT.test(s)) {
      return invalid(
        '是百分数，此列应为人数或件数等整数',
        'is a percentage; this column takes a count',
      );
    }
    if (/^\d{1,3}\.\d{3}$/.test(s)) {
      // 1.234 is a thousand and more in some locales and one and a bit in others.
      return invalid(
        '不是非负整数：小数点还是千分位？千分位请写成 1,234 或 1234',
        'not a non-negative whole number: a decimal point or a thousands separator? Write 1,234 or 1234',
      );
    }
    return invalid('不是非负整数', 'not a non-negative whole number');
  },
};

const DECIMAL = /^\d+(\.\d+)?$/;

/** Minutes, averages: a number that is not negative. */
export const decimal: Codec<number> = {
  describe: { zh: '非负数', en: 'non-negative number' },
  stageType: 'DOUBLE',
  sqlType: 'DOUBLE',
  plain: DECIMAL.source.slice(1, -1),
  parse(raw, notes = NO_NOTES) {
    if (DECIMAL.test(raw)) return Number(raw);
    const s = withoutThousands(asciiCell(raw, notes), notes);
    if (DECIMAL.test(s)) return Number(s);
    if (/^-\d/.test(s)) return invalid('不能为负数', 'must not be negative');
    if (PERCENT.test(s))
      return invalid('是百分数，此列应为数值', 'is a percentage; this column takes a number');
    return invalid('不是数字', 'not a number');
  },
};

/** Target values: a fraction (0.967), a percentage (96.7%), or minutes for wait targets. */
export const targetValue: Codec<number> = {
  describe: {
    zh: '小数或百分数，如 0.967 或 96.7%',
    en: 'fraction or percentage, e.g. 0.967 or 96.7%',
  },
  stageType: 'DOUBLE',
  sqlType: 'DOUBLE',
  parse(raw, notes = NO_NOTES) {
    const s = asciiCell(raw, notes);
    const pct = /^(\d+(?:\.\d+)?)%$/.exec(s);
    // '96.7e-2' parses to the double nearest 0.967; 96.7 / 100 would be 0.9670000000000001.
    if (pct) return Number(`${pct[1]}e-2`);
    if (DECIMAL.test(s)) return Number(s);
    return invalid('不是数字或百分数', 'not a number or percentage');
  },
};

const pad = (n: number) => (n < 10 ? `0${n}` : String(n));

function calendarDate(y: number, m: number, d: number): string | null {
  if (m < 1 || m > 12 || d < 1 || d > 31) return null;
  const t = new Date(Date.UTC(y, m - 1, d));
  if (t.getUTCMonth() !== m - 1) return null; // 2020-02-30 rolls over into March
  return `${y}-${pad(m)}-${pad(d)}`;
}

/**
 * An Excel date serial as 'YYYY-MM-DD' (and the time of day, when it has one). The 1900
 * system counts 1900-02-29, a day that never was (Lotus 1-2-3's bug, kept by Excel), so
 * serials from 61 on are one day ahead of a plain count from 1899-12-31; serial 60 is that
 * day and no date. The 1904 system (old Mac workbooks) counts from 1904-01-01 without the bug.
 */
export function excelSerialToIso(
  serial: number,
  date1904 = false,
): { day: string; seconds: number } | null {
  if (!Number.isFinite(serial) || serial < 0) return null;
  let days = Math.floor(serial);
  let epoch: number;
  if (date1904) epoch = Date.UTC(1904, 0, 1);
  else if (days === 60) return null;
  else if (days > 60) epoch = Date.UTC(1899, 11, 30);
  else epoch = Date.UTC(1899, 11, 31);
  let seconds = Math.round((serial - days) * 86_400);
  if (seconds === 86_400) {
    days += 1;
    seconds = 0;
  }
  const t = new Date(epoch + days * 86_400_000);
  if (!date1904 && days === 0) return null; // serial 0 is "1900-01-00"
  return { day: t.toISOString().slice(0, 10), seconds };
}

/** Serials a date column may hold: 1950-01-01 to 2099-12-31; beyond is a number, not a date. */
const SERIAL_RANGE = [18_264, 73_050] as const;

/**
 * A date written any of the ways clerks write one, as { day, time } or null. Notes say which
 * unusual form it was. The time is the rest of the cell after the date, not yet checked.
 */
function readDate(raw: string, notes: Notes): { day: string; time: string } | null {
  // Fast path for the ISO form most machine exports use.
  if (raw.length === 10 && raw[4] === '-' && raw[7] === '-') {
    const day = calendarDate(
      Number(raw.slice(0, 4)),
      Number(raw.slice(5, 7)),
      Number(raw.slice(8, 10)),
    );
    return day ? { day, time: '' } : null;
  }
  const s = asciiCell(raw, notes, true);
  const serial = /^(\d{5})(\.\d+)?$/.exec(s);
  if (serial) {
    const n = Number(s);
    if (n < SERIAL_RANGE[0] || n > SERIAL_RANGE[1] + 1) return null;
    const iso = excelSerialToIso(n);
    if (!iso) return null;
    notes.note('excel_serial');
    const t = iso.seconds;
    const time = t
      ? `${pad(Math.floor(t / 3600))}:${pad(Math.floor(t / 60) % 60)}:${pad(t % 60)}`
      : '';
    return { day: iso.day, time };
  }
  const compact = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (compact) {
    const day = calendarDate(Number(compact[1]), Number(compact[2]), Number(compact[3]));
    if (day) notes.note('date_form');
    return day ? { day, time: '' } : null;
  }
  const g =
    /^(\d{4})(?:([-/.])(\d{1,2})\2(\d{1,2})|\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日)(.*)$/.exec(s);
  if (!g) return null;
  const day = calendarDate(Number(g[1]), Number(g[3] ?? g[5]), Number(g[4] ?? g[6]));
  if (!day) return null;
  if (g[2] === '.') notes.note('date_form');
  return { day, time: g[7]!.trim() };
}

const TIME = /^(?:T)?(\d{1,2}):(\d{2})(?::(\d{2}))?$/;

const BAD_DATE = {
  zh: '不是有效日期（应为 2020-08-18、2020/8/18、2020年8月18日 或 Excel 日期）',
  en: 'not a valid date (expected 2020-08-18, 2020/8/18, 2020年8月18日 or an Excel date)',
};

/**
 * Calendar dates in the ways Excel and clerks write them (2020-08-18, 2020/8/18, 2020.8.18,
 * 20200818, 2020年8月18日, an Excel serial such as 44061); normalised to YYYY-MM-DD. A time of
 * 00:00 after the date, as Excel writes date cells into CSV, is dropped; any other time is an
 * error, since the column holds days.
 */
export const date: Codec<string> = {
  describe: { zh: '日期', en: 'date' },
  stageType: 'VARCHAR',
  sqlType: 'DATE',
  // The ISO form of the fast path in readDate; the day must exist (CAST refuses 2020-02-30).
  plain: '[12]\\d{3}-\\d{2}-\\d{2}',
  parse(raw, notes = NO_NOTES) {
    const found = readDate(raw, notes);
    if (!found) return new Invalid(BAD_DATE);
    if (found.time === '') return found.day;
    const t = TIME.exec(found.time);
    if (t && Number(t[1]) === 0 && Number(t[2]) === 0 && Number(t[3] ?? 0) === 0) {
      notes.note('midnight');
      return found.day;
    }
    return invalid(
      '不是有效日期：该列为日期，不应含时刻（如 2020-08-18）',
      'not a valid date: this column holds days, not times of day (e.g. 2020-08-18)',
    );
  },
};

/** A date with an optional time of day (HH:MM or HH:MM:SS); a bare date means midnight. */
export const dateTime: Codec<string> = {
  describe: { zh: '日期时间', en: 'date-time' },
  stageType: 'VARCHAR',
  sqlType: 'TIMESTAMP',
  parse(raw, notes = NO_NOTES) {
    const found = readDate(raw, notes);
    const t = found ? (found.time === '' ? [] : TIME.exec(found.time)) : null;
    if (!found || !t) {
      return invalid(
        '不是有效日期时间（如 2020-08-18 09:30）',
        'not a valid date-time (e.g. 2020-08-18 09:30)',
      );
    }
    const h = Number(t[1] ?? 0);
    const min = Number(t[2] ?? 0);
    const s = Number(t[3] ?? 0);
    if (h > 23 || min > 59 || s > 59) {
      return invalid('时间超出范围', 'time of day out of range');
    }
    return `${found.day} ${pad(h)}:${pad(min)}:${pad(s)}`;
  },
};

const TRUE = new Set(['true', '1', '是', 'y', 'yes']);
const FALSE = new Set(['false', '0', '否', 'n', 'no']);
// Tick and cross, as checklists in Excel mark them.
const TICK = new Set(['√', '✓', '✔']);
const CROSS = new Set(['×', '✗', '✘']);

export const bool: Codec<boolean> = {
  describe: { zh: '是/否', en: 'yes/no' },
  stageType: 'BOOLEAN',
  sqlType: 'BOOLEAN',
  parse(raw, notes = NO_NOTES) {
    const v = raw.toLowerCase();
    if (TRUE.has(v)) return true;
    if (FALSE.has(v)) return false;
    if (TICK.has(v) || CROSS.has(v)) {
      notes.note('symbol_bool');
      return TICK.has(v);
    }
    return invalid(
      '应为 是/否、√/×、true/false、1/0 或 Y/N',
      'expected 是/否, √/×, true/false, 1/0 or Y/N',
    );
  },
};

/**
 * A closed list of values, each with its English code and Chinese label; either is accepted
 * and the English code is stored.
 */
export function oneOf<const C extends string>(
  labels: Record<C, string>,
): Codec<C> & {
  labels: Record<C, string>;
} {
  const lookup = new Map<string, C>();
  for (const [code, label] of Object.entries(labels) as [C, string][]) {
    lookup.set(code.toLowerCase(), code);
    lookup.set(label, code);
  }
  const listed = (Object.entries(labels) as [C, string][])
    .map(([code, label]) => `${code}/${label}`)
    .join(', ');
  return {
    labels,
    describe: { zh: `取值之一：${listed}`, en: `one of: ${listed}` },
    stageType: 'VARCHAR',
    sqlType: 'VARCHAR',
    parse(raw) {
      return (
        lookup.get(raw) ??
        lookup.get(raw.toLowerCase()) ??
        invalid(`取值应为 ${listed}`, `must be one of ${listed}`)
      );
    },
  };
}
