import type { Codec, Reason } from './codecs';

export const KINDS = [
  'districts',
  'window_daily',
  'online_availability',
  'complaints',
  'delegations',
  'supervision',
  'targets',
  'calendar',
] as const;
export type Kind = (typeof KINDS)[number];

export type CellValue = string | number | boolean | null;

export interface Column {
  /** Database column (snake_case) and the canonical English header. */
  key: string;
  /** Chinese header names; the first is the one the templates use. */
  zh: readonly string[];
  /** Further English spellings seen in exports. */
  aliases?: readonly string[];
  codec: Codec<string | number | boolean>;
  /** A required column must be in the header and every row must fill it. */
  required: boolean;
  /** Stored when an optional column is absent or its cell is blank. */
  whenBlank?: CellValue;
}

export interface RowProblem {
  column: string;
  reason: Reason;
}

/** One kind of file: its columns, its natural key, and any rule that spans columns. */
export interface Contract {
  kind: Kind;
  /** Table the rows end up in. */
  table: string;
  title: Reason;
  columns: readonly Column[];
  /** Columns that identify a row: loading a row with the same key updates it. */
  naturalKey: readonly string[];
  /** Columns whose codes must exist in the district registry. */
  districtColumns: readonly string[];
  /** A rule across columns of one row; values are keyed by column key, already parsed. */
  checkRow?(row: Readonly<Record<string, CellValue>>): RowProblem | null;
}
