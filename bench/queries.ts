/**
 * npm run bench:queries — the scorecard and the flags at national scale, three ways, one process.
 *
 * 1. Generates (or reuses) bench/out/national.duckdb: 3,000 districts × 2 departments × the
 *    working days of 2018–2020 (≈ 4.7M window_daily rows) and the rest (bench/national-data.ts).
 *    Generation dominates the first run (~20–30 s); later runs reuse the file.
 * 2. For 2020-W34, all departments, p50 / p95 over 50 runs after 3 warm-ups of
 *    a) loadScorecard / loadFlags, the query functions;
 *    c) the floor: exactly the statements those functions sent — recorded from one run by an
 *       Executor that wraps Db.all/run and stands in for Db.orm (listTargets and listDistricts
 *       use the query builder) — replayed on raw @duckdb/node-api connections with runAndReadAll
 *       and the same parameters (VARCHAR[] for arrays, as db/client.ts binds them): no JSON
 *       conversion, no JS around it. "raw" runs them one after the other and sums them (the
 *       floor); "raw ∥", for context, runs them as concurrently as the functions send them;
 *    b) GET /api/scorecard and /api/flags on the real server (tsx server.ts, production build)
 *       as a child process, sequential fetches. Run last, once this process has closed the file.
 *       Then the size of each body and what a client pays to take it in (inflate + decode):
 *       the part of the route's time that no server work can save.
 * 3. Where one loadFlags run's time goes: its statements' times in the "raw" runs, top 5.
 *
 * Budget: each series stops once it has spent BENCH_SERIES_SECONDS (default 45) and says so;
 * when a single run takes more than a tenth of that, warm-ups are skipped (the first, recording
 * run has warmed up already) and "raw ∥" is left out, so even runs of a minute each keep the
 * whole benchmark near 10 minutes on a 2-core machine. BENCH_RUNS changes the 50.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { statSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg } from 'node:os';
import { gunzipSync, gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import type { SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { drizzle } from 'drizzle-orm/pg-proxy';
import { loadFlags, loadScorecard } from '../app/weeks/oversight.server';
import { parsePeriod } from '../oversight/period';
import {
  bindParams,
  openDatabase,
  type Db,
  type Executor,
  type Param,
  type Query,
  type Row,
} from '../db/client';
import { env } from '../db/env';
import * as schema from '../db/schema';
import { CITY_SCOPE } from '../db/scope';
import { refreshRollups } from '../etl/rollups';
import { cliActor } from '../app/auth/audit.server';
import { addUser, issueToken } from '../app/auth/users.server';
import { ensureNationalData } from './national-data';
import { ensureFreshBuild } from './build';

const OUT = 'bench/out';
const DB_PATH = join(OUT, 'national.duckdb');
const WEEK = '2020-W34';
/** The last week of the national data: what a weekly load would bring. */
const LAST_WEEK_MONDAY = '2020-12-28';
const RUNS = Number(process.env.BENCH_RUNS ?? 50);
const WARMUP = 3;
const SERIES_BUDGET_MS = Number(process.env.BENCH_SERIES_SECONDS ?? 45) * 1000;
const TARGET_P95_MS = 100;
const TARGET_OVERHEAD = 0.2;

const benchStarted = performance.now();
const loadAtStart = loadavg()[0] ?? 0;

// ---------------------------------------------------------------------------------------------
// Timing

interface Series {
  name: string;
  times: number[];
  capped: boolean;
}

/**
 * Up to 3 warm-ups, then up to RUNS timed runs, stopping early when one more run like the last
 * would overrun the series' time budget (at least one timed run). Warm-ups are skipped when the
 * run before (`lastRunMs`: the cold first run done elsewhere) took over a tenth of the budget:
 * slow runs are warm by then, and repeating them would blow the ~10-minute total.
 */
