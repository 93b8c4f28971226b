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
import { isDistrictCode } from '../../oversight/district-code';

export interface Codec<T extends string | number | boolean> {
  /** How the value is described in the data contract, in both languages. */
  readonly describe: Reason;
  readonly stageType: StageType;
  /** SQL type of the final column; staged VARCHAR dates are cast on merge. */
  readonly sqlType: SqlType;
  /** raw is already trimmed and non-empty. */
  parse(raw: string): T | Invalid;
}

const invalid = (zh: string, en: string) => new Invalid({ zh, en });

export const text: Codec<string> = {
  describe: { zh: '文本', en: 'text' },
  stageType: 'VARCHAR',
  sqlType: 'VARCHAR',
  parse: (raw) => raw,
};

/** Administrative division code: 6 digits (GB/T 2260), or the 9/12-digit township forms. */
export const districtCode: Codec<string> = {
  describe: { zh: '6 位行政区划代码', en: '6-digit administrative division code' },
  stageType: 'VARCHAR',
  sqlType: 'VARCHAR',
  parse: (raw) =>
    isDistrictCode(raw)
      ? raw
      : invalid(
          '不是有效的行政区划代码（应为 6 位数字）',
          'not a division code (6 digits expected)',
        ),
};

const COUNT = /^\d{1,9}$/;

/** Counts of people, tickets, cases, items: whole and not negative. */
export const count: Codec<number> = {
  describe: { zh: '非负整数', en: 'non-negative whole number' },
  stageType: 'INTEGER',
  sqlType: 'INTEGER',
  parse(raw) {
    if (COUNT.test(raw)) return Number(raw);
    if (/^-\d/.test(raw)) return invalid('不能为负数', 'must not be negative');
    if (/^\d{1,9}\.0+$/.test(raw)) return Number(raw);
    if (/^\d+$/.test(raw)) return invalid('数值过大', 'too large');
    return invalid('不是非负整数', 'not a non-negative whole number');
  },
};

const DECIMAL = /^\d+(\.\d+)?$/;

/** Minutes, averages: a number that is not negative. */
export const decimal: Codec<number> = {
  describe: { zh: '非负数', en: 'non-negative number' },
  stageType: 'DOUBLE',
  sqlType: 'DOUBLE',
  parse(raw) {
    if (DECIMAL.test(raw)) return Number(raw);
    if (/^-\d/.test(raw)) return invalid('不能为负数', 'must not be negative');
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
  parse(raw) {
    const pct = /^(\d+(?:\.\d+)?)\s*%$/.exec(raw);
    // '96.7e-2' parses to the double nearest 0.967; 96.7 / 100 would be 0.9670000000000001.
    if (pct) return Number(`${pct[1]}e-2`);
    if (DECIMAL.test(raw)) return Number(raw);
    return invalid('不是数字或百分数', 'not a number or percentage');
  },
};

const DATE = /^(\d{4})(?:[-/](\d{1,2})[-/](\d{1,2})|年(\d{1,2})月(\d{1,2})日)$/;
const DATE_TIME =
  /^(\d{4})(?:[-/](\d{1,2})[-/](\d{1,2})|年(\d{1,2})月(\d{1,2})日)(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const pad = (n: number) => (n < 10 ? `0${n}` : String(n));

function calendarDate(y: number, m: number, d: number): string | null {
  if (m < 1 || m > 12 || d < 1 || d > 31) return null;
  const t = new Date(Date.UTC(y, m - 1, d));
  if (t.getUTCMonth() !== m - 1) return null; // 2020-02-30 rolls over into March
  return `${y}-${pad(m)}-${pad(d)}`;
}

const BAD_DATE = {
  zh: '不是有效日期（应为 2020-08-18、2020/8/18 或 2020年8月18日）',
  en: 'not a valid date (expected 2020-08-18, 2020/8/18 or 2020年8月18日)',
};

/** Calendar dates in the three ways Excel exports write them; normalised to YYYY-MM-DD. */
export const date: Codec<string> = {
  describe: { zh: '日期', en: 'date' },
  stageType: 'VARCHAR',
  sqlType: 'DATE',
  parse(raw) {
    // Fast path for the ISO form most machine exports use.
    if (raw.length === 10 && raw[4] === '-' && raw[7] === '-') {
      const y = Number(raw.slice(0, 4));
      const m = Number(raw.slice(5, 7));
      const d = Number(raw.slice(8, 10));
      return calendarDate(y, m, d) ?? new Invalid(BAD_DATE);
    }
    const g = DATE.exec(raw);
    if (!g) return new Invalid(BAD_DATE);
    const valid = calendarDate(Number(g[1]), Number(g[2] ?? g[4]), Number(g[3] ?? g[5]));
    return valid ?? new Invalid(BAD_DATE);
  },
};

/** A date with an optional time of day (HH:MM or HH:MM:SS); a bare date means midnight. */
export const dateTime: Codec<string> = {
  describe: { zh: '日期时间', en: 'date-time' },
  stageType: 'VARCHAR',
  sqlType: 'TIMESTAMP',
  parse(raw) {
    const g = DATE_TIME.exec(raw);
    const day = g ? calendarDate(Number(g[1]), Number(g[2] ?? g[4]), Number(g[3] ?? g[5])) : null;
    if (!g || !day) {
      return invalid(
        '不是有效日期时间（如 2020-08-18 09:30）',
        'not a valid date-time (e.g. 2020-08-18 09:30)',
      );
    }
    const h = Number(g[6] ?? 0);
    const min = Number(g[7] ?? 0);
    const s = Number(g[8] ?? 0);
    if (h > 23 || min > 59 || s > 59) {
      return invalid('时间超出范围', 'time of day out of range');
    }
    return `${day} ${pad(h)}:${pad(min)}:${pad(s)}`;
  },
};

const TRUE = new Set(['true', '1', '是', 'y', 'yes']);
const FALSE = new Set(['false', '0', '否', 'n', 'no']);

export const bool: Codec<boolean> = {
  describe: { zh: '是/否', en: 'yes/no' },
  stageType: 'BOOLEAN',
  sqlType: 'BOOLEAN',
  parse(raw) {
    const v = raw.toLowerCase();
    if (TRUE.has(v)) return true;
    if (FALSE.has(v)) return false;
    return invalid('应为 是/否、true/false、1/0 或 Y/N', 'expected 是/否, true/false, 1/0 or Y/N');
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
