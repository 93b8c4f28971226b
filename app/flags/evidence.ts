/**
 * A flag's evidence in words, from its type's declaration (oversight/flags/rules/<type>.ts):
 * each field read by its declared kind — counts and averages for the locale, shares as
 * percentages, dates for the locale, action types and complaint categories as terms — and lists
 * of records (days, powers) as tables. The dashboard's <Evidence>, the weekly PDF and the CLI
 * all read evidence through these functions, so the paper says exactly what the screen says.
 */
import type { FieldKind, ValueKind } from '../../oversight/flags/declare';
import { isTableKind } from '../../oversight/flags/declare';
import { FLAG_RULES } from '../../oversight/flags/rules';
import { FLAG_TYPES, type FlagType } from '../../oversight/types';
import { isMessageKey, type Formatters, type MessageKey } from '../i18n';

/** The part of a flag its evidence is read from. */
export interface FlagEvidence {
  type: FlagType;
  evidence: unknown;
}

/** An evidence field's name in the user's language (every declared field has one: app/i18n). */
export const evidenceLabel = (f: Formatters, field: string): string =>
  f.t(`evidence.${field}` as MessageKey);

/** Codes the rules put in lists: action types and complaint categories. */
function term(f: Formatters, prefix: 'action' | 'category', code: string): string {
  const k = `${prefix}.${code}`;
  return isMessageKey(k) ? f.t(k) : code;
}

const NUMERIC: ReadonlySet<ValueKind> = new Set(['count', 'decimal', 'fraction']);

/** One value of the kind declared for it, as text; no value reads "—". */
export function evidenceValue(f: Formatters, kind: ValueKind, value: unknown): string {
  if (value === null || value === undefined) return '—';
  const separator = f.lang === 'zh' ? '、' : ', ';
  const list = (items: unknown, one: (v: unknown) => string) =>
    (Array.isArray(items) ? items.map(one).join(separator) : '') || '—';
  switch (kind) {
    case 'count':
      return f.number(value as number);
    case 'decimal':
      return f.number(value as number, 1);
    case 'fraction':
      return f.percent(value as number);
    case 'chance':
      return chance(f, value as number);
    case 'date':
      return f.date(value as string);
    case 'yesNo':
      return value ? f.t('common.yes') : f.t('common.no');
    case 'text':
      return String(value);
    case 'counts':
      return list(value, (n) => f.number(n as number));
    case 'texts':
      return list(value, String);
    case 'actionTypes':
      return list(value, (code) => term(f, 'action', String(code)));
    case 'categoryCounts':
      return (
        Object.entries(value as Record<string, number>)
          .map(([code, n]) => `${term(f, 'category', code)} ${f.number(n)}`)
          .join(separator) || '—'
      );
  }
}

/** A small probability as "about 1 in 61,000" (two significant figures), at most 1 in 10¹². */
function chance(f: Formatters, p: number): string {
  if (p >= 0.1) return f.percent(p);
  const limit = 1e12;
  if (p * limit < 1) return f.tf('evidence.chanceBelow', { n: f.number(limit) });
  const n = Number((1 / p).toPrecision(2));
  return f.tf('evidence.chanceOneIn', { n: f.number(n) });
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
    /** Each cell as words, and as a spreadsheet holds it (the evidence package's workbook). */
    cells: { text: string; numeric: boolean; plain: PlainValue | null }[];
    /** A row the reader should look at (a throttled day). */
    alert: boolean;
  }[];
}

/** The declared fields of the flag's evidence, in the declared order. */
function fieldsOf(flag: FlagEvidence): [string, FieldKind, unknown][] {
  const fields = FLAG_RULES[flag.type].fields as Readonly<Record<string, FieldKind>>;
  const evidence = flag.evidence as Record<string, unknown>;
  return Object.entries(fields).map(([key, kind]) => [key, kind, evidence[key]]);
}

/**
 * A fact's name: the flag type's own where the field means something particular there (a
 * throttling flag's tickets are the throttled days' total, not a day's), else the field's.
 */
export function factLabel(f: Formatters, type: FlagType, field: string): string {
  const own = `evidence.${type}.${field}`;
  return isMessageKey(own) ? f.t(own) : evidenceLabel(f, field);
}

