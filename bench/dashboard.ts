/**
 * npm run bench:dashboard — the dashboard's speed targets on the demo data, in one process.
 *
 * 1. npm run build when build/server/index.js is missing or older than any file under app/ or
 *    db/ (a stale build would measure yesterday's bundle).
 * 2. Route JS: what a browser downloads for `/` and for `/districts/:code` before the page is
 *    interactive — the entry client and every route module on the way from root to the route,
 *    each with its static imports followed transitively through the built chunks themselves
 *    (starting from build/client/assets/manifest-*.js: Remix deletes Vite's
 *    .vite/manifest.json after the build unless vite.config sets build.manifest). Each
 *    file is gzipped alone (node:zlib, level 9) and summed. Dynamic imports (ECharts, which
 *    <EChart> loads on first use) and their static imports are summed separately as "loaded
 *    after hydration". The manifest-*.js script itself counts only without
 *    v3_lazyRouteDiscovery: with it, Remix inlines the routes the page needs in the HTML and the
 *    browser never fetches that file. The scripts the served HTML preloads are checked against
 *    the same set.
 * 3. Response times: startDemoApp() (tests/e2e/app.ts: demo city generated, loaded through the
 *    ETL CLI, the built server on a free port with its own temp database), then for each URL 5
 *    warm-ups and 50 sequential GETs, timed to the last byte of the body: the full HTML
 *    document (a browser's first navigation) and the single-fetch data request (`/_root.data`
 *    for the index route, `/districts/:code.data`; no `_routes`, so every matched loader runs —
 *    what a client-side navigation that revalidates everything asks for).
 *
 * Targets (issue 4): overview route JS ≤ 250 KB gzip; overview and district p95 < 150 ms.
 * A measurement, not a test: exits 0 when targets are missed. 1 KB = 1000 bytes.
 * BENCH_RUNS changes the 50.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, posix } from 'node:path';
import { gzipSync } from 'node:zlib';
import remixConfig from '../remix.config.js';
import { startDemoApp } from '../tests/e2e/app';
import { ensureFreshBuild } from './build';

const CLIENT = 'build/client';
const WEEK = '2020-W34';
const DISTRICT = '230102';
const RUNS = Number(process.env.BENCH_RUNS ?? 50);
const WARMUP = 5;
const TARGET_JS_GZIP_KB = 250;
const TARGET_P95_MS = 150;

const benchStarted = performance.now();
const loadAtStart = loadavg()[0] ?? 0;
const kb = (bytes: number) => (bytes / 1000).toFixed(1);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

// ---------------------------------------------------------------------------------------------
// 1. Build

console.log('1. Build');
ensureFreshBuild();

// ---------------------------------------------------------------------------------------------
// 2. Route JS

interface RemixManifest {
  url: string;
  entry: { module: string; imports: string[] };
  routes: Record<string, { id: string; parentId?: string; module: string; imports?: string[] }>;
}

function readRemixManifest(): { file: string; manifest: RemixManifest } {
  const dir = join(CLIENT, 'assets');
  const candidates = readdirSync(dir)
    .filter((f) => /^manifest-[0-9a-f]+\.js$/.test(f))
    .map((f) => ({ file: join(dir, f), mtime: statSync(join(dir, f)).mtimeMs }))
    .sort((a, b) => b.mtime - a.mtime);
  const newest = candidates[0];
  if (!newest) throw new Error(`no Remix manifest (manifest-*.js) in ${dir}`);
  const text = readFileSync(newest.file, 'utf8').trim();
  const json = text.replace(/^window\.__remixManifest\s*=\s*/, '').replace(/;$/, '');
  return { file: newest.file, manifest: JSON.parse(json) as RemixManifest };
}

interface Chunk {
  url: string;
  raw: number;
  gzip: number;
  staticImports: string[];
  dynamicImports: string[];
}

const chunks = new Map<string, Chunk>();

/**
 * A built chunk and the relative JS files it imports. Vite's output hoists static imports to
 * the top as `import{…}from"./x.js"` / `import"./x.js"` (or `export{…}from`); dynamic ones are
 * `import("./x.js")`, the only form where a parenthesis follows the keyword.
 */