async function series(
  name: string,
  lastRunMs: number,
  fn: (timed: boolean) => Promise<unknown>,
): Promise<Series> {
  let last = lastRunMs;
  let warmups = 0;
  while (warmups < WARMUP && last < SERIES_BUDGET_MS / 10) {
    const t0 = performance.now();
    await fn(false);
    last = performance.now() - t0;
    warmups++;
  }
  const times: number[] = [];
  const started = performance.now();
  while (times.length < RUNS) {
    const t0 = performance.now();
    await fn(true);
    const ms = performance.now() - t0;
    times.push(ms);
    // Stop when another run like the last would overrun the budget.
    if (performance.now() - started + ms > SERIES_BUDGET_MS) break;
  }
  const s = { name, times, capped: times.length < RUNS };
  console.log(
    `  ${name.padEnd(22)} p50 ${fmt(percentile(times, 0.5))}  p95 ${fmt(percentile(times, 0.95))}` +
      `  (${warmups} warm-up, ${plural(times.length, 'run')}` +
      `${s.capped ? `, cut at the ${SERIES_BUDGET_MS / 1000} s budget` : ''})`,
  );
  return s;
}

/** Nearest-rank percentile. */
function percentile(times: readonly number[], p: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] ?? NaN;
}

const fmt = (ms: number) => `${ms.toFixed(1).padStart(8)} ms`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

// ---------------------------------------------------------------------------------------------
// Recording the statements the query functions send

interface Statement {
  sql: string;
  params: readonly Param[];
  /** Statements with the same wave were in flight together (issued while others were pending). */
  wave: number;
}

const dialect = new PgDialect();

/** The same translation db/client.ts does before it hands a query to DuckDB. */
function statementOf(query: Query): { sql: string; params: readonly Param[] } {
  if ('params' in query || !('queryChunks' in query)) {
    const q = query as { sql: string; params?: readonly Param[] };
    return { sql: q.sql, params: q.params ?? [] };
  }
  const built = dialect.sqlToQuery(query as SQL);
  return { sql: built.sql, params: built.params as Param[] };
}

/**
 * An Executor over db that logs every statement it runs, through `all`/`run` and through the
 * drizzle query builder (`orm`, used by listTargets and listDistricts). The builder's statements
 * are run on a connection of their own (withTransaction) so 'all' can get positional rows as
 * db/client.ts gives them; that costs a little, only in this one recorded run.
 */
function recording(db: Db, log: Statement[]): Executor {
  let inFlight = 0;
  let wave = -1;
  const track = async <T>(
    statement: { sql: string; params: readonly Param[] },
    run: () => Promise<T>,
  ): Promise<T> => {
    if (inFlight === 0) wave++;
    log.push({ ...statement, wave });
    inFlight++;
    try {
      return await run();
    } finally {
      inFlight--;
    }
  };
  const orm = drizzle(
    (sql, params, method) =>
      track({ sql, params: params as Param[] }, () =>
        db.withTransaction(async (tx) => {
          const { values, types } = bindParams(params as Param[]);
          const reader = await tx.connection.runAndReadAll(sql, values, types);
          return { rows: method === 'all' ? reader.getRowsJson() : reader.getRowObjectsJson() };
        }),
      ),
    { schema },
  );
  return {
    all: <T = Row>(query: Query) => track(statementOf(query), () => db.all<T>(query)),
    run: (query: Query) => track(statementOf(query), () => db.run(query)),
    orm,
  };
}

// ---------------------------------------------------------------------------------------------
// Replaying them on raw DuckDB

async function replay(conn: DuckDBConnection, s: Statement): Promise<number> {
  const { values, types } = bindParams(s.params);
  const reader = await conn.runAndReadAll(s.sql, values, types);
  return reader.currentRowCount;
}

interface StatementStats {
  times: number[];
  rows: number;
}

/** One after the other; each statement's time and row count go to `stats[i]` if given. */
async function replaySequential(
  conn: DuckDBConnection,
  statements: readonly Statement[],
  stats?: StatementStats[],
) {
  for (const [i, s] of statements.entries()) {
    const t0 = performance.now();
    const rows = await replay(conn, s);
    const stat = stats?.[i];
    if (stat) {
      stat.times.push(performance.now() - t0);
      stat.rows = rows;
    }
  }
}

