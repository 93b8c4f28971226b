/**
 * Starts the real, built app on a demo database of its own: demo files generated, loaded
 * through the ETL CLI, then `tsx server.ts` in production mode on a free port.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { tempDir } from '../helpers/db';

export const TSX = 'node_modules/.bin/tsx';

/** The accounts the e2e app is started with: a commission member and a district officer. */
export const E2E_USERS = {
  commission: { username: 'e2e-commission', role: 'commission', districts: [] as string[] },
  daoli: { username: 'e2e-daoli', role: 'district_officer', districts: ['230102'] },
  data: { username: 'e2e-data', role: 'data_officer', districts: [] as string[] },
} as const;

export interface RunningApp {
  url: string;
  dir: string;
  env: NodeJS.ProcessEnv;
  /** Each E2E_USERS account's password. */
  passwords: Record<keyof typeof E2E_USERS, string>;
  /** An API token of the commission account, for plain fetches (Authorization: Bearer). */
  token: string;
  /** An API token of the data officer, for handing ETL batches to the server. */
  dataToken: string;
  /** Everything the server has printed so far (stdout and stderr). */
  output(): string;
  /**
   * With `windowUntil`: hands the held-back window rows dated from..to to the running server
   * through the ETL CLI, as a bureau's next files would arrive.
   */
  loadWindowDays(from: string, to: string): void;
  stop(): Promise<void>;
}

/** Signs a browser page in through the login form, as a person would. */
export async function signIn(page: Page, app: RunningApp, who: keyof typeof E2E_USERS) {
  await page.goto(`${app.url}/login`);
  await page.fill('input[name=username]', E2E_USERS[who].username);
  await page.fill('input[name=password]', app.passwords[who]);
  await Promise.all([
    page.waitForURL((url) => url.pathname !== '/login'),
    page.click('main button[type=submit]'),
  ]);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      s.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject()));
    });
  });
}

export interface DemoAppOptions {
  /** Load window data only up to this day; the rest is held back for loadWindowDays. */
  windowUntil?: string;
  /** Make the demo's rectification cases (`user.ts demo-cases`, as `npm run demo` does). */
  demoCases?: boolean;
}

export async function startDemoApp(options: DemoAppOptions = {}): Promise<RunningApp> {
  const { dir, cleanup } = tempDir('oversight-e2e-');
  const port = await freePort();
  const env = {
    ...process.env,
    NODE_ENV: 'production' as const,
    DATABASE_PATH: join(dir, 'oversight.duckdb'),
    INBOX_DIR: join(dir, 'inbox'),
    CASE_FILES_DIR: join(dir, 'case-files'),
    PORT: String(port),
    HOST: '127.0.0.1',
    // A production server: a real secret from the environment, no demo mode.
    SESSION_SECRET: randomBytes(32).toString('hex'),
    OVERSIGHT_DEMO: '0',
  };
  const run = (args: string[], withEnv: NodeJS.ProcessEnv = env) => {
    const r = spawnSync(TSX, args, { env: withEnv, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${args.join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
  };
  run(['etl/demo/cli.ts', '--out', join(dir, 'demo')]);
  const window = join(dir, 'demo', 'window_daily.csv');
  const [header, ...rows] = readFileSync(window, 'utf8').trimEnd().split('\n');
  const until = options.windowUntil ?? '9999-12-31';
  const csv = (lines: string[]) => `${[header, ...lines].join('\n')}\n`;
  writeFileSync(window, csv(rows.filter((r) => r.slice(0, 10) <= until)));
  run(['etl/cli.ts', join(dir, 'demo')]);
  if (options.demoCases) run(['app/cli/user.ts', 'demo-cases'], { ...env, OVERSIGHT_DEMO: '1' });
  const passwords = {} as RunningApp['passwords'];
  for (const [key, user] of Object.entries(E2E_USERS) as [
    keyof typeof E2E_USERS,
    (typeof E2E_USERS)[keyof typeof E2E_USERS],
  ][]) {
    passwords[key] = randomBytes(12).toString('base64url');
    const args = ['app/cli/user.ts', 'add', user.username, '--role', user.role];
    for (const d of user.districts) args.push('--district', d);
    const r = spawnSync(TSX, [...args, '--password-stdin'], {
      env,
      encoding: 'utf8',
      input: `${passwords[key]}\n`,
    });
    if (r.status !== 0) throw new Error(`user add failed:\n${r.stdout}\n${r.stderr}`);
  }
  const tokenOf = (username: string) => {
    const issued = spawnSync(TSX, ['app/cli/user.ts', 'token', username], {
      env,
      encoding: 'utf8',
    });
    if (issued.status !== 0) throw new Error(`user token failed:\n${issued.stderr}`);
    // The token is the last line of the output, whatever is printed before it.
    return issued.stdout.trim().split('\n').at(-1)!.trim();
  };
  const token = tokenOf(E2E_USERS.commission.username);
  const dataToken = tokenOf(E2E_USERS.data.username);
  const server = spawn(TSX, ['server.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 30_000);
    const onData = (d: Buffer) => {
      output += d.toString();
      if (output.includes('dashboard ready')) {
        clearTimeout(timer);
        resolve();
      }
    };
    server.stdout!.on('data', onData);
    server.stderr!.on('data', onData);
    server.on('exit', (code) => reject(new Error(`server exited (${code}):\n${output}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    dir,
    env,
    passwords,
    token,
    dataToken,
    output: () => output,
    loadWindowDays(from, to) {
      const path = join(dir, `window_daily_${from}_${to}.csv`);
      writeFileSync(path, csv(rows.filter((r) => r.slice(0, 10) >= from && r.slice(0, 10) <= to)));
      run(['etl/cli.ts', path]);
    },
    async stop() {
      await stopProcess(server);
      cleanup();
    },
  };
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/** Debian's Chromium, never a browser a tool downloads for itself. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}
