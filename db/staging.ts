/**
 * Staging for bulk loads: validated rows go into a TEMP table through DuckDB's Appender, a data
 * chunk (2,048 rows) at a time, so each value costs a write into a JS-side vector rather than a
 * call into the native side. The stage lives on the load's own transaction connection and
 * disappears with it.
 */
import {
  BOOLEAN,
  DOUBLE,
  DuckDBDataChunk,
  INTEGER,
  VARCHAR,
  type DuckDBAppender,
  type DuckDBConnection,
  type DuckDBType,
  type DuckDBValue,
} from '@duckdb/node-api';

export type StageType = 'VARCHAR' | 'INTEGER' | 'DOUBLE' | 'BOOLEAN';
export type SqlType = StageType | 'DATE' | 'TIMESTAMP';
export type StagedValue = string | number | boolean | null;

/** A loadable table as the loader sees it; built from the data contract in etl/. */
export interface TableSpec {
  table: string;
  columns: readonly { key: string; stageType: StageType; sqlType: SqlType }[];
  naturalKey: readonly string[];
  /** Columns whose codes must exist in the district registry ('' means "all" and passes). */
  districtColumns: readonly string[];
}

const CHUNK = 2048;
const TYPES: Record<StageType, DuckDBType> = { VARCHAR, INTEGER, DOUBLE, BOOLEAN };

export const stageName = (spec: TableSpec) => `stage_${spec.table}`;

/**
 * Dates travel as 'YYYY-MM-DD' strings but are staged as days since 1970-01-01: an integer
 * goes into the chunk's typed array, where a string would cost a call into the native side.
 */
const stagedAsDays = (c: TableSpec['columns'][number]) => c.sqlType === 'DATE';

function isoToDays(iso: string): number {
  return (
    Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) /
    86_400_000
  );
}

/** SQL turning a staged column into its final type. */
export function fromStage(spec: TableSpec, key: string, alias: string): string {
  const column = spec.columns.find((c) => c.key === key)!;
  const ref = `${alias}."${key}"`;
  if (stagedAsDays(column)) return `(DATE '1970-01-01' + ${ref})`;
  return column.stageType === column.sqlType ? ref : `CAST(${ref} AS ${column.sqlType})`;
}

export class Stage {
  private readonly buffers: StagedValue[][];
  private filled = 0;
  rows = 0;

  private constructor(
    readonly spec: TableSpec,
    readonly connection: DuckDBConnection,
    private readonly appender: DuckDBAppender,
    private readonly types: DuckDBType[],
    private readonly dateColumns: number[],
  ) {
    this.buffers = types.map(() => new Array<StagedValue>(CHUNK));
  }

  static async create(connection: DuckDBConnection, spec: TableSpec): Promise<Stage> {
    const columns = spec.columns.map(
      (c) => `"${c.key}" ${stagedAsDays(c) ? 'INTEGER' : c.stageType}`,
    );
    await connection.run(
      `CREATE OR REPLACE TEMP TABLE ${stageName(spec)} (file_index INTEGER, line INTEGER, ${columns.join(', ')})`,
    );
    const appender = await connection.createAppender(stageName(spec), 'main', 'temp');
    const types = [
      INTEGER,
      INTEGER,
      ...spec.columns.map((c) => (stagedAsDays(c) ? INTEGER : TYPES[c.stageType])),
    ];
    const dateColumns = spec.columns.flatMap((c, i) => (stagedAsDays(c) ? [i] : []));
    return new Stage(spec, connection, appender, types, dateColumns);
  }

  /** values are in spec column order. */
  push(fileIndex: number, line: number, values: readonly StagedValue[]): void {
    const i = this.filled;
    this.buffers[0]![i] = fileIndex;
    this.buffers[1]![i] = line;
    for (let c = 0; c < values.length; c++) this.buffers[c + 2]![i] = values[c]!;
    for (const c of this.dateColumns) {
      const v = values[c];
      if (typeof v === 'string') this.buffers[c + 2]![i] = isoToDays(v);
    }
    this.rows++;
    if (++this.filled === CHUNK) this.flush();
  }

  /**
   * Stages rows by an INSERT … SELECT on the stage's connection (the bulk road), after writing
   * what the appender holds so far.
   */
  async insertSelect(select: string, params: StagedValue[], rows: number): Promise<void> {
    this.flush();
    this.appender.flushSync();
    await this.connection.run(
      `INSERT INTO ${stageName(this.spec)} ${select}`,
      params as DuckDBValue[],
    );
    this.rows += rows;
  }

  /** Drops the stage table: once merged, its rows only hold memory the rollups could use. */
  async drop(): Promise<void> {
    await this.connection.run(`DROP TABLE IF EXISTS ${stageName(this.spec)}`);
  }

  /** Writes what is buffered and closes the appender; the stage table is then queryable. */
  finish(): void {
    this.flush();
    this.appender.closeSync();
  }

