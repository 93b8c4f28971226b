/**
 * The benchmarks that talk to the real server need a production build of the current code:
 * rebuild when there is none or when any file under app/ or db/ is newer than it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const INDEX = 'build/server/index.js';

function newestSource(): { file: string; mtime: number } {
  let newest = { file: '', mtime: 0 };
  for (const dir of ['app', 'db']) {
    for (const entry of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
      const stat = statSync(join(dir, entry));
      if (stat.isFile() && stat.mtimeMs > newest.mtime) {
        newest = { file: join(dir, entry), mtime: stat.mtimeMs };
      }
    }
  }
  return newest;
}

export function ensureFreshBuild(): void {
  const newest = newestSource();
  const why = !existsSync(INDEX)
    ? 'no build'
    : statSync(INDEX).mtimeMs < newest.mtime
      ? `the build is older than ${newest.file}`
      : null;
  if (!why) {
    console.log(`  using the existing build (${INDEX}, newer than every file under app/ and db/)`);
    return;
  }
  console.log(`  ${why}: npm run build`);
  const started = performance.now();
  const r = spawnSync('npm', ['run', 'build'], { encoding: 'utf8' });
  if (r.status !== 0) {
    throw new Error(`npm run build failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  }
  console.log(`  built in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
