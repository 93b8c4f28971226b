/**
 * `npm run demo`: generate the demo city, load it through the real ETL CLI, build, and serve
 * the dashboard. Each step runs as the user would run it by hand, so the demo proves the path.
 */
import { spawn, spawnSync } from 'node:child_process';
import { env } from '../../db/env';

const DEMO_DIR = 'data/demo';

// Demo mode: a random session secret kept beside the database, demo accounts allowed. A
// production server refuses to start without SESSION_SECRET and has no default password.
const demoEnv = { ...process.env, OVERSIGHT_DEMO: '1' };

function step(title: string, command: string, args: string[]): void {
  console.log(`\n▶ ${title}`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: demoEnv });
  if (result.status !== 0) {
    console.error(`✗ ${title} — 失败 / failed (exit ${result.status ?? result.signal})`);
    process.exit(result.status ?? 1);
  }
}

const tsx = 'node_modules/.bin/tsx';
step('生成演示数据 / generating demo data', tsx, ['etl/demo/cli.ts', '--out', DEMO_DIR]);
step('导入 / loading through the ETL', tsx, ['etl/cli.ts', DEMO_DIR]);
step('演示账号 / demo accounts (one per role; new passwords each run)', tsx, [
  'app/cli/user.ts',
  'demo-users',
]);
step('演示整改事项 / demo rectification cases', tsx, ['app/cli/user.ts', 'demo-cases']);
step('构建 / building the app', 'node_modules/.bin/remix', ['vite:build']);

const { HOST, PORT } = env();
console.log(
  `\n▶ 启动看板 / starting the dashboard: http://${HOST === '0.0.0.0' ? 'localhost' : HOST}:${PORT}`,
);
const server = spawn(tsx, ['server.ts'], {
  stdio: 'inherit',
  env: { ...demoEnv, NODE_ENV: 'production' },
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => server.kill(signal));
server.on('exit', (code) => process.exit(code ?? 0));