  private flush(): void {
    if (this.filled === 0) return;
    const chunk = DuckDBDataChunk.create(this.types, this.filled);
    for (let c = 0; c < this.buffers.length; c++) {
      const column = this.buffers[c]!;
      const values = this.filled === CHUNK ? column : column.slice(0, this.filled);
      chunk.setColumnValues(c, values as DuckDBValue[]);
    }
    this.appender.appendDataChunk(chunk);
    this.filled = 0;
  }
}

/** A delimited UTF-8 file whose header is known, for the bulk road. */
export interface BulkCsv {
  path: string;
  delimiter: string;
  /** Physical lines before the first data row: titles and the header. */
  skipLines: number;
  /** Cells per row, as the header has them. */
  width: number;
  fileIndex: number;
  /** Per stage column (spec order): where the file holds it and what a plain cell looks like. */
  columns: readonly {
    /** File column, or -1 when the file has none (the column is then `whenBlank`). */
    source: number;
    /** RE2 pattern of a plain cell (etl's codec.plain). */
    plain: string;
    required: boolean;
    whenBlank: StagedValue;
  }[];
}

const BULK_RAW = 'bulk_raw';

/**
 * The bulk road: DuckDB's own CSV reader reads the file into a scratch table in file order, and
 * if every cell is plain (its codec's plain form, or blank where that is allowed) and every
 * physical line after `skipLines` is one row, the rows are cast into the stage in one INSERT.
 * Anything else — a cell to normalise or refuse, a short or long row (skipped by
 * ignore_errors, so the count no longer matches), a blank line, a line break inside a cell —
 * stages nothing and returns null: the row-by-row road then reads the file and reports.
 * ignore_errors keeps a malformed file from failing the load's transaction.
 */
export async function stageCsvInBulk(
  stage: Stage,
  csv: BulkCsv,
  physicalLines: Promise<number>,
): Promise<number | null> {
  const { connection } = stage;
  const params: DuckDBValue[] = [csv.path, csv.skipLines, csv.delimiter];
  const param = (v: StagedValue) => {
    params.push(v as DuckDBValue);
    return `$${params.length}`;
  };
  const conditions: string[] = [];
  const values: string[] = [];
  csv.columns.forEach((c, i) => {
    const spec = stage.spec.columns[i]!;
    const blank = c.whenBlank === null ? 'NULL' : `${param(c.whenBlank)}::${spec.stageType}`;
    if (c.source < 0) {
      values.push(`${blank} AS v${i}`);
      return;
    }
    const ref = `c${c.source}`;
    const plain = `regexp_full_match(${ref}, ${param(c.plain)})`;
    const exists = spec.sqlType === 'DATE' ? ` AND TRY_CAST(${ref} AS DATE) IS NOT NULL` : '';
    conditions.push(
      c.required
        ? `(${ref} IS NOT NULL AND ${plain}${exists})`
        : `(${ref} IS NULL OR (${plain}${exists}))`,
    );
    // TRY_CAST: a row that is not plain is never inserted, but it must not fail the scan.
    const cast = stagedAsDays(spec)
      ? `(TRY_CAST(${ref} AS DATE) - DATE '1970-01-01')::INTEGER`
      : spec.stageType === 'VARCHAR'
        ? ref
        : `TRY_CAST(${ref} AS ${spec.stageType})`;
    values.push(`CASE WHEN ${ref} IS NULL THEN ${blank} ELSE ${cast} END AS v${i}`);
  });
  const columns = Array.from({ length: csv.width }, (_, i) => `'c${i}': 'VARCHAR'`).join(', ');
  // One scan of the file checks and casts every cell; the stage is filled only if all are plain.
  await connection.run(
    `CREATE OR REPLACE TEMP TABLE ${BULK_RAW} AS
     SELECT row_number() OVER () AS n, (${conditions.join(' AND ') || 'true'}) AS plain,
            ${values.join(', ')}
     FROM read_csv($1, header = false, skip = $2, all_varchar = true, delim = $3, quote = '"',
                   escape = '"', columns = {${columns}}, auto_detect = false,
                   null_padding = false, ignore_errors = true)`,
    params,
  );
  try {
    const reader = await connection.runAndReadAll(
      `SELECT count(*)::INTEGER AS total, count(*) FILTER (WHERE NOT plain)::INTEGER AS odd
       FROM ${BULK_RAW}`,
    );
    const [total, odd] = reader.getRows()[0] as [number, number];
    if (odd > 0 || csv.skipLines + total !== (await physicalLines)) return null;
    const names = ['file_index', 'line', ...stage.spec.columns.map((c) => `"${c.key}"`)];
    const staged = stage.spec.columns.map((_, i) => `v${i}`);
    await stage.insertSelect(
      `(${names.join(', ')}) SELECT $1, ($2 + n)::INTEGER, ${staged.join(', ')} FROM ${BULK_RAW}`,
      [csv.fileIndex, csv.skipLines],
      total,
    );
    return total;
  } finally {
    await connection.run(`DROP TABLE IF EXISTS ${BULK_RAW}`);
  }
}
