/**
 * `npm run report` as an operator runs it: a child process reading DATABASE_PATH. Bad input and
 * a database held by another process end in a message in both languages, exit code 1 and no
 * file; a good week writes the PDF.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client';
import { demoDatabaseFile, runCli } from '../helpers/cli';
import { tempDir } from '../helpers/db';

const HAN = /\p{Script=Han}/u;

let dir: string;
let cleanup: () => void;
let databasePath: string;

beforeAll(async () => {
  ({ dir, cleanup } = tempDir('report-cli-'));
  databasePath = await demoDatabaseFile(dir, 'report-cli.test');
});
afterAll(() => cleanup?.());

async function reportCli(...args: string[]) {
  return runCli('app/cli/report.ts', args, databasePath, 60_000);
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
    // Written by the command line, the report is on the audit record as cli:<OS user>.
    const db = await openDatabase(databasePath);
    try {
      const [entry] = await db.all<{ actor: string; action: string; target: string }>({
        sql: "SELECT actor, action, target FROM audit_log WHERE action = 'export_pdf'",
      });
      expect(entry).toMatchObject({ actor: expect.stringMatching(/^cli:/), action: 'export_pdf' });
      expect(entry?.target).toMatch(/2020-W34/);
    } finally {
      db.close();
    }
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
