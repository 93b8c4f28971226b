/**
 * The server opens DuckDB locked down, so that even a query that slipped past the
 * parameters-only rule could not read the server's files (Grafana's DuckDB data source
 * reached read_blob('/etc/passwd') that way) or turn the protection off again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../db/client';
import { applyMigrations } from '../../db/migrate';

let db: Db;
beforeAll(async () => {
  db = await openDatabase(':memory:', { lockDown: true });
  await applyMigrations(db);
});
afterAll(() => db.close());

describe('a locked-down database', () => {
  it.each([
    ["SELECT * FROM read_blob('/etc/passwd')", /Permission Error/],
    ["SELECT * FROM read_csv('/etc/passwd')", /Permission Error/],
    ["COPY (SELECT 1) TO '/tmp/oversight-leak.csv'", /Permission Error/],
    ["ATTACH '/tmp/other.duckdb'", /Permission Error/],
    ['SET enable_external_access = true', /Cannot change configuration/],
    ['SET lock_configuration = false', /Cannot change configuration/],
  ])('refuses %s', async (sql, reason) => {
    await expect(db.all({ sql })).rejects.toThrow(reason);
  });

  it('still works in UTC, in transactions on fresh connections too', async () => {
    const [row] = await db.all<{ tz: string }>({ sql: "SELECT current_setting('TimeZone') AS tz" });
    expect(row?.tz).toBe('UTC');
    const inside = await db.withTransaction((tx) =>
      tx.all<{ tz: string }>({ sql: "SELECT current_setting('TimeZone') AS tz" }),
    );
    expect(inside[0]?.tz).toBe('UTC');
  });
});
