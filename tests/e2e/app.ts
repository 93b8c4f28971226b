/**
 * Starts the real, built app on a demo database of its own: demo files generated, loaded
 * through the ETL CLI, then `tsx server.ts` in production mode on a free port.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { tempDir } from '../helpers/db';

export const TSX = 'node_modules/.bin/tsx';

export interface RunningApp {
  url: string;
  dir: string;
  env: NodeJS.ProcessEnv;
  stop(): Promise<void>;
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

export async function startDemoApp(): Promise<RunningApp> {
  const { dir, cleanup } = tempDir('oversight-e2e-');
  const port = await freePort();
  const env = {
    ...process.env,
    NODE_ENV: 'production' as const,
    DATABASE_PATH: join(dir, 'oversight.duckdb'),
    INBOX_DIR: join(dir, 'inbox'),
    PORT: String(port),
    HOST: '127.0.0.1',
  };
  for (const args of [
    ['etl/demo/cli.ts', '--out', join(dir, 'demo')],
    ['etl/cli.ts', join(dir, 'demo')],
  ]) {
    const r = spawnSync(TSX, args, { env, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${args.join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
  }
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