/** Each wave's statements at once, over as many connections as the Db's pool has (4). */
async function replayConcurrent(
  conns: readonly DuckDBConnection[],
  statements: readonly Statement[],
) {
  const waves = [...new Set(statements.map((s) => s.wave))];
  for (const wave of waves) {
    const queue = statements.filter((s) => s.wave === wave);
    await Promise.all(
      conns.map(async (conn) => {
        for (let s = queue.shift(); s; s = queue.shift()) await replay(conn, s);
      }),
    );
  }
}

// ---------------------------------------------------------------------------------------------
// The real server

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

async function startServer(port: number): Promise<{ child: ChildProcess; log: () => string }> {
  const child = spawn('node_modules/.bin/tsx', ['server.ts'], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      DATABASE_PATH: DB_PATH,
      PORT: String(port),
      HOST: '127.0.0.1',
      INBOX_DIR: '',
      SESSION_SECRET: randomBytes(32).toString('hex'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group: tsx runs the server in a child process, and a SIGKILL fallback
    // must reach that one too.
    detached: true,
  });
  // Should this process end early (an error, Ctrl-C), the server must not outlive it.
  const killGroup = () => {
    try {
      if (child.exitCode === null && child.pid) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  process.once('exit', killGroup);
  process.once('SIGINT', () => process.exit(130));
  process.once('SIGTERM', () => process.exit(143));
  child.once('exit', () => process.off('exit', killGroup));
  let output = '';
  const log = () => output;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`server not ready in 120 s:\n${output}`)),
      120_000,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('dashboard ready')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}) before it was ready:\n${output}`));
    });
  });
  return { child, log };
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), 15_000);
  });
  const outcome = await Promise.race([exited, timeout]);
  clearTimeout(timer);
  if (outcome === 'timeout') {
    console.log('  server did not stop within 15 s of SIGTERM; sending SIGKILL');
    if (child.pid) process.kill(-child.pid, 'SIGKILL');
    await exited;
  }
}

// ---------------------------------------------------------------------------------------------
// 1. Data

console.log(`1. Data: ${DB_PATH}`);
const data = await ensureNationalData(DB_PATH);
console.log(
  data.reused
    ? '  reused the existing file (same generator, right row count); delete it to regenerate' +
        (data.rollupWeeks > 0
          ? `\n  its rollups came from other rule code: rebuilt ${data.rollupWeeks} weeks in ${seconds(data.rollupMs)}`
          : '')
    : `  generated in ${seconds(data.ms)}, of which the weekly rollups (${data.rollupWeeks} weeks, ` +
        `as the loader builds them after a full load) ${seconds(data.rollupMs)}`,
);
for (const [table, n] of Object.entries(data.counts)) {
  console.log(`  ${table.padEnd(20)} ${n.toLocaleString('en').padStart(10)} rows`);
}
console.log(`  file size ${(statSync(DB_PATH).size / 1e6).toFixed(0)} MB`);

const parsed = parsePeriod(WEEK);
if (!parsed.ok) throw new Error(parsed.reason.en);
const question = { scope: CITY_SCOPE, period: parsed.period, department: null };

// ---------------------------------------------------------------------------------------------
// 2a. The query functions

console.log(`\n2. ${WEEK} (${parsed.period.start} .. ${parsed.period.end}), every department`);
console.log('a) through the query functions (loadScorecard / loadFlags, CITY_SCOPE)');
const db = await openDatabase(DB_PATH);
const scorecardStatements: Statement[] = [];
const flagsStatements: Statement[] = [];
let t0 = performance.now();
const scorecard = await loadScorecard(recording(db, scorecardStatements), question);
const coldScorecardMs = performance.now() - t0;
t0 = performance.now();
const flags = await loadFlags(recording(db, flagsStatements), question);
const coldFlagsMs = performance.now() - t0;
console.log(
  `  first runs, recording the statements: loadScorecard ${seconds(coldScorecardMs)} ` +
    `(${scorecardStatements.length} statements), loadFlags ${seconds(coldFlagsMs)} ` +
    `(${flagsStatements.length} statements)`,
);
console.log(
  `  scorecard: ${scorecard.units.length} units, hasData ${scorecard.hasData}; ` +
    `flags: ${flags.length} (${countBy(flags.map((f) => f.type))})`,
);
const fnScorecard = await series('scorecard, functions', coldScorecardMs, () =>
  loadScorecard(db, question),
);
const fnFlags = await series('flags, functions', coldFlagsMs, () => loadFlags(db, question));
// What the rollups save: the same questions computed from the raw tables, once each.
const direct = { ...question, useRollups: false };
t0 = performance.now();
await loadScorecard(db, direct);
const directScorecardMs = performance.now() - t0;
t0 = performance.now();
await loadFlags(db, direct);
const directFlagsMs = performance.now() - t0;
console.log(
  `  without the rollups (raw tables, one run each): loadScorecard ${seconds(directScorecardMs)}, ` +
    `loadFlags ${seconds(directFlagsMs)}`,
);
// What a weekly load adds: the rollups of the last week recomputed (as load() does after a
// batch of that week's rows), in a transaction that is rolled back.
class RolledBack extends Error {}
let weekly = { weeks: 0, ms: 0 };
await db
  .withTransaction(async (tx) => {
    weekly = await refreshRollups(tx, LAST_WEEK_MONDAY);
    throw new RolledBack();
  })
  .catch((e: unknown) => {
    if (!(e instanceof RolledBack)) throw e;
  });
// The API routes are read as a commission member's script would: with an API token.
const benchUser = `bench-${Date.now()}`;
await addUser(
  db,
  {
    username: benchUser,
    role: 'commission',
    districtCodes: [],
    password: randomBytes(16).toString('hex'),
  },
  cliActor(),
);
const apiToken = (await issueToken(db, benchUser, cliActor())).token;
console.log(
  `  a weekly load's rollup refresh (${weekly.weeks} week from ${LAST_WEEK_MONDAY}): ${seconds(weekly.ms)}`,
);
db.close();

