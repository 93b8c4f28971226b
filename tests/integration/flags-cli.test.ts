/**
 * `npm run flags` as an operator or a scheduled alert runs it: a child process reading the
 * database at DATABASE_PATH (loaded here with the demo and closed first — DuckDB lets one process
 * open a file).
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client';
import { applyMigrations } from '../../db/migrate';
import { writeDemoFiles } from '../../etl/demo/generate';
import { DEMO_DISTRICTS, PLANTED } from '../../etl/demo/planted';
import { collectFiles } from '../../etl/files';
import { load } from '../../etl/load';
import { tempDir } from '../helpers/db';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TSX = join(ROOT, 'node_modules/.bin/tsx');
const CLI = join(ROOT, 'app/cli/flags.ts');
const HAN = /\p{Script=Han}/u;

let dir: string;
let cleanup: () => void;
let databasePath: string;

beforeAll(async () => {
  ({ dir, cleanup } = tempDir('flags-cli-'));
  await writeDemoFiles(join(dir, 'demo'));
  databasePath = join(dir, 'oversight.duckdb');
  const db = await openDatabase(databasePath);
  try {
    await applyMigrations(db);
    const report = await load(db, collectFiles([join(dir, 'demo')]), {
      source: 'test',
      loadedBy: 'flags-cli.test',
    });
    expect(report.outcome).toBe('committed');
  } finally {
    db.close();
  }
});
afterAll(() => cleanup?.());

/** Runs the CLI; resolves with its exit code and output whatever the code. */
async function flagsCli(...args: string[]) {
  try {
    const { stdout, stderr } = await promisify(execFile)(TSX, [CLI, ...args], {
      env: { ...process.env, DATABASE_PATH: databasePath, INBOX_DIR: '' },
      timeout: 30_000,
    });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const failed = e as { code?: number; stdout?: string; stderr?: string };
    if (typeof failed.code !== 'number') throw e;
    return { code: failed.code, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

describe('npm run flags', () => {
  const t = PLANTED.throttling;
  const districtName = DEMO_DISTRICTS.find((d) => d.code === t.district)!.name;

  it('--week 2020-W34 --json prints the JSON array, with the planted throttling', async () => {
    const { code, stdout, stderr } = await flagsCli('--week', '2020-W34', '--json');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const flags = JSON.parse(stdout) as Record<string, unknown>[];
    expect(Array.isArray(flags)).toBe(true);
    expect(flags).toContainEqual(
      expect.objectContaining({
        type: 'ticket_throttling',
        district_code: t.district,
        district_name: districtName,
        department: t.department,
        first_seen: t.weeks[0],
        evidence: expect.objectContaining({ throttledDays: expect.any(Number) }),
      }),
    );
    for (const f of flags) {
      expect(Object.keys(f)).toEqual(
        expect.arrayContaining([
          'type',
          'district_code',
          'district_name',
          'department',
          'severity',
          'title_zh',
          'title_en',
          'evidence',
          'first_seen',
        ]),
      );
    }
  });

  it('--week 2020-W34 prints a table naming the district', async () => {
    const { code, stdout } = await flagsCli('--week', '2020-W34');
    expect(code).toBe(0);
    const line = stdout.split('\n').find((l) => l.includes('ticket_throttling'));
    expect(line).toBeDefined();
    expect(line).toContain(districtName);
    expect(line).toContain(t.district);
    expect(line).toContain(t.department);
  });

  it.each([
    { case: '--week 2020-W99', args: ['--week', '2020-W99'], mentions: 'W99' },
    {
      case: '--week 2020-W34 --type bogus',
      args: ['--week', '2020-W34', '--type', 'bogus'],
      mentions: 'type',
    },
  ])(
    '$case exits 2 with a message in both languages and no stack trace',
    async ({ args, mentions }) => {
      const { code, stdout, stderr } = await flagsCli(...args);
      expect(code).toBe(2);
      expect(stdout).toBe('');
      const [message] = stderr.split('\n');
      expect(message).toMatch(HAN);
      expect(message).toMatch(/[a-z]{3,}/i);
      expect(message).toContain(mentions);
      expect(stderr).not.toMatch(/^\s+at /m);
      expect(stderr).not.toMatch(/Error:/);
    },
  );
});
