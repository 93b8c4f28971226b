/**
 * The DuckDB connection owner. One DuckDBInstance per database file per process; a small pool
 * of connections so concurrent requests do not queue behind each other; a dedicated connection
 * for every transaction, because BEGIN on a shared connection would swallow other requests'
 * statements into it.
 *
 * Everything returned from here is JSON-safe (`getRowObjectsJson`): no BigInt and no DuckDB
 * value objects escape db/. Counts still arrive as strings unless the query casts them, so
 * queries cast aggregates (`::INTEGER`, `::DOUBLE`). BLOBs are the one exception: they come
 * and go as Uint8Array bytes.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  BLOB,
  DuckDBBlobValue,
  DuckDBConnection,
  DuckDBInstance,
  DuckDBTypeId,
  JsonDuckDBValueConverter,
  LIST,
  VARCHAR,
  blobValue,
  listValue,
  type DuckDBResultReader,
  type DuckDBType,
  type DuckDBValue,
} from '@duckdb/node-api';
import { type SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { drizzle, type PgRemoteDatabase } from 'drizzle-orm/pg-proxy';
import { env } from './env';
import * as schema from './schema';

export type Row = Record<string, unknown>;
export type Param = string | number | boolean | null | readonly string[] | Uint8Array;
export type Query = SQL | { sql: string; params?: readonly Param[] };

/** What every query function is handed: run SQL, read rows. Both Db and a transaction are one. */
export interface Executor {
  all<T = Row>(query: Query): Promise<T[]>;
  run(query: Query): Promise<void>;
  readonly orm: PgRemoteDatabase<typeof schema>;
}

export interface Db extends Executor {
  readonly path: string;
  /** Runs fn on its own connection inside BEGIN/COMMIT; ROLLBACK if fn throws. */
  withTransaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T>;
  close(): void;
}

export interface Transaction extends Executor {
  /** The raw connection, for the DuckDB Appender (bulk loads). */
  readonly connection: DuckDBConnection;
}

export interface OpenOptions {
  /** Connections kept for concurrent reads. */
  poolSize?: number;
  /** Serving hardening: no file/network access from SQL, settings frozen (see access-control). */
  lockDown?: boolean;
  /** DuckDB memory_limit, e.g. '512MB'; DUCKDB_MEMORY_LIMIT from the environment when absent. */
  memoryLimit?: string;
}

/** The database file is held by another process (DuckDB allows one read-write process). */
export class DatabaseLockedError extends Error {
  constructor(
    readonly path: string,
    readonly holderPid: number | null,
  ) {
    super(`database ${path} is in use by another process${holderPid ? ` (PID ${holderPid})` : ''}`);
    this.name = 'DatabaseLockedError';
  }
}

const dialect = new PgDialect();

function toStatement(query: Query): { sql: string; params: readonly Param[] } {
  if ('params' in query || !('queryChunks' in query)) {
    const q = query as { sql: string; params?: readonly Param[] };
    return { sql: q.sql, params: q.params ?? [] };
  }
  const built = dialect.sqlToQuery(query);
  return { sql: built.sql, params: built.params as Param[] };
}

/** DuckDB cannot infer a type for a JS array, so lists of codes are bound as VARCHAR[]. */
export function bindParams(params: readonly Param[]): {
  values: DuckDBValue[];
  types: DuckDBType[];
} {
  const values: DuckDBValue[] = [];
  const types: DuckDBType[] = [];
  for (const p of params) {
    if (p instanceof Uint8Array) {
      values.push(blobValue(p));
      types.push(BLOB);
    } else if (Array.isArray(p)) {
      values.push(listValue(p as string[]));
      types.push(LIST(VARCHAR));
    } else {
      values.push(p as DuckDBValue);
      types.push(undefined as unknown as DuckDBType);
    }
  }
  return { values, types };
}

/** Column types whose raw JS values are already JSON-safe numbers, strings or booleans. */
const PLAIN_TYPES = new Set<DuckDBTypeId>([
  DuckDBTypeId.BOOLEAN,
  DuckDBTypeId.TINYINT,
  DuckDBTypeId.SMALLINT,
  DuckDBTypeId.INTEGER,
  DuckDBTypeId.UTINYINT,
  DuckDBTypeId.USMALLINT,
  DuckDBTypeId.UINTEGER,
  DuckDBTypeId.FLOAT,
  DuckDBTypeId.DOUBLE,
  DuckDBTypeId.VARCHAR,
]);

/**
 * Rows as JSON-safe objects. getRowObjectsJson converts every value through the generic JSON
 * converter, which cost 175 ms for 60,000 rows of numbers whose query took 13 ms; here plain
 * columns are taken as they come and only the others (BIGINT, DATE, LIST…) are converted.
 */
function toRows<T>(reader: DuckDBResultReader): T[] {
  const names = reader.columnNames();
  const columns = jsonColumns(reader);
  const rows: Record<string, unknown>[] = new Array(reader.currentRowCount);
  for (let r = 0; r < rows.length; r++) {
    const row: Record<string, unknown> = {};
    for (let c = 0; c < names.length; c++) row[names[c]!] = columns[c]![r];
    rows[r] = row;
  }
  return rows as T[];
}