function countBy(values: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].map(([k, n]) => `${k} ${n}`).join(', ') || 'none';
}

// ---------------------------------------------------------------------------------------------
// 2c. The floor: the same statements on raw DuckDB

console.log(
  'c) the recorded statements replayed on raw @duckdb/node-api connections (runAndReadAll, ' +
    'same parameters, same memory_limit and TimeZone as db/client.ts)',
);
const instance = await DuckDBInstance.create(DB_PATH, {
  memory_limit: env().DUCKDB_MEMORY_LIMIT,
});
const conns: DuckDBConnection[] = [];
for (let i = 0; i < 4; i++) {
  const c = await instance.connect();
  await c.run("SET TimeZone = 'UTC'");
  conns.push(c);
}
const raw = conns[0]!;
const rawScorecard = await series('scorecard, raw', fnScorecard.times[0] ?? coldScorecardMs, () =>
  replaySequential(raw, scorecardStatements),
);
// Per-statement times of loadFlags (section 3) are taken from this series' timed runs.
const flagStats: StatementStats[] = flagsStatements.map(() => ({ times: [], rows: 0 }));
const rawFlags = await series('flags, raw', fnFlags.times[0] ?? coldFlagsMs, (timed) =>
  replaySequential(raw, flagsStatements, timed ? flagStats : undefined),
);
const fastEnough = (s: Series) => percentile(s.times, 0.5) < SERIES_BUDGET_MS / 10;
const parScorecard = fastEnough(rawScorecard)
  ? await series('scorecard, raw ∥', percentile(rawScorecard.times, 0.5), () =>
      replayConcurrent(conns, scorecardStatements),
    )
  : skipped('scorecard, raw ∥');
const parFlags = fastEnough(rawFlags)
  ? await series('flags, raw ∥', percentile(rawFlags.times, 0.5), () =>
      replayConcurrent(conns, flagsStatements),
    )
  : skipped('flags, raw ∥');
for (const c of conns) c.closeSync();
instance.closeSync();

function skipped(name: string): Series {
  console.log(`  ${name.padEnd(22)} skipped: the sequential replay is too slow for the budget`);
  return { name, times: [], capped: true };
}

