/**
 * A flag's evidence in words: the numbers with their names in the user's language, rates as
 * percentages, dates for the locale, codes (action types, complaint categories) as terms, and
 * lists of days or powers as tables. The dashboard's <Evidence> and the weekly PDF both read
 * evidence through these functions, so the paper says exactly what the screen says.
 */
import { isMessageKey, type Formatters, type MessageKey } from '../i18n';

/** Fields that hold fractions (shown as percentages). */
const FRACTIONS = new Set(['rate', 'target', 'share', 'threshold']);
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** An evidence field's name in the user's language (the field itself when it has none). */
export function evidenceLabel(f: Formatters, key: string): string {
  const k = `evidence.${key}`;
  return isMessageKey(k) ? f.t(k) : key;
}

/** Codes the rules put in lists: action types and complaint categories. */
function term(f: Formatters, prefix: 'action' | 'category', code: string): string {
  const k = `${prefix}.${code}`;
  return isMessageKey(k) ? f.t(k as MessageKey) : code;
}

/** One value of the field `key`, as text. */
export function evidenceScalar(f: Formatters, key: string, value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'boolean') return value ? f.t('common.yes') : f.t('common.no');
  if (typeof value === 'number') return FRACTIONS.has(key) ? f.percent(value) : f.number(value, 1);
  if (typeof value === 'string') {
    if (DATE.test(value)) return f.date(value);
    return key === 'missingActionTypes' ? term(f, 'action', value) : value;
  }
  return JSON.stringify(value);
}

export const isEvidenceRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** A list of records (days, powers) is shown as a table; everything else as a fact. */
const isTable = (v: unknown): v is unknown[] => Array.isArray(v) && v.some(isEvidenceRecord);

/** A fact's value: lists joined, a category histogram as "预约难 7、排队 12". */
export function evidenceFactValue(f: Formatters, key: string, value: unknown): string {
  const separator = f.lang === 'zh' ? '、' : ', ';
  if (Array.isArray(value)) {
    return value.map((v) => evidenceScalar(f, key, v)).join(separator) || '—';
  }
  if (isEvidenceRecord(value)) {
    return (
      Object.entries(value)
        .map(([k, n]) => `${term(f, 'category', k)} ${evidenceScalar(f, k, n)}`)
        .join(separator) || '—'
    );
  }
  return evidenceScalar(f, key, value);
}

export interface EvidenceFact {
  key: string;
  label: string;
  value: string;
}

export interface EvidenceTable {
  key: string;
  caption: string;
  columns: { key: string; label: string; numeric: boolean }[];
  rows: {
    cells: { text: string; numeric: boolean }[];
    /** A throttled day: the row the reader should look at. */
    alert: boolean;
  }[];
}

/** The evidence's plain fields, in the rule's order, as label and value. */
export function evidenceFacts(f: Formatters, evidence: Record<string, unknown>): EvidenceFact[] {
  return Object.entries(evidence)
    .filter(([, v]) => !isTable(v))
    .map(([key, value]) => ({
      key,
      label: evidenceLabel(f, key),
      value: evidenceFactValue(f, key, value),
    }));
}

/** The evidence's lists of records (days, powers), each as a table of text. */
export function evidenceTables(f: Formatters, evidence: Record<string, unknown>): EvidenceTable[] {
  return Object.entries(evidence)
    .filter((entry): entry is [string, unknown[]] => isTable(entry[1]))
    .map(([key, value]) => {
      const records = value.filter(isEvidenceRecord);
      const columns = [...new Set(records.flatMap((r) => Object.keys(r)))];
      return {
        key,
        caption: evidenceLabel(f, key),
        columns: columns.map((c) => ({
          key: c,
          label: evidenceLabel(f, c),
          numeric: typeof records[0]?.[c] === 'number',
        })),
        rows: records.map((r) => ({
          cells: columns.map((c) => ({
            text: evidenceScalar(f, c, r[c]),
            numeric: typeof r[c] === 'number',
          })),
          alert: r.throttled === true,
        })),
      };
    });
}