/** The evidence's plain fields, as label and value. */
export function evidenceFacts(f: Formatters, flag: FlagEvidence): EvidenceFact[] {
  return fieldsOf(flag).flatMap(([key, kind, value]) =>
    isTableKind(kind)
      ? []
      : [{ key, label: factLabel(f, flag.type, key), value: evidenceValue(f, kind, value) }],
  );
}

/** The evidence's lists of records (days, powers), each as a table of text. */
export function evidenceTables(f: Formatters, flag: FlagEvidence): EvidenceTable[] {
  return fieldsOf(flag).flatMap(([key, kind, value]) => {
    const records = (Array.isArray(value) ? value : []) as Record<string, unknown>[];
    if (!isTableKind(kind) || records.length === 0) return [];
    const columns = Object.entries(kind.table);
    return [
      {
        key,
        caption: evidenceLabel(f, key),
        columns: columns.map(([c, k]) => ({
          key: c,
          label: evidenceLabel(f, c),
          numeric: NUMERIC.has(k),
        })),
        rows: records.map((r) => ({
          cells: columns.map(([c, k]) => ({
            text: evidenceValue(f, k, r[c]),
            numeric: NUMERIC.has(k),
            plain: plainEvidenceValue(f, k, r[c]),
          })),
          alert: kind.alertWhen !== undefined && r[kind.alertWhen] === true,
        })),
      },
    ];
  });
}

/**
 * One evidence value as a spreadsheet holds it: numbers as numbers (averages to the one decimal
 * the screen shows), shares as fractions to be shown as percentages, dates as ISO days, and the
 * rest — yes/no, lists, category counts — as the words the screen uses. Null: no value.
 */
export type PlainValue =
  | { kind: 'number'; value: number }
  | { kind: 'percent'; value: number }
  | { kind: 'date'; value: string }
  | { kind: 'text'; value: string };

export function plainEvidenceValue(
  f: Formatters,
  kind: ValueKind,
  value: unknown,
): PlainValue | null {
  if (value === null || value === undefined) return null;
  switch (kind) {
    case 'count':
      return { kind: 'number', value: value as number };
    case 'decimal':
      return { kind: 'number', value: Math.round((value as number) * 10) / 10 };
    case 'fraction':
      return { kind: 'percent', value: value as number };
    case 'chance':
      // A probability, often tiny (1.6e-5): three significant figures, as a number.
      return { kind: 'number', value: Number((value as number).toPrecision(3)) };
    case 'date':
      return { kind: 'date', value: value as string };
    default: {
      const text = evidenceValue(f, kind, value);
      return text === '—' ? null : { kind: 'text', value: text };
    }
  }
}

/**
 * A column of evidence in a spreadsheet: the fields of the flag types it holds, by type. Fields
 * of different types share a column when they read the same (投诉件数 of a surge and …), never
 * when their names differ (a throttling flag's 发放号数 is the throttled days' total). A list of
 * records (days, powers) is a column of its row count; the rows themselves go in the evidence
 * package.
 */
export interface EvidenceColumn {
  label: string;
  fields: Partial<Record<FlagType, { field: string; kind: FieldKind }>>;
}

/** The evidence columns of the given flag types, in the dashboard's type order, then declared. */
export function evidenceColumns(f: Formatters, types: Iterable<FlagType>): EvidenceColumn[] {
  const wanted = new Set(types);
  const columns: EvidenceColumn[] = [];
  for (const type of FLAG_TYPES) {
    if (!wanted.has(type)) continue;
    const fields = FLAG_RULES[type].fields as Readonly<Record<string, FieldKind>>;
    for (const [field, kind] of Object.entries(fields)) {
      const label = isTableKind(kind)
        ? f.tf('csv.rowCount', { label: evidenceLabel(f, field) })
        : factLabel(f, type, field);
      let column = columns.find((c) => c.label === label);
      if (!column) columns.push((column = { label, fields: {} }));
      column.fields[type] = { field, kind };
    }
  }
  return columns;
}

/** A flag's value in an evidence column: null where its type has no such field or no value. */
export function evidenceColumnValue(
  f: Formatters,
  column: EvidenceColumn,
  flag: FlagEvidence,
): PlainValue | null {
  const own = column.fields[flag.type];
  if (!own) return null;
  const value = (flag.evidence as Record<string, unknown>)[own.field];
  if (isTableKind(own.kind)) {
    return Array.isArray(value) ? { kind: 'number', value: value.length } : null;
  }
  return plainEvidenceValue(f, own.kind, value);
}