// ---------------------------------------------------------------------------------------------
// 2b. The API routes on the real server

console.log('b) through the API routes (real server, production build, sequential fetch)');
ensureFreshBuild();
const port = await freePort();
const serverStarted = performance.now();
const { child, log } = await startServer(port);
console.log(`  server ready on port ${port} in ${seconds(performance.now() - serverStarted)}`);
let routeScorecard: Series;
let routeFlags: Series;
const receiving: Record<string, { bytes: number; sentBytes: number; ms: number }> = {};

/**
 * What a client pays to take in a body: inflating it if it came gzip-compressed, and decoding
 * the text. fetch has already inflated `body`; it is compressed again to time the inflating.
 */
function receivingCost(body: Buffer, gzipped: boolean) {
  const sent = gzipped ? gzipSync(body) : body;
  const times: number[] = [];
  for (let i = 0; i < 20; i++) {
    const t0 = performance.now();
    new TextDecoder().decode(gzipped ? gunzipSync(sent) : sent);
    times.push(performance.now() - t0);
  }
  return { bytes: body.length, sentBytes: sent.length, ms: percentile(times, 0.5) };
}
try {
  const get = async (path: string) => {
    const res = await fetch(`http://127.0.0.1:${port}${path}`, {
      headers: { Authorization: `Bearer ${apiToken}` },
    });
    const body = await res.text();
    if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${body.slice(0, 300)}\n${log()}`);
    return body;
  };
  t0 = performance.now();
  const apiScorecard = JSON.parse(await get(`/api/scorecard?week=${WEEK}`)) as {
    units: unknown[];
  };
  const coldRouteScorecardMs = performance.now() - t0;
  t0 = performance.now();
  const apiFlags = JSON.parse(await get(`/api/flags?week=${WEEK}`)) as unknown[];
  const coldRouteFlagsMs = performance.now() - t0;
  console.log(
    `  first requests: scorecard ${seconds(coldRouteScorecardMs)} ` +
      `(${apiScorecard.units.length} units), flags ${seconds(coldRouteFlagsMs)} ` +
      `(${apiFlags.length} flags)`,
  );
  if (apiScorecard.units.length !== scorecard.units.length || apiFlags.length !== flags.length) {
    console.log('  WARNING: the API answers differ in size from the functions');
  }
  routeScorecard = await series('scorecard, route', coldRouteScorecardMs, () =>
    get(`/api/scorecard?week=${WEEK}`),
  );
  routeFlags = await series('flags, route', coldRouteFlagsMs, () => get(`/api/flags?week=${WEEK}`));
  // The part of a route's time no server can save: taking in the body as sent.
  for (const [name, path] of [
    ['scorecard', `/api/scorecard?week=${WEEK}`],
    ['flags', `/api/flags?week=${WEEK}`],
  ] as const) {
    const res = await fetch(`http://127.0.0.1:${port}${path}`, {
      headers: { Authorization: `Bearer ${apiToken}` },
    });
    const bytes = Buffer.from(await res.arrayBuffer());
    receiving[name] = receivingCost(bytes, res.headers.get('Content-Encoding') === 'gzip');
    const r = receiving[name];
    console.log(
      `  ${name} body: ${(r.bytes / 1e6).toFixed(2)} MB` +
        `${r.sentBytes === r.bytes ? '' : `, sent gzip-compressed as ${(r.sentBytes / 1e6).toFixed(2)} MB`}; ` +
        `a client takes ${r.ms.toFixed(1)} ms to inflate and decode it (median of 20)`,
    );
  }
} finally {
  await stopServer(child);
}

// ---------------------------------------------------------------------------------------------
// Summary

