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
import type { FlagType } from '../../oversight/types';
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
    cells: { text: string; numeric: boolean }[];
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
function factLabel(f: Formatters, type: FlagType, field: string): string {
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
          })),
          alert: kind.alertWhen !== undefined && r[kind.alertWhen] === true,
        })),
      },
    ];
  });
}
