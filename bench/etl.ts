/**
 * npm run bench:etl — the ETL against DuckDB's own read_csv, in one process, on the same file.
 *
 * Generates a 1,000,000-row window_daily CSV (100 districts × 5 centres × 2 departments ×
 * 1,000 days), loads it through load() — the code `npm run etl` runs, validation included —
 * into a fresh database file, then reads the same file with read_csv into a scratch table of
 * another fresh file; then loads the same rows as an .xlsx workbook, and the week after them on
 * top of the CSV load (the weekly case). Prints times, rows/s, peak RSS growth, the ratios and
 * where the ETL's time goes.
 */
import {
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { createInterface } from 'node:readline';
import ExcelJS from 'exceljs';
import { once } from 'node:events';
import { join } from 'node:path';
import { openDatabase } from '../db/client';
import { applyMigrations } from '../db/migrate';
import { load } from '../etl/load';

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const OUT = 'bench/out';
const DISTRICTS = 100;
const CENTRES = 5;
const DEPARTMENTS = ['医保', '社保'];

function mulberry32(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const districtCode = (d: number) => String(230000 + d + 1);

async function writeFixtures(): Promise<{ districts: string; window: string; week: string }> {
  mkdirSync(OUT, { recursive: true });
  const districts = join(OUT, 'districts.csv');
  const window = join(OUT, `window_daily_${ROWS}.csv`);
  const week = join(OUT, `window_daily_${ROWS}_next_week.csv`);
  const registry = ['district_code,district_name,level,parent_code,population'];
  for (let d = 0; d < DISTRICTS; d++)
    registry.push(`${districtCode(d)},区县${d + 1},district,,500000`);
  await writeText(districts, `${registry.join('\n')}\n`);
  if (!existsSync(window)) await writeWindowRows(window, 0, ROWS);
  // The week after the big file's last day: what a bureau loads every Monday.
  const perDay = DISTRICTS * CENTRES * DEPARTMENTS.length;
  if (!existsSync(week)) await writeWindowRows(week, Math.ceil(ROWS / perDay) * perDay, 7 * perDay);
  return { districts, window, week };
}

/** `rows` window_daily rows from row number `first` on (perDay rows a day from 2018-01-01). */
async function writeWindowRows(path: string, first: number, rows: number): Promise<void> {
  const random = mulberry32(42 + first);
  const out = createWriteStream(path);
  out.write(
    'date,district_code,center_code,center_name,department,windows_open,staff_on_duty,ticket_capacity,' +
      'tickets_issued,visitors,cases_accepted,cases_completed,cases_out_of_queue,avg_wait_minutes,' +
      'ratings_good,ratings_bad\n',
  );
  const perDay = DISTRICTS * CENTRES * DEPARTMENTS.length;
  const start = Date.UTC(2018, 0, 1);
  let block: string[] = [];
  for (let i = first; i < first + rows; i++) {
    const day = Math.floor(i / perDay);
    const slot = i % perDay;
    const district = Math.floor(slot / (CENTRES * DEPARTMENTS.length));
    const centre = Math.floor(slot / DEPARTMENTS.length) % CENTRES;
    const department = DEPARTMENTS[slot % DEPARTMENTS.length]!;
    const date = new Date(start + day * 86_400_000).toISOString().slice(0, 10);
    const capacity = 80 + Math.floor(random() * 120);
    const issued = Math.floor(capacity * (0.6 + random() * 0.4));
    const visitors = Math.floor(issued * (0.8 + random() * 0.5));
    const completed = Math.floor(issued * (0.9 + random() * 0.1));
    const code = districtCode(district);
    block.push(
      `${date},${code},${code}-${centre},${code}服务中心${centre},${department},${4 + (i % 6)},${6 + (i % 8)},` +
        `${capacity},${issued},${visitors},${issued},${completed},${i % 17 === 0 ? 2 : 0},` +
        `${(10 + random() * 30).toFixed(1)},${Math.floor(completed * 0.9)},${i % 9}`,
    );
    if (block.length === 10_000) {
      if (!out.write(`${block.join('\n')}\n`)) await once(out, 'drain');
      block = [];
    }
  }
  out.end(block.length ? `${block.join('\n')}\n` : '');
  await once(out, 'finish');
}

/**
 * The same rows as an Excel workbook, as a clerk's sheet holds them: real date cells, codes
 * and counts in number cells, names as shared strings. Written once, by exceljs's streaming
 * writer, and kept in bench/out like the CSV.
 */
async function writeWorkbook(csvPath: string): Promise<string> {
  const path = csvPath.replace(/\.csv$/, '.xlsx');
  if (existsSync(path)) return path;
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: `${path}.part`,
    useSharedStrings: true,
    useStyles: true,
  });
  const sheet = book.addWorksheet('窗口日报');
  let header = true;
  for await (const line of createInterface({ input: createReadStream(csvPath) })) {
    const cells = line.split(',');
    const row = header
      ? cells
      : cells.map((c, i) =>
          i === 0 ? new Date(`${c}T00:00:00Z`) : i === 2 || i === 3 || i === 4 ? c : Number(c),
        );
    const added = sheet.addRow(row);
    if (!header) added.getCell(1).numFmt = 'yyyy-mm-dd';
    added.commit();
    header = false;
  }
  sheet.commit();
  await book.commit();
  renameSync(`${path}.part`, path);
  return path;
}