/** Positional rows, as drizzle's pg-proxy wants them for 'all' (the query builder's selects). */
function toArrays(reader: DuckDBResultReader): unknown[][] {
  const columns = jsonColumns(reader);
  const rows: unknown[][] = new Array(reader.currentRowCount);
  for (let r = 0; r < rows.length; r++) rows[r] = columns.map((column) => column[r]);
  return rows;
}

function jsonColumns(reader: DuckDBResultReader): unknown[][] {
  const types = reader.columnTypes();
  return reader.getColumns().map((column, c) => {
    const type = types[c]!;
    if (PLAIN_TYPES.has(type.typeId)) return column;
    if (type.typeId === DuckDBTypeId.BLOB) {
      return column.map((v) => (v instanceof DuckDBBlobValue ? v.bytes : null));
    }
    return column.map((v) => JsonDuckDBValueConverter(v, type, JsonDuckDBValueConverter));
  });
}

async function readAll<T>(conn: DuckDBConnection, query: Query): Promise<T[]> {
  const { sql, params } = toStatement(query);
  const { values, types } = bindParams(params);
  return toRows<T>(await conn.runAndReadAll(sql, values, types));
}

/** drizzle's pg-proxy wants positional arrays for 'all' and objects for 'execute'. */
function ormOver(conn: () => Promise<DuckDBConnection>, release: (c: DuckDBConnection) => void) {
  return drizzle(
    async (sql, params, method) => {
      const c = await conn();
      try {
        const { values, types } = bindParams(params as Param[]);
        const reader = await c.runAndReadAll(sql, values, types);
        return { rows: method === 'all' ? toArrays(reader) : toRows(reader) };
      } finally {
        release(c);
      }
    },
    { schema },
  );
}

class ConnectionPool {
  private idle: DuckDBConnection[] = [];
  private waiting: ((c: DuckDBConnection) => void)[] = [];
  private created = 0;

  constructor(
    private readonly instance: DuckDBInstance,
    private readonly size: number,
  ) {}

  async acquire(): Promise<DuckDBConnection> {
    const idle = this.idle.pop();
    if (idle) return idle;
    if (this.created < this.size) {
      this.created++;
      return this.instance.connect();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  release(c: DuckDBConnection): void {
    const next = this.waiting.shift();
    if (next) next(c);
    else this.idle.push(c);
  }

  closeAll(): void {
    for (const c of this.idle) c.closeSync();
    this.idle = [];
  }
}

const LOCK_HOLDER = /Conflicting lock is held in .*\(PID (\d+)\)/;

async function createInstance(path: string, options: OpenOptions): Promise<DuckDBInstance> {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const config: Record<string, string> = {};
  if (options.lockDown) config.enable_external_access = 'false';
  config.memory_limit = options.memoryLimit ?? env().DUCKDB_MEMORY_LIMIT;
  try {
    return await DuckDBInstance.create(path, config);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    if (message.includes('Could not set lock')) {
      const pid = LOCK_HOLDER.exec(message)?.[1];
      throw new DatabaseLockedError(path, pid ? Number(pid) : null);
    }
    throw e;
  }
}

/** Opens (creating if needed) the database file. Call applyMigrations before use. */
export async function openDatabase(path: string, options: OpenOptions = {}): Promise<Db> {
  const instance = await createInstance(path, options);
  // Once for every connection (GLOBAL): a locked configuration refuses a per-connection SET.
  const setup = await instance.connect();
  await setup.run("SET GLOBAL TimeZone = 'UTC'");
  if (options.lockDown) await setup.run('SET lock_configuration = true');
  setup.closeSync();
  const pool = new ConnectionPool(instance, options.poolSize ?? 4);
  const withConn = async <T>(fn: (c: DuckDBConnection) => Promise<T>): Promise<T> => {
    const c = await pool.acquire();
    try {
      return await fn(c);
    } finally {
      pool.release(c);
    }
  };

  return {
    path,
    all: (query) => withConn((c) => readAll(c, query)),
    run: (query) => withConn((c) => readAll(c, query)).then(() => {}),
    orm: ormOver(
      () => pool.acquire(),
      (c) => pool.release(c),
    ),
    async withTransaction(fn) {
      // A connection of its own, never one from the pool: see the module comment.
      const connection = await instance.connect();
      const tx: Transaction = {
        connection,
        all: (query) => readAll(connection, query),
        run: (query) => readAll(connection, query).then(() => {}),
        orm: ormOver(
          async () => connection,
          () => {},
        ),
      };
      await connection.run('BEGIN TRANSACTION');
      try {
        const result = await fn(tx);
        await connection.run('COMMIT');
        return result;
      } catch (e) {
        // DuckDB may have ended the transaction itself (an out-of-memory error does): the
        // failed ROLLBACK must not hide the error that caused it.
        await connection.run('ROLLBACK').catch(() => {});
        throw e;
      } finally {
        connection.closeSync();
      }
    },
    close() {
      pool.closeAll();
      instance.closeSync();
    },
  };
}
