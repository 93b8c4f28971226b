/**
 * `npm run etl` as a user runs it: a child process with DATABASE_PATH pointing at a temporary
 * file, its exit code and what it prints.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'vitest';
import { openDatabase } from '../../db/client';
import { tableCounts, tempDir } from '../helpers/db';
import { dataRowCount, fixturePath } from './etl-support';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TSX = join(ROOT, 'node_modules/.bin/tsx');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * A temporary folder with its own database path; the command runs against that database.
 * Concurrent tests must register clean-up on their own context, hence `onFinished`.
 */
function sandbox(onFinished: (fn: () => void) => void) {
  const temp = tempDir('etl-cli-');
  onFinished(temp.cleanup);
  const databasePath = join(temp.dir, 'oversight.duckdb');

  const etl = (...args: string[]): Promise<Run> => {
    const child = spawn(TSX, ['etl/cli.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_PATH: databasePath, INBOX_DIR: '', DEBUG: '' },
    });
    return new Promise((resolve, reject) => {
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
  };

  /** The data tables' row counts, read after the command has exited and released the file. */
  const countsInDatabase = async (): Promise<Record<string, number>> => {
    const db = await openDatabase(databasePath);
    try {
      return await tableCounts(db);
    } finally {
      db.close();
    }
  };

  /** A folder of good files, as a bureau would hand it over. */
  const goodFolder = (): string => {
    const dir = join(temp.dir, 'exports');
    mkdirSync(dir, { recursive: true });
    for (const name of ['districts-en.csv', 'window-daily-zh.csv', 'complaints-en.csv']) {
      copyFileSync(fixturePath(name), join(dir, name));
    }
    return dir;
  };

  return { dir: temp.dir, databasePath, etl, countsInDatabase, goodFolder };
}

const isEmpty = (counts: Record<string, number>) => Object.values(counts).every((n) => n === 0);

// Each test has its own database file, so they run side by side: each one is a cold `tsx` start.
describe.concurrent('npm run etl', () => {
  it('loads a folder of good files, prints the report and exits 0', async ({
    expect,
    onTestFinished,
  }) => {
    const cli = sandbox(onTestFinished);
    const run = await cli.etl(cli.goodFolder());
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      `districts-en.csv (districts, utf-8, comma): 5 行/rows, 新增/inserted ${dataRowCount('districts-en.csv')}`,
    );
    expect(run.stdout).toMatch(/window-daily-zh\.csv \(window_daily, .*新增\/inserted 5,/);
    expect(run.stdout).toMatch(/complaints-en\.csv \(complaints, .*新增\/inserted 4,/);
    expect(run.stdout).toMatch(/批次\/batch [0-9a-f-]{36}: 已导入 \/ loaded/);
    expect(await cli.countsInDatabase()).toMatchObject({
      districts: 5,
      window_daily: 5,
      complaints: 4,
    });
  });

  it('says so when the same folder is loaded again, and exits 0', async ({
    expect,
    onTestFinished,
  }) => {
    const cli = sandbox(onTestFinished);
    const folder = cli.goodFolder();
    expect((await cli.etl(folder)).code).toBe(0);
    const again = await cli.etl(folder);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('无变化（数据已是最新） / nothing changed (already loaded)');
    expect(again.stdout).toContain('this file was loaded before on');
  });

  it('rejects a bad file, printing errors as file:line [column] "value": 中文 / English', async ({
    expect,
    onTestFinished,
  }) => {
    const cli = sandbox(onTestFinished);
    const run = await cli.etl(fixturePath('districts-en.csv'), fixturePath('window-daily-bad.csv'));
    expect(run.code).toBe(1);
    const lines = run.stdout.split('\n').map((l) => l.trim());
    const bad = 'window-daily-bad.csv';
    for (const expected of [
      `${bad}:1 [visitors/到场人数]: 缺少必需列「到场人数」(visitors) / required column visitors (到场人数) is missing`,
      `${bad}:3 [tickets_issued] "-5": 不能为负数 / must not be negative`,
      `${bad}:5 [date] "2020-13-04": 不是有效日期`,
      `${bad}:6 [district_code] "999999": 区划代码不在区县名录中`,
    ]) {
      expect(lines.some((l) => l.startsWith(expected))).toBe(true);
    }
    expect(run.stdout).toContain('已拒绝，未导入任何数据 / rejected, nothing was loaded');
    expect(isEmpty(await cli.countsInDatabase())).toBe(true);
  });

  it('loads an Excel workbook sheet by sheet, saying what it skipped, and names bad cells by Excel row', async ({
    expect,
    onTestFinished,
  }) => {
    const cli = sandbox(onTestFinished);
    const dry = await cli.etl(
      fixturePath('districts-zh.csv'),
      fixturePath('quirks/workbook.xlsx'),
      '--dry-run',
    );
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain(
      'workbook.xlsx#8月 (window_daily, xlsx): 5 行/rows, 新增/inserted 5',
    );
    expect(dry.stdout).toContain('已跳过工作表「填报说明」');
    expect(dry.stdout).toContain(
      '已跳过合计、备注或签名行，未作为数据导入：第 9, 11 行 / skipped totals, notes or signature rows, not loaded as data: line 9, 11',
    );
    expect(isEmpty(await cli.countsInDatabase())).toBe(true);

    const bad = await cli.etl(
      fixturePath('districts-zh.csv'),
      fixturePath('quirks/workbook-bad.xlsx'),
    );
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain(
      'workbook-bad.xlsx#8月:6 [发放号数] "-61": 不能为负数 / must not be negative',
    );
    expect(isEmpty(await cli.countsInDatabase())).toBe(true);

    const good = await cli.etl(
      fixturePath('districts-zh.csv'),
      fixturePath('quirks/workbook.xlsx'),
    );
    expect(good.code).toBe(0);
    expect(await cli.countsInDatabase()).toMatchObject({ districts: 5, window_daily: 5 });
  });

  it('with --dry-run validates and reports counts but leaves the database empty', async ({
    expect,
    onTestFinished,
  }) => {
    const cli = sandbox(onTestFinished);
    const run = await cli.etl(cli.goodFolder(), '--dry-run');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('新增/inserted 5');
    expect(run.stdout).toContain('试运行，未写入 / dry run, nothing written');
    expect(isEmpty(await cli.countsInDatabase())).toBe(true);
  });

  it('prints the usage and exits 2 when given nothing to load', async ({
    expect,
    onTestFinished,
  }) => {
    const cli = sandbox(onTestFinished);
    const run = await cli.etl();
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('用法 / usage: npm run etl --');
    expect(run.stdout).toBe('');
  });

  it('exits 2 when a path does not exist', async ({ expect, onTestFinished }) => {
    const cli = sandbox(onTestFinished);
    const run = await cli.etl(join(cli.dir, 'no-such-folder'));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('找不到 / not found');
  });

  it('says in Chinese and English that another process holds the database, without a stack trace', async ({
    expect,
    onTestFinished,
  }) => {
    const cli = sandbox(onTestFinished);
    const holder = await holdDatabase(cli.databasePath);
    onTestFinished(() => void holder.kill());
    const run = await cli.etl(cli.goodFolder());
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('正被另一个进程');
    expect(run.stderr).toContain('is in use by another process');
    expect(run.stderr).toContain(`PID ${holder.pid}`);
    const output = run.stdout + run.stderr;
    expect(output).not.toMatch(/IO Error/i);
    expect(output).not.toMatch(/^\s+at /m);
    expect(output).not.toContain('Could not set lock');
  });
});

/** A process that opens the database with DuckDB and keeps it open until killed. */
async function holdDatabase(databasePath: string): Promise<ChildProcess> {
  const script = [
    "import { DuckDBInstance } from '@duckdb/node-api';",
    'const instance = await DuckDBInstance.create(process.argv[1]);',
    "await (await instance.connect()).run('SELECT 1');",
    "process.stdout.write('ready\\n');",
    // The timer refers to the instance so it is never garbage-collected: a collected instance
    // closes the file and releases the lock, which made this test flaky under load.
    'setInterval(() => void instance, 60_000);',
  ].join('\n');
  const child = spawn(process.execPath, ['--input-type=module', '-e', script, databasePath], {
    cwd: ROOT,
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`the database holder exited early (${code})`)));
  });
  return child;
}
