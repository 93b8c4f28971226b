import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../../db/client';
import { applyMigrations } from '../../db/migrate';
import { CONTRACTS } from '../../etl/contract';
import { writeDemoFiles } from '../../etl/demo/generate';
import { collectFiles } from '../../etl/files';
import { load } from '../../etl/load';

/** A migrated in-memory DuckDB, private to the test. */
export async function freshDb(): Promise<Db> {
  const db = await openDatabase(':memory:');
  await applyMigrations(db);
  return db;
}

/** A temporary folder removed by the returned cleanup. */
export function tempDir(prefix = 'oversight-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Row counts of every loadable table: "the database is unchanged" compares two of these. */
export async function tableCounts(db: Db): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const t of CONTRACTS.map((c) => c.table)) {
    const [row] = await db.all<{ n: number }>({ sql: `SELECT count(*)::INTEGER AS n FROM ${t}` });
    counts[t] = row!.n;
  }
  return counts;
}

/**
 * A migrated in-memory DuckDB with the demo city (etl/demo) loaded through the real ETL, as
 * route and query tests read it.
 */
export async function demoDb(loadedBy = 'test'): Promise<Db> {
  const temp = tempDir('demo-');
  try {
    await writeDemoFiles(temp.dir);
    const db = await freshDb();
    const report = await load(db, collectFiles([temp.dir]), { source: 'test', loadedBy });
    if (report.outcome !== 'committed') throw new Error(`demo load: ${report.outcome}`);
    return db;
  } finally {
    temp.cleanup();
  }
}
