/**
 * `npm run bench:precision`: how many flags each rule raises, week by week, on two cities —
 * the planted demo city (every planted failure must be flagged) and the well-run city
 * (etl/demo/well-run.ts: no failures, ordinary noise, where every flag is a false alarm).
 * Both are loaded through the real ETL into real DuckDB files and read as the dashboard reads
 * them, so the figures move each time a rule or a threshold does.
 *
 * The bar (issue: flags a commission can act on): on the well-run city at most 1 flag a week
 * on average across the whole city, none of high severity, none for missing reports in a
 * holiday week.
 */
import { join } from 'node:path';
import { writeFile, mkdir } from 'node:fs/promises';
import type { Db } from '../db/client';
import { writeDemoFiles } from '../etl/demo/generate';
import { generateWellRunFiles } from '../etl/demo/well-run';
import { collectFiles } from '../etl/files';
import { load } from '../etl/load';
import { freshDb, tempDir } from '../tests/helpers/db';
import { countFlags, type FlagCounts } from '../tests/helpers/precision';

async function loadCity(name: string, write: (dir: string) => Promise<void>): Promise<Db> {
  const temp = tempDir(`bench-precision-${name}-`);
  const db = await freshDb();
  try {
    await write(temp.dir);
    const report = await load(db, collectFiles([temp.dir]), {
      source: 'test',
      loadedBy: 'bench:precision',
    });
    if (report.outcome !== 'committed') {
      throw new Error(
        `${name}: load ${report.outcome}: ${JSON.stringify(report.errors.slice(0, 3))}`,
      );
    }
  } finally {
    temp.cleanup();
  }
  return db;
}

const pad = (s: string | number, n: number) => String(s).padStart(n);

function print(title: string, c: FlagCounts): void {
  const n = c.weeks.length;
  const total = c.perWeek.reduce((a, b) => a + b, 0);
  const high = c.high;
  console.log(`\n${title}: ${n} complete weeks ${c.weeks[0]!.label} … ${c.weeks.at(-1)!.label}`);
  console.log(`  ${'rule'.padEnd(30)} ${pad('flags', 6)} ${pad('/week', 6)} ${pad('high', 6)}`);
  for (const [type, count] of c.byType) {
    console.log(
      `  ${type.padEnd(30)} ${pad(count.total, 6)} ${pad((count.total / n).toFixed(2), 6)} ${pad(count.high, 6)}`,
    );
  }
  console.log(
    `  ${'all rules'.padEnd(30)} ${pad(total, 6)} ${pad((total / n).toFixed(2), 6)} ${pad(high, 6)}`,
  );
  console.log(`  flags per week: ${c.perWeek.join(' ')}`);
  console.log(`  missing-report flags in holiday weeks: ${c.missingInHolidayWeeks}`);
}

const started = performance.now();
const planted = await loadCity('planted', async (dir) => {
  await writeDemoFiles(dir);
});
const wellRun = await loadCity('well-run', async (dir) => {
  await mkdir(dir, { recursive: true });
  for (const f of generateWellRunFiles()) await writeFile(join(dir, f.name), f.bytes);
});
try {
  const plantedCounts = await countFlags(planted);
  const wellRunCounts = await countFlags(wellRun);
  print('planted demo city (哈尔滨, every planted failure must stay flagged)', plantedCounts);
  print('well-run city (示范市, every flag is a false alarm)', wellRunCounts);
  const { meanPerWeek: perWeek, high } = wellRunCounts;
  const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');
  console.log('\nwell-run city against the bar:');
  console.log(`  flags per week ${perWeek.toFixed(2)}  target ≤ 1: ${verdict(perWeek <= 1)}`);
  console.log(`  high-severity flags ${high}  target 0: ${verdict(high === 0)}`);
  console.log(
    `  missing reports in holiday weeks ${wellRunCounts.missingInHolidayWeeks}  target 0: ${verdict(wellRunCounts.missingInHolidayWeeks === 0)}`,
  );
  console.log(`\ntotal benchmark time ${((performance.now() - started) / 1000).toFixed(1)} s`);
} finally {
  planted.close();
  wellRun.close();
}
