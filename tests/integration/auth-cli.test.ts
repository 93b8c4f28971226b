/**
 * `npm run user` as an administrator runs it: a child process on the database at DATABASE_PATH
 * (closed by this test in between — DuckDB lets one process open a file), the password piped on
 * standard input, the new API token on the last line of output.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../db/client';
import { applyMigrations } from '../../db/migrate';
import { listAudit } from '../../db/queries/audit';
import { authenticate } from '../../app/auth/login.server';
import { LoginThrottle } from '../../app/auth/rate-limit.server';
import { viewerOfApiToken } from '../../app/auth/tokens.server';
import { districtScope } from '../../db/scope';
import { collectFiles } from '../../etl/files';
import { load } from '../../etl/load';
import { tempDir } from '../helpers/db';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TSX = join(ROOT, 'node_modules/.bin/tsx');
const CLI = join(ROOT, 'app/cli/user.ts');
const HAN = /\p{Script=Han}/u;
const PASSWORD = 'frozen dumplings at dawn';

let cleanup: () => void;
let databasePath: string;

beforeAll(async () => {
  const temp = tempDir('user-cli-');
  cleanup = temp.cleanup;
  databasePath = join(temp.dir, 'oversight.duckdb');
  await withDb(async (db) => {
    await applyMigrations(db);
    const report = await load(db, collectFiles([join(ROOT, 'tests/fixtures/districts-en.csv')]), {
      source: 'test',
      loadedBy: 'auth-cli.test',
    });
    expect(report.outcome).toBe('committed');
  });
});
afterAll(() => cleanup?.());

async function withDb<T>(fn: (db: Db) => Promise<T>): Promise<T> {
  const db = await openDatabase(databasePath);
  try {
    return await fn(db);
  } finally {
    db.close();
  }
}

/** Runs the CLI with `stdin` piped in; resolves with its exit code and output. */
function userCli(args: string[], stdin = '', extraEnv: Record<string, string> = {}) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(TSX, [CLI, ...args], {
      env: { ...process.env, DATABASE_PATH: databasePath, INBOX_DIR: '', ...extraEnv },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill(), 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
    child.stdin.end(stdin);
  });
}

function expectReadableRefusal(stderr: string) {
  expect(stderr).toMatch(HAN);
  expect(stderr).toMatch(/[a-z]{4,}/);
  expect(stderr).not.toMatch(/^\s+at /m);
  expect(stderr).not.toMatch(/Error:/);
}

