/**
 * `npm run report` as an operator runs it: a child process reading DATABASE_PATH. Bad input and
 * a database held by another process end in a message in both languages, exit code 1 and no
 * file; a good week writes the PDF.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client';
import { applyMigrations } from '../../db/migrate';
import { writeDemoFiles } from '../../etl/demo/generate';
import { collectFiles } from '../../etl/files';
import { load } from '../../etl/load';
import { tempDir } from '../helpers/db';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TSX = join(ROOT, 'node_modules/.bin/tsx');
const CLI = join(ROOT, 'app/cli/report.ts');
const HAN = /\p{Script=Han}/u;

let dir: string;
let cleanup: () => void;
let databasePath: string;

beforeAll(async () => {
  ({ dir, cleanup } = tempDir('report-cli-'));
  await writeDemoFiles(join(dir, 'demo'));
  databasePath = join(dir, 'oversight.duckdb');
  const db = await openDatabase(databasePath);
  try {
    await applyMigrations(db);
    const report = await load(db, collectFiles([join(dir, 'demo')]), {
      source: 'test',
      loadedBy: 'report-cli.test',
    });
    expect(report.outcome).toBe('committed');
  } finally {
    db.close();
  }
});
afterAll(() => cleanup?.());

async function reportCli(...args: string[]) {
  try {
    const { stdout, stderr } = await promisify(execFile)(TSX, [CLI, ...args], {
      env: { ...process.env, DATABASE_PATH: databasePath, INBOX_DIR: '' },
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const failed = e as { code?: number; stdout?: string; stderr?: string };
    if (typeof failed.code !== 'number') throw e;
    return { code: failed.code, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

function expectRefusal(result: { code: number; stdout: string; stderr: string }) {
  expect(result.code).toBe(1);
  expect(result.stdout).toBe('');
  const [message] = result.stderr.split('\n');
  expect(message).toMatch(HAN);
  expect(message).toMatch(/[a-z]{3,}/i);
  expect(result.stderr).not.toMatch(/^\s+at /m);
}

describe('npm run report', () => {
  it('--week 2020-W34 --district 230102 writes the district’s PDF', async () => {
    const out = join(dir, 'out', 'daoli.pdf');
    const result = await reportCli('--week', '2020-W34', '--district', '230102', '--out', out);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(out);
    expect(readFileSync(out).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('refuses a malformed week in both languages and writes nothing', async () => {
    const out = join(dir, 'bad.pdf');
    const result = await reportCli('--week', '2020-W99', '--out', out);
    expectRefusal(result);
    expect(result.stderr).toContain('W99');
    expect(existsSync(out)).toBe(false);
  });

  it('says the database is in use, and writes nothing, while another process holds it', async () => {
    const holder = await openDatabase(databasePath);
    try {
      const out = join(dir, 'locked.pdf');
      const result = await reportCli('--week', '2020-W34', '--out', out);
      expectRefusal(result);
      expect(result.stderr).toContain('in use by another process');
      expect(existsSync(out)).toBe(false);
    } finally {
      holder.close();
    }
  });
});
