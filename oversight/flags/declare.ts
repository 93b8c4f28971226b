/**
 * What a flag type declares, in its one rule file: the rule itself, the shape of its evidence
 * (a zod schema, and the TypeScript type inferred from it), how each evidence field reads
 * (its kind) and the files its numbers come from; its title is a sentence of the catalogue in
 * messages.ts. Everything that shows a flag — the dashboard, the PDF, the CSV, the CLI — formats the
 * evidence from this declaration, never by guessing from a field's name.
 */
import { z } from 'zod';
import type { FlagType, Severity } from '../types';
import type { FlagConfig } from './config';
import type { Sentence } from './messages';
import type { UnitPeriod } from './unit';

/** The schemas evidence fields are most often made of: a whole count, an ISO date. */
export const countSchema = z.number().int().nonnegative();
export const dateSchema = z.iso.date();

/** How one evidence value reads. */
export type ValueKind =
  /** A whole number: people, tickets, items, days. */
  | 'count'
  /** An average or a pace, shown with one decimal. */
  | 'decimal'
  /** A share, stored as a fraction and shown as a percentage. */
  | 'fraction'
  /** A probability, shown as "about 1 in 61,000". */
  | 'chance'
  /** An ISO date (YYYY-MM-DD), shown for the reader's locale. */
  | 'date'
  | 'yesNo'
  /** Text from the files, shown as it is (a batch number, a unit's name). */
  | 'text'
  /** A list of counts (complaints in each previous period). */
  | 'counts'
  /** A list of texts from the files. */
  | 'texts'
  /** Counts by complaint category code, shown as "预约难 7、排队 12". */
  | 'categoryCounts'
  /** Supervision action type codes, shown as their names. */
  | 'actionTypes';

/** A list of records (days, powers), shown as a table with a column per declared field. */
export interface TableKind<Row> {
  table: { readonly [K in keyof Row]-?: ValueKind };
  /** A yes/no column whose rows the reader should look at (a throttled day). */
  alertWhen?: keyof Row & string;
}

export type FieldKind = ValueKind | TableKind<Record<string, unknown>>;

/** Each evidence field's kind, in the order the evidence is read. */
export type EvidenceFields<E> = {
  readonly [K in keyof E]-?: E[K] extends readonly (infer Row)[] | null
    ? Row extends Record<string, unknown>
      ? TableKind<Row>
      : ValueKind
    : ValueKind;
};

/** What a rule found: how bad, the numbers, and the title that says it in one sentence. */
export interface Finding<E> {
  severity: Severity;
  evidence: E;
  title: Sentence;
}

export interface FlagRule<T extends FlagType = FlagType, E = unknown> {
  type: T;
  /** The kinds of file the flag's numbers come from: the sources its evidence names. */
  sources: readonly string[];
  evidence: z.ZodType<E>;
  fields: EvidenceFields<E>;
  /** One district × department × period, the thresholds; no I/O. */
  evaluate(u: UnitPeriod, config: FlagConfig): Finding<E> | null;
}

/** Declares a flag type; the identity, there so TypeScript infers and checks the parts together. */
export const defineFlagRule = <T extends FlagType, E>(rule: FlagRule<T, E>): FlagRule<T, E> => rule;

export const isTableKind = (kind: FieldKind): kind is TableKind<Record<string, unknown>> =>
  typeof kind === 'object';