async function writeText(path: string, text: string) {
  const out = createWriteStream(path);
  out.end(text);
  await once(out, 'finish');
}

/** Samples RSS while fn runs: peak growth over the RSS at its start. */
async function measure<T>(
  fn: () => Promise<T>,
): Promise<{ result: T; ms: number; peakMb: number }> {
  const base = process.memoryUsage().rss;
  let peak = base;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const started = performance.now();
  const result = await fn();
  const ms = performance.now() - started;
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  return { result, ms, peakMb: (peak - base) / 1e6 };
}

const fresh = (name: string) => {
  const path = join(OUT, name);
  rmSync(path, { force: true });
  rmSync(`${path}.wal`, { force: true });
  return path;
};

const { districts, window, week } = await writeFixtures();
const workbook = await writeWorkbook(window);
const mb = (path: string) => (statSync(path).size / 1e6).toFixed(1);
console.log(`file: ${window} (${ROWS.toLocaleString('en')} rows, ${mb(window)} MB)`);
console.log(`workbook: ${workbook} (the same rows, ${mb(workbook)} MB)`);

/**
 * One file through load() — the code `npm run etl` runs — into a fresh database holding the
 * district registry; openDatabase applies the same memory cap (DUCKDB_MEMORY_LIMIT).
 */
async function measureLoad(dbName: string, name: string, path: string) {
  const db = await openDatabase(fresh(dbName));
  await applyMigrations(db);
  const asBench = { source: 'test', loadedBy: 'bench' } as const;
  await load(db, [{ name: 'districts.csv', path: districts }], asBench);
  const run = await measure(() => load(db, [{ name, path }], asBench));
  db.close();
  if (run.result.outcome !== 'committed') {
    throw new Error(
      `${name} did not commit: ${run.result.outcome}, ${run.result.errorCount} errors`,
    );
  }
  return run;
}

const etl = await measureLoad('etl.duckdb', 'window_daily.csv', window);

// The next week on top of those three years: the load a bureau runs every week, whose
// rollup refresh recomputes only the weeks it can have changed.
const weekly = await (async () => {
  const db = await openDatabase(join(OUT, 'etl.duckdb'));
  const run = await measure(() =>
    load(db, [{ name: 'next_week.csv', path: week }], { source: 'test', loadedBy: 'bench' }),
  );
  db.close();
  return run;
})();
const xlsx = await measureLoad('etl-xlsx.duckdb', 'window_daily.xlsx', workbook);

/** DuckDB's read_csv of one file into a scratch table of a fresh database: the baseline. */
async function measureReadCsv(path: string) {
  const rawDb = await openDatabase(fresh('read_csv.duckdb'));
  const run = await measure(() =>
    rawDb.run({ sql: `CREATE TABLE scratch AS SELECT * FROM read_csv($1)`, params: [path] }),
  );
  const [{ n } = { n: 0 }] = await rawDb.all<{ n: number }>({
    sql: 'SELECT count(*)::INTEGER AS n FROM scratch',
  });
  rawDb.close();
  return { ...run, n };
}
const raw = await measureReadCsv(window);
const rawWeek = await measureReadCsv(week);
const n = raw.n;

const line = (label: string, r: { ms: number; peakMb: number }, rows: number) =>
  `${label.padEnd(28)} ${(r.ms / 1000).toFixed(2).padStart(6)} s  ${Math.round(rows / (r.ms / 1000))
    .toLocaleString('en')
    .padStart(10)} rows/s  peak RSS +${r.peakMb.toFixed(0)} MB`;
console.log(line('ETL, CSV (npm run etl)', etl, ROWS));
console.log(line('ETL, .xlsx of the same rows', xlsx, ROWS));
console.log(line('DuckDB read_csv', raw, n));
console.log(
  `ratio ETL / read_csv: ${(etl.ms / raw.ms).toFixed(2)}x (target ≤ 3x); ` +
    `peak RSS +${etl.peakMb.toFixed(0)} MB (target ≤ 400 MB)`,
);
console.log(`ratio .xlsx / CSV: ${(xlsx.ms / etl.ms).toFixed(2)}x (target ≤ 3x)`);
console.log(line('ETL, the next week on top', weekly, rawWeek.n));
console.log(line('DuckDB read_csv, that week', rawWeek, rawWeek.n));
console.log(
  `ratio weekly ETL / read_csv: ${(weekly.ms / rawWeek.ms).toFixed(2)}x; its rollup refresh ` +
    `${(weekly.result.timings.rollupMs / 1000).toFixed(2)} s`,
);
const split = (label: string, t: (typeof etl.result)['timings']) =>
  console.log(
    `where the ${label} ETL's time goes: read+validate+stage ${(t.stageMs / 1000).toFixed(2)} s, ` +
      `batch checks ${(t.checkMs / 1000).toFixed(2)} s, merge ${(t.mergeMs / 1000).toFixed(2)} s, ` +
      `weekly rollups ${(t.rollupMs / 1000).toFixed(2)} s`,
  );
split('CSV', etl.result.timings);
split('.xlsx', xlsx.result.timings);
split('weekly', weekly.result.timings);