function chunk(url: string): Chunk {
  const known = chunks.get(url);
  if (known) return known;
  const bytes = readFileSync(join(CLIENT, url));
  const code = bytes.toString('utf8');
  const resolve = (spec: string) =>
    spec.startsWith('/') ? spec : posix.resolve(posix.dirname(url), spec);
  const specs = (re: RegExp) =>
    [...code.matchAll(re)].map((m) => m[1]).filter((s): s is string => !!s && /^\.{0,2}\//.test(s));
  const c: Chunk = {
    url,
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    staticImports: specs(/\b(?:import|export)\s*(?:[^"'();]*?\bfrom\s*)?["']([^"']+\.js)["']/g).map(
      resolve,
    ),
    dynamicImports: specs(/\bimport\s*\(\s*["']([^"']+\.js)["']\s*\)/g).map(resolve),
  };
  chunks.set(url, c);
  return c;
}

/** Every file reachable from roots through static imports, in discovery order. */
function staticClosure(roots: readonly string[], exclude: ReadonlySet<string> = new Set()) {
  const seen = new Set<string>();
  const queue = roots.filter((r) => !exclude.has(r));
  while (queue.length) {
    const url = queue.shift()!;
    if (seen.has(url) || exclude.has(url)) continue;
    seen.add(url);
    queue.push(...chunk(url).staticImports);
  }
  return seen;
}

interface RouteJs {
  label: string;
  routeIds: string[];
  initial: Set<string>;
  /** Imported by the Remix manifest's `imports` but not found by following the chunks. */
  manifestOnly: string[];
  afterHydration: Set<string>;
}

const { file: manifestFile, manifest } = readRemixManifest();

function routeJs(label: string, routeId: string): RouteJs {
  const routeIds: string[] = [];
  for (let id: string | undefined = routeId; id; id = manifest.routes[id]?.parentId) {
    if (!manifest.routes[id]) throw new Error(`route ${id} is not in ${manifestFile}`);
    routeIds.unshift(id);
  }
  const routes = routeIds.map((id) => manifest.routes[id]!);
  // With lazy route discovery the HTML carries the manifest inline; manifest-*.js goes unused.
  const manifestScript = remixConfig.future?.v3_lazyRouteDiscovery ? [] : [manifest.url];
  const roots = [...manifestScript, manifest.entry.module, ...routes.map((r) => r.module)];
  const initial = staticClosure(roots);
  const listed = [...manifest.entry.imports, ...routes.flatMap((r) => r.imports ?? [])];
  const manifestOnly = [...new Set(listed)].filter((u) => !initial.has(u));
  for (const u of manifestOnly) initial.add(u); // the browser preloads them either way
  const dynamicRoots = [...initial].flatMap((u) => chunk(u).dynamicImports);
  const afterHydration = staticClosure(dynamicRoots, initial);
  return { label, routeIds, initial, manifestOnly, afterHydration };
}

const sum = (urls: Iterable<string>, key: 'raw' | 'gzip') =>
  [...urls].reduce((total, u) => total + chunk(u)[key], 0);
const name = (url: string) => posix.basename(url);

const routeSets = [
  routeJs('/', 'routes/_index'),
  routeJs('/districts/:code', 'routes/districts.$code'),
];

console.log(`\n2. Route JS (${CLIENT}; ${manifestFile}; each file gzip -9 alone; KB = 1000 bytes)`);
const allInitial = [...new Set(routeSets.flatMap((r) => [...r.initial]))].sort(
  (a, b) => chunk(b).gzip - chunk(a).gzip,
);
const allLater = [...new Set(routeSets.flatMap((r) => [...r.afterHydration]))].sort(
  (a, b) => chunk(b).gzip - chunk(a).gzip,
);
const col = (r: RouteJs, u: string) =>
  (r.initial.has(u) ? 'x' : r.afterHydration.has(u) ? 'later' : '').padStart(
    Math.max(r.label.length, 5),
  );
console.log(
  `  ${'file'.padEnd(30)} ${'raw KB'.padStart(8)} ${'gzip KB'.padStart(8)}  ` +
    routeSets.map((r) => r.label.padStart(Math.max(r.label.length, 5))).join('  '),
);
for (const u of [...allInitial, ...allLater]) {
  const c = chunk(u);
  console.log(
    `  ${name(u).padEnd(30)} ${kb(c.raw).padStart(8)} ${kb(c.gzip).padStart(8)}  ` +
      routeSets.map((r) => col(r, u)).join('  '),
  );
}
console.log(
  '  (x = before the page is interactive; later = dynamic import, loaded after hydration)',
);
for (const r of routeSets) {
  const gz = sum(r.initial, 'gzip');
  console.log(
    `  ${r.label.padEnd(17)} ${r.routeIds.join(' + ')}: ${r.initial.size} files, ` +
      `${kb(sum(r.initial, 'raw'))} KB raw, ${kb(gz)} KB gzip ` +
      `(target ≤ ${TARGET_JS_GZIP_KB} KB gzip: ${gz <= TARGET_JS_GZIP_KB * 1000 ? 'yes' : 'NO'}); ` +
      `loaded after hydration: ${r.afterHydration.size} files, ` +
      `${kb(sum(r.afterHydration, 'raw'))} KB raw, ${kb(sum(r.afterHydration, 'gzip'))} KB gzip`,
  );
  if (r.manifestOnly.length) {
    console.log(
      `    note: the manifest lists ${r.manifestOnly.map(name).join(', ')}, which following the ` +
        'chunks did not reach; counted anyway',
    );
  }
}

// ---------------------------------------------------------------------------------------------
// 3. Response times

interface Target {
  label: string;
  path: string;
  kind: 'document' | 'data';
}

const targets: Target[] = [
  { label: `overview ${WEEK}`, path: `/?week=${WEEK}`, kind: 'document' },
  { label: 'overview default', path: '/', kind: 'document' },
  { label: `district ${WEEK}`, path: `/districts/${DISTRICT}?week=${WEEK}`, kind: 'document' },
  { label: `overview ${WEEK}`, path: `/_root.data?week=${WEEK}`, kind: 'data' },
  { label: 'overview default', path: '/_root.data', kind: 'data' },
  { label: `district ${WEEK}`, path: `/districts/${DISTRICT}.data?week=${WEEK}`, kind: 'data' },
];

interface Result {
  target: Target;
  times: number[];
  bytes: number;
  contentType: string;
  error?: string;
}

/** Nearest-rank percentile. */
function percentile(times: readonly number[], p: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] ?? NaN;
}

/** The /assets/*.js files the HTML preloads or imports. */
function scriptsIn(html: string): Set<string> {
  const found = new Set<string>();
  for (const m of html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+\.js)"/g)) {
    if (m[1]) found.add(m[1]);
  }
  for (const m of html.matchAll(/\bimport\s*(?:[^"'();<]*?\bfrom\s*)?["']([^"']+\.js)["']/g)) {
    if (m[1]) found.add(m[1]);
  }
  return found;
}

console.log('\n3. Response times (demo data, startDemoApp(): built server, production mode)');
let t0 = performance.now();
const app = await startDemoApp();
console.log(`  demo generated, loaded and server ready in ${seconds(performance.now() - t0)}`);
const results: Result[] = [];
try {
  const get = async (path: string) => {
    const started = performance.now();
    // Signed in as a commission member would be, with the account's API token.
    const res = await fetch(`${app.url}${path}`, {
      headers: { Authorization: `Bearer ${app.token}` },
    });
    const body = await res.text();
    return { res, body, ms: performance.now() - started };
  };

  // The HTML's own script list against section 2's.
  for (const [r, path] of [
    [routeSets[0]!, `/?week=${WEEK}`],
    [routeSets[1]!, `/districts/${DISTRICT}?week=${WEEK}`],
  ] as const) {
    const { res, body } = await get(path);
    if (!res.ok) throw new Error(`GET ${path}: ${res.status}`);
    const served = scriptsIn(body);
    const missing = [...served].filter((u) => !r.initial.has(u));
    const notPreloaded = [...r.initial].filter((u) => !served.has(u));
    console.log(
      `  ${path}: the HTML loads ${served.size} scripts` +
        (missing.length
          ? `; NOT in section 2's set: ${missing.map(name).join(', ')}`
          : `, all in section 2's set`) +
        (notPreloaded.length
          ? `; not named in the HTML: ${notPreloaded.map(name).join(', ')}`
          : ''),
    );
  }

  for (const target of targets) {
    const first = await get(target.path);
    const contentType = first.res.headers.get('content-type') ?? '';
    const expected = target.kind === 'document' ? 'text/html' : 'text/x-script';
    if (!first.res.ok || !contentType.includes(expected)) {
      results.push({
        target,
        times: [],
        bytes: 0,
        contentType,
        error: `${first.res.status} ${contentType}: ${first.body.slice(0, 120)}`,
      });
      continue;
    }
    for (let i = 1; i < WARMUP; i++) await get(target.path);
    const times: number[] = [];
    let bytes = 0;
    for (let i = 0; i < RUNS; i++) {
      const { res, body, ms } = await get(target.path);
      if (!res.ok) throw new Error(`GET ${target.path}: ${res.status} ${body.slice(0, 300)}`);
      times.push(ms);
      bytes = Buffer.byteLength(body);
    }
    results.push({ target, times, bytes, contentType });
  }
} finally {
  t0 = performance.now();
  await app.stop();
  console.log(`  server stopped in ${seconds(performance.now() - t0)}`);
}

console.log(
  `\n  ${WARMUP} warm-ups then ${RUNS} sequential GETs each (Node fetch, keep-alive), timed to ` +
    'the last byte; ms',
);
console.log(
  `  ${'request'.padEnd(18)} ${'kind'.padEnd(9)} ${'path'.padEnd(38)} ${'KB'.padStart(6)} ` +
    `${'p50'.padStart(7)} ${'p95'.padStart(7)} ${'max'.padStart(7)}  p95<${TARGET_P95_MS}`,
);
for (const { target, times, bytes, error } of results) {
  const head = `  ${target.label.padEnd(18)} ${target.kind.padEnd(9)} ${target.path.padEnd(38)}`;
  if (error) {
    console.log(`${head} not measured: ${error}`);
    continue;
  }
  const p95 = percentile(times, 0.95);
  console.log(
    `${head} ${kb(bytes).padStart(6)} ${percentile(times, 0.5).toFixed(1).padStart(7)} ` +
      `${p95.toFixed(1).padStart(7)} ${Math.max(...times)
        .toFixed(1)
        .padStart(7)}  ` +
      (p95 < TARGET_P95_MS ? 'yes' : 'NO'),
  );
}
console.log(
  '  data = Remix single fetch (turbo-stream, text/x-script); `/_root.data` is the index ' +
    "route's data URL; no _routes parameter, so root's and the route's loaders both run",
);

console.log(
  `\ntotal benchmark time ${seconds(performance.now() - benchStarted)}; load average (1 min) ` +
    `${loadAtStart.toFixed(2)} at the start, ${(loadavg()[0] ?? 0).toFixed(2)} at the end`,
);