describe('npm run user', () => {
  it('add, with the password on standard input', async () => {
    const leader = await userCli(
      ['add', 'zhang.wei', '--role', 'leader', '--password-stdin'],
      `${PASSWORD}\n`,
    );
    expect(leader).toMatchObject({ code: 0, stderr: '' });
    expect(leader.stdout).toContain('zhang.wei');
    const officer = await userCli(
      ['add', 'daoli', '--role', 'district_officer', '--district', '230102', '--password-stdin'],
      PASSWORD,
    );
    expect(officer.code).toBe(0);
    // The trailing newline of `echo` is not part of the password; the piped text is.
    const signIn = (username: string) =>
      withDb((db) =>
        authenticate(
          db,
          { username, password: PASSWORD, ip: 'test' },
          new LoginThrottle({ maxFailures: 5, lockMs: 1 }),
        ),
      );
    expect(await signIn('zhang.wei')).toMatchObject({ ok: true, role: 'leader' });
    expect(await signIn('daoli')).toMatchObject({ ok: true, role: 'district_officer' });
  });

  it.each([
    {
      case: 'a weak password',
      args: ['add', 'li.na', '--role', 'leader', '--password-stdin'],
      stdin: 'short',
      code: 1,
      mentions: '12',
    },
    {
      case: 'an unknown district',
      args: [
        'add',
        'li.na',
        '--role',
        'district_officer',
        '--district',
        '999999',
        '--password-stdin',
      ],
      stdin: PASSWORD,
      code: 1,
      mentions: '999999',
    },
    {
      case: 'a district on a leader',
      args: ['add', 'li.na', '--role', 'leader', '--district', '230102', '--password-stdin'],
      stdin: PASSWORD,
      code: 1,
      mentions: 'district',
    },
    {
      case: 'an existing name',
      args: ['add', 'ZHANG.WEI', '--role', 'leader', '--password-stdin'],
      stdin: PASSWORD,
      code: 1,
      mentions: 'zhang.wei',
    },
    {
      case: 'an unknown role',
      args: ['add', 'li.na', '--role', 'superuser', '--password-stdin'],
      stdin: PASSWORD,
      code: 2,
      mentions: 'commission',
    },
    {
      case: 'the password on the command line',
      args: ['add', 'li.na', '--role', 'leader'],
      stdin: '',
      code: 2,
      mentions: '--password-stdin',
    },
    {
      case: 'an unknown user',
      args: ['disable', 'nobody'],
      stdin: '',
      code: 1,
      mentions: 'nobody',
    },
    {
      case: 'an unknown command',
      args: ['promote', 'zhang.wei'],
      stdin: '',
      code: 2,
      mentions: 'promote',
    },
  ])(
    'refuses $case with exit $code, in both languages',
    async ({ args, stdin, code, mentions }) => {
      const result = await userCli(args, stdin);
      expect(result.code).toBe(code);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain(mentions);
      expectReadableRefusal(result.stderr);
    },
  );

  it('token prints a new token as its last line; it carries the user’s role and scope', async () => {
    const { code, stdout } = await userCli(['token', 'daoli']);
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    const token = lines.at(-1)!;
    expect(token).toMatch(/^ovs_[A-Za-z0-9_-]{43}$/);
    expect(lines.slice(0, -1).join('\n')).not.toContain(token);
    const viewer = await withDb((db) => viewerOfApiToken(db, token));
    expect(viewer).toMatchObject({
      username: 'daoli',
      role: 'district_officer',
      scope: districtScope(['230102']),
    });

    const list = await userCli(['list']);
    expect(list.stdout).toMatch(/^daoli\t.*\t230102\t.*\t1$/m);

    const tokenId = /(tk_[0-9a-f]{12})/.exec(lines[0]!)?.[1];
    expect(tokenId).toBeDefined();
    const revoked = await userCli(['revoke-token', tokenId!]);
    expect(revoked.code).toBe(0);
    expect(await withDb((db) => viewerOfApiToken(db, token))).toBeNull();
    expect((await userCli(['revoke-token', tokenId!])).code).toBe(1);
  });

  it('disable ends the user’s tokens; every change is in the audit log under the OS user', async () => {
    const { stdout } = await userCli(['token', 'zhang.wei']);
    const token = stdout.trimEnd().split('\n').at(-1)!;
    const disabled = await userCli(['disable', 'zhang.wei']);
    expect(disabled.code).toBe(0);
    expect(disabled.stdout).toContain('1');
    expect(await withDb((db) => viewerOfApiToken(db, token))).toBeNull();
    expect((await userCli(['list'])).stdout).toMatch(/^zhang\.wei\t.*停用 \/ disabled/m);
    expect((await userCli(['enable', 'zhang.wei'])).code).toBe(0);
    const passwd = await userCli(
      ['passwd', 'zhang.wei', '--password-stdin'],
      'a brand new winter phrase',
    );
    expect(passwd.code).toBe(0);

    const { rows } = await withDb((db) => listAudit(db, {}, { page: 1, pageSize: 100 }));
    const changes = rows.filter((r) => r.target === 'zhang.wei' && r.action !== 'login_success');
    expect(changes.map((r) => r.action)).toEqual([
      'user_passwd',
      'user_enable',
      'user_disable',
      'token_issue',
      'user_add',
    ]);
    expect(changes.every((r) => r.actor.startsWith('cli:') && r.actorRole === null)).toBe(true);
    expect(JSON.stringify(rows)).not.toContain(token);
  });

  it('demo-users only in demo mode, printing one account per role with its password', async () => {
    const refused = await userCli(['demo-users']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('OVERSIGHT_DEMO=1');
    const { code, stdout } = await userCli(['demo-users'], '', { OVERSIGHT_DEMO: '1' });
    expect(code).toBe(0);
    const accounts = [...stdout.matchAll(/^ {2}(\S+)\s+(\S{5}-\S{5}-\S{5}-\S{5})\s/gm)].map(
      (m) => ({
        username: m[1]!,
        password: m[2]!,
      }),
    );
    expect(accounts.map((a) => a.username)).toEqual([
      'admin',
      'data-officer',
      'leader',
      'commission',
      'daoli',
    ]);
    expect(stdout).toMatch(/daoli .*\[230102\]/);
    const results = await withDb(async (db) => {
      const throttle = new LoginThrottle({ maxFailures: 5, lockMs: 1 });
      const out = [];
      for (const a of accounts) out.push(await authenticate(db, { ...a, ip: 'test' }, throttle));
      return out;
    });
    expect(results.map((r) => (r.ok ? r.role : null))).toEqual([
      'admin',
      'data_officer',
      'leader',
      'commission',
      'district_officer',
    ]);
  });

  it('while another process holds the database, says so in both languages and changes nothing', async () => {
    const db = await openDatabase(databasePath);
    try {
      const result = await userCli(['disable', 'daoli']);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(databasePath);
      expect(result.stderr).toContain(`PID ${process.pid}`);
      expectReadableRefusal(result.stderr);
    } finally {
      db.close();
    }
  });
});
