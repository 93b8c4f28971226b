import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../../db/client';
import { applyMigrations } from '../../db/migrate';
import { CONTRACTS } from '../../etl/contract';
import { generateDemoFiles, writeDemoFiles } from '../../etl/demo/generate';
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

/**
 * The demo city loaded through the real ETL with its window data only up to `lastDay`: the
 * rest is held back, to be loaded later a span at a time — as next week's files arrive.
 */
export async function demoDbUntil(lastDay: string): Promise<{
  db: Db;
  /** Loads the held-back window rows dated from..to through the ETL, each edited if asked. */
  loadWindowDays(from: string, to: string, edit?: (cells: string[]) => string[]): Promise<void>;
}> {
  const files = generateDemoFiles();
  const window = files.find((f) => f.kind === 'window_daily')!;
  const [header, ...rows] = window.bytes.toString('utf8').trimEnd().split('\n');
  const dated = (from: string, to: string) =>
    rows.filter((r) => r.slice(0, 10) >= from && r.slice(0, 10) <= to);
  const csv = (lines: string[]) => Buffer.from(`${[header, ...lines].join('\n')}\n`, 'utf8');
  const temp = tempDir('demo-until-');
  try {
    for (const f of files) {
      writeFileSync(
        join(temp.dir, f.name),
        f === window ? csv(dated('0000-00-00', lastDay)) : f.bytes,
      );
    }
    const db = await freshDb();
    const report = await load(db, collectFiles([temp.dir]), { source: 'test', loadedBy: 'test' });
    if (report.outcome !== 'committed') throw new Error(`demo load: ${report.outcome}`);
    return {
      db,
      async loadWindowDays(from, to, edit = (cells) => cells) {
        const later = tempDir('demo-later-');
        try {
          const path = join(later.dir, `window_daily_${from}_${to}.csv`);
          writeFileSync(path, csv(dated(from, to).map((r) => edit(r.split(',')).join(','))));
          const r = await load(db, [{ name: `window_daily_${from}_${to}.csv`, path }], {
            source: 'test',
            loadedBy: 'test',
          });
          if (r.outcome !== 'committed') throw new Error(`later load: ${r.outcome}`);
        } finally {
          later.cleanup();
        }
      },
    };
  } finally {
    temp.cleanup();
  }
}