const p50 = (s: Series) => percentile(s.times, 0.5);
const p95 = (s: Series) => percentile(s.times, 0.95);
const pct = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(0)}%`;
console.log(
  `\nSummary, ${WEEK}, all departments, times in ms. raw = the recorded statements one after ` +
    `the other (the floor);\nraw ∥ = the same, as concurrently as the functions send them ` +
    `(4 connections); ratios are p50 ÷ raw p50.`,
);
console.log(
  `${'query'.padEnd(10)} ${'way'.padEnd(10)} ${'runs'.padStart(4)} ${'p50'.padStart(10)} ` +
    `${'p95'.padStart(10)}  ${'p95<100ms'.padEnd(9)}  ÷ raw`,
);
const summary: [string, Series, Series, Series, Series][] = [
  ['scorecard', rawScorecard, parScorecard, fnScorecard, routeScorecard],
  ['flags', rawFlags, parFlags, fnFlags, routeFlags],
];
for (const [name, rawS, par, fn, route] of summary) {
  for (const [way, s] of [
    ['raw', rawS],
    ['raw ∥', par],
    ['functions', fn],
    ['route', route],
  ] as const) {
    if (s.times.length === 0) {
      console.log(`${name.padEnd(10)} ${way.padEnd(10)} skipped`);
      continue;
    }
    console.log(
      `${name.padEnd(10)} ${way.padEnd(10)} ${String(s.times.length).padStart(4)} ` +
        `${p50(s).toFixed(1).padStart(10)} ${p95(s).toFixed(1).padStart(10)}  ` +
        `${(p95(s) < TARGET_P95_MS ? 'yes' : 'NO').padEnd(9)}  ${(p50(s) / p50(rawS)).toFixed(2)}x`,
    );
  }
  const overhead50 = p50(route) / p50(rawS) - 1;
  const overhead95 = p95(route) / p95(rawS) - 1;
  const verdict =
    overhead50 >= TARGET_OVERHEAD || overhead95 >= TARGET_OVERHEAD
      ? 'NO'
      : overhead50 < -0.05
        ? 'not comparable: the route beats the one-by-one floor because the functions overlap ' +
          'their statements'
        : 'yes';
  console.log(
    `${name.padEnd(10)} route over raw: ${pct(overhead50)} at p50, ${pct(overhead95)} at p95 ` +
      `(target < ${pct(TARGET_OVERHEAD)}: ${verdict}); ` +
      `route/functions ${(p50(route) / p50(fn)).toFixed(2)}x`,
  );
  const taking = receiving[name];
  if (taking) {
    console.log(
      `${''.padEnd(10)} of which taking in the body alone (inflate + decode, client side): ` +
        `${taking.ms.toFixed(1)} ms = ${pct(taking.ms / p50(rawS))} of raw p50`,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// 3. Where one loadFlags run's time goes

const elide = (sql: string) =>
  sql
    .replace(/\s+/g, ' ')
    .replace(/WITH p AS \(SELECT \(generate_subscripts.*?AS e\)\)/, 'WITH p AS (…periods…)')
    .trim();
const perStatement = flagsStatements.map((s, index) => ({
  s,
  index,
  ms: percentile(flagStats[index]?.times ?? [], 0.5),
  rows: flagStats[index]?.rows ?? 0,
}));
const total = perStatement.reduce((sum, s) => sum + s.ms, 0);
console.log(
  `\n3. Where one loadFlags run's time goes: its ${perStatement.length} statements, each timed ` +
    `alone on the raw connection (median of ${plural(rawFlags.times.length, 'run')}), ` +
    `${total.toFixed(0)} ms in all.\n   Top 5; "wave" = statements the functions send together; ` +
    `the periods CTE is shortened.`,
);
for (const { ms, rows: n, s, index } of [...perStatement].sort((a, b) => b.ms - a.ms).slice(0, 5)) {
  console.log(
    `  #${String(index + 1).padEnd(2)} ${fmt(ms)} ${((ms / total) * 100).toFixed(0).padStart(3)}%` +
      ` ${String(n).padStart(7)} rows  wave ${s.wave}  ${elide(s.sql).slice(0, 80)}`,
  );
}
console.log(
  `\ntotal benchmark time ${seconds(performance.now() - benchStarted)}; load average (1 min) ` +
    `${loadAtStart.toFixed(2)} at the start, ${(loadavg()[0] ?? 0).toFixed(2)} at the end ` +
    `(this benchmark alone keeps ~2 cores busy; more means other work shared the machine)`,
);
