/**
 * The command-line tools as an operator runs them: a child process (tsx) reading a database
 * file, which the test loads with the demo first and closes — DuckDB lets one process open it.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { openDatabase } from '../../db/client';
import { applyMigrations } from '../../db/migrate';
import { writeDemoFiles } from '../../etl/demo/generate';
import { collectFiles } from '../../etl/files';
import { load } from '../../etl/load';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TSX = join(ROOT, 'node_modules/.bin/tsx');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Writes the demo into `dir`, loads it through the ETL into `dir`/oversight.duckdb; its path. */
export async function demoDatabaseFile(dir: string, loadedBy: string): Promise<string> {
  await writeDemoFiles(join(dir, 'demo'));
  const databasePath = join(dir, 'oversight.duckdb');
  const db = await openDatabase(databasePath);
  try {
    await applyMigrations(db);
    const report = await load(db, collectFiles([join(dir, 'demo')]), { source: 'test', loadedBy });
    if (report.outcome !== 'committed') throw new Error(`demo load: ${report.outcome}`);
  } finally {
    db.close();
  }
  return databasePath;
}

/** Runs `script` (a path from the repository root) on `databasePath`; any exit code resolves. */
export async function runCli(
  script: string,
  args: readonly string[],
  databasePath: string,
  timeout: number,
): Promise<CliResult> {
  try {
    const { stdout, stderr } = await promisify(execFile)(TSX, [join(ROOT, script), ...args], {
      env: { ...process.env, DATABASE_PATH: databasePath, INBOX_DIR: '' },
      timeout,
    });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const failed = e as { code?: number; stdout?: string; stderr?: string };
    if (typeof failed.code !== 'number') throw e;
    return { code: failed.code, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}
