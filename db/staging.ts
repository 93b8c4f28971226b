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
    return new Stage(spec, appender, types, dateColumns);
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
