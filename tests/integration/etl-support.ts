/** Fixtures and database snapshots shared by the ETL integration tests. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Db } from '../../db/client';
import { CONTRACTS, type Kind } from '../../etl/contract';
import type { SourceFile } from '../../etl/load';

export const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

/** The fixture with English (en) or Chinese (zh) headers for a kind: window_daily -> window-daily-en.csv. */
export const fixtureName = (kind: Kind, language: 'en' | 'zh') =>
  `${kind.replaceAll('_', '-')}-${language}.csv`;

export const fixturePath = (name: string) => `${FIXTURES}${name}`;

/** A fixture as the CLI would hand it to load(): by path. */
export const fixture = (name: string): SourceFile => ({ name, path: fixturePath(name) });

export const fixtureText = (name: string) => readFileSync(fixturePath(name), 'utf8');

/** An in-memory file, as the upload page would hand it to load(). */
export const fromText = (name: string, text: string): SourceFile => ({
  name,
  bytes: Buffer.from(text, 'utf8'),
});

export const fromBytes = (name: string, bytes: Buffer): SourceFile => ({ name, bytes });

/** Data rows of a fixture: its non-blank lines after the header. */
export const dataRowCount = (name: string) =>
  fixtureText(name)
    .split('\n')
    .filter((line) => line.trim() !== '').length - 1;

export const TABLES = CONTRACTS.map((c) => c.table);

/** Every row of a table, in a stable order. */
export async function contents(db: Db, table: string): Promise<Record<string, unknown>[]> {
  // batch_id records which load wrote the row; two loads of the same rows differ only there.
  return db.all({ sql: `SELECT * EXCLUDE (batch_id) FROM ${table} ORDER BY ALL` });
}

/**
 * Rows without the batch that wrote them: for comparing what two different loads stored. (Within
 * one database, compare whole rows: a row that did not change keeps its batch.)
 */
export const withoutBatch = (rows: Record<string, unknown>[]) =>
  rows.map(({ batch_id: _batch, ...row }) => row);

/** Every row of every loadable table: "the database is unchanged" compares two of these. */
export async function allContents(db: Db): Promise<Record<string, Record<string, unknown>[]>> {
  const snapshot: Record<string, Record<string, unknown>[]> = {};
  for (const table of TABLES) snapshot[table] = await contents(db, table);
  return snapshot;
}
