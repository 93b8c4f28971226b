/**
 * The well-run city (etl/demo/well-run.ts) is the precision harness's ground truth: it must
 * load through the real ETL whole, and hold the noise it claims to hold — otherwise a rule
 * could look precise only because the harness was too clean.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/client';
import { generateWellRunFiles, WELL_RUN_NOISE } from '../../etl/demo/well-run';
import { collectFiles } from '../../etl/files';
import { load } from '../../etl/load';
import { freshDb, tableCounts, tempDir } from '../helpers/db';
import { countFlags } from '../helpers/precision';

let db: Db;
let cleanup: () => void;
const files = generateWellRunFiles();
const windowRows = files
  .find((f) => f.kind === 'window_daily')!
  .bytes.toString('utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => line.split(','));
const [DATE, DISTRICT, , , DEPARTMENT, , , CAPACITY, ISSUED, VISITORS, , , OUT_OF_QUEUE] = [
  ...Array(13).keys(),
] as number[];
const on = (date: string) => windowRows.filter((r) => r[DATE!] === date);

beforeAll(async () => {
  const temp = tempDir('well-run-');
  cleanup = temp.cleanup;
  mkdirSync(temp.dir, { recursive: true });
  for (const f of files) writeFileSync(join(temp.dir, f.name), f.bytes);
  db = await freshDb();
  const report = await load(db, collectFiles([temp.dir]), {
    source: 'test',
    loadedBy: 'well-run-city.test',
  });
  expect(report.errors).toEqual([]);
  expect(report.outcome).toBe('committed');
});
afterAll(() => {
  db?.close();
  cleanup?.();
});

describe('the well-run city', () => {
  it('loads whole through the ETL, every file kind', async () => {
    const counts = await tableCounts(db);
    expect(counts.window_daily).toBe(windowRows.length);
    expect(Object.values(counts).every((n) => n > 0)).toBe(true);
  });

  it('closes on holidays and opens on make-up working days', () => {
    expect(on('2020-10-05')).toEqual([]); // National Day, a Monday
    expect(on('2020-06-25')).toEqual([]); // Dragon Boat festival, a Thursday
    expect(on('2020-10-10').length).toBeGreaterThan(20); // a Saturday worked
    expect(on('2020-06-28').length).toBeGreaterThan(20); // a Sunday worked
  });

  it('counts askers at the door: visitors above tickets on most days, with tickets to spare', () => {
    const served = windowRows.filter((r) => Number(r[VISITORS!]) > 0);
    const above = served.filter((r) => Number(r[VISITORS!]) > Number(r[ISSUED!]));
    expect(above.length / served.length).toBeGreaterThan(0.9);
    const quiet = served.filter((r) => Number(r[ISSUED!]) < 0.8 * Number(r[CAPACITY!]));
    expect(quiet.length / served.length).toBeGreaterThan(0.2);
  });

  it('has a snow day with zero visitors, then a day not reported, and a centre opening mid-year', () => {
    const { snow, opening } = WELL_RUN_NOISE;
    const snowed = on(snow.days[0]).filter((r) => r[DISTRICT!] === snow.district);
    expect(snowed.map((r) => r[VISITORS!])).toEqual(['0', '0']);
    expect(on(snow.days[1]).filter((r) => r[DISTRICT!] === snow.district)).toEqual([]);
    const first = windowRows.find((r) => r[DISTRICT!] === opening.district)?.[DATE!];
    expect(first).toBe(opening.firstDay);
  });

  it('serves green-channel cases without a ticket at 医保 centres only', () => {
    const green = windowRows.filter((r) => Number(r[OUT_OF_QUEUE!]) > 0);
    expect(green.length).toBeGreaterThan(100);
    expect(new Set(green.map((r) => r[DEPARTMENT!]))).toEqual(new Set(['医保']));
  });
});

describe('flags on the well-run city: every one would be a false alarm', () => {
  it('raises at most one flag a week in the whole city on average, none of high severity', async () => {
    const counts = await countFlags(db);
    expect(counts.weeks.length).toBeGreaterThan(30);
    const byType = Object.fromEntries([...counts.byType].map(([t, c]) => [t, c.total]));
    expect(counts.meanPerWeek, JSON.stringify(byType)).toBeLessThanOrEqual(1);
    expect(counts.high, JSON.stringify(byType)).toBe(0);
  });

  it('flags no missing reports in a holiday week (Dragon Boat, National Day)', async () => {
    const counts = await countFlags(db);
    expect(counts.missingInHolidayWeeks).toBe(0);
    expect(counts.byType.get('missing_reports')?.total).toBe(0);
  });
});
