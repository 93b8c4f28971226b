/**
 * The files clerks really have: each quirk in tests/fixtures/quirks/ (written by make.ts from
 * the same clean rows) loads to exactly the rows the clean file loads to, and the report says
 * what the loader assumed. Bad files still get row errors and load nothing.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { Db } from '../../db/client';
import { load, type LoadReport, type SourceFile } from '../../etl/load';
import { freshDb, tableCounts } from '../helpers/db';
import { contents, fixture, fixturePath, withoutBatch } from './etl-support';

/** A quirk fixture, named as the CLI names a file: by its base name. */
const quirk = (name: string): SourceFile => ({ name, path: fixturePath(`quirks/${name}`) });

async function withDistricts(): Promise<Db> {
  const db = await freshDb();
  onTestFinished(() => db.close());
  const report = await load(db, [fixture('districts-zh.csv')], { source: 'test' });
  expect(report.outcome).toBe('committed');
  return db;
}

async function loaded(file: SourceFile, table = 'window_daily') {
  const db = await withDistricts();
  const report = await load(db, [file], { source: 'test' });
  expect(report.errors).toEqual([]);
  expect(report.outcome).toBe('committed');
  return { report, rows: withoutBatch(await contents(db, table)) };
}

const warningsOf = (report: LoadReport) => report.files.flatMap((f) => f.warnings.map((w) => w.en));

describe('files as clerks export them load to the same rows as the clean file', () => {
  it.each([
    [
      'a title, a units line and totals and signature rows',
      'title-units-totals.csv',
      [
        'skipped line 1, 2 above the header',
        'skipped the units line under the header: line 4',
        'not loaded as data: line 10, 11',
      ],
    ],
    [
      'Excel serials, 2020.8.17, 20200818, 2020年08月18日 and a 0:00 time',
      'dates.csv',
      [
        'Excel date serials',
        'normalised 2 cells: dates written 2020.8.18 or 20200818',
        'time 0:00 after a date dropped',
      ],
    ],
    [
      'full-width digits, thousands separators and non-breaking spaces',
      'numbers.csv',
      [
        'full-width digits or signs made half-width',
        'normalised 5 cells: thousands separators removed',
      ],
    ],
    [
      'district codes as 230102.0 and with a leading apostrophe',
      'codes.csv',
      [
        'normalised 3 cells: trailing .0 removed',
        "normalised 2 cells: text-forcing apostrophe (') removed",
      ],
    ],
    ["Excel's Unicode Text (UTF-16 LE, tabs)", 'unicode-text.txt', []],
    ['UTF-16 BE with its byte-order mark', 'utf-16be.txt', []],
    ['semicolons between the cells', 'semicolon.csv', []],
  ] as const)('%s (%s)', async (_, name, warnings) => {
    const clean = await loaded(quirk('window-daily-clean.csv'));
    expect(warningsOf(clean.report)).toEqual([]);
    const got = await loaded(quirk(name));
    expect(got.rows).toEqual(clean.rows);
    expect(got.rows).toHaveLength(5);
    for (const w of warnings) expect(warningsOf(got.report).join('\n')).toContain(w);
  });

  it('reports the encoding and the delimiter it found', async () => {
    const utf16 = await loaded(quirk('unicode-text.txt'));
    expect(utf16.report.files[0]).toMatchObject({ encoding: 'utf-16le', delimiter: 'tab' });
    const semicolon = await loaded(quirk('semicolon.csv'));
    expect(semicolon.report.files[0]).toMatchObject({ delimiter: 'semicolon' });
  });

  it('reads √ and × as yes and no', async () => {
    const clean = await loaded(fixture('complaints-zh.csv'), 'complaints');
    const ticks = await loaded(quirk('complaints-ticks.csv'), 'complaints');
    expect(ticks.rows).toEqual(clean.rows);
    expect(warningsOf(ticks.report).join('\n')).toContain('normalised 2 cells: √/× read as yes/no');
  });
});

describe('Excel workbooks', () => {
  it('loads the sheet holding a table, skips the instructions sheet and says so', async () => {
    const clean = await loaded(quirk('window-daily-clean.csv'));
    const book = await loaded(quirk('workbook.xlsx'));
    expect(book.rows).toEqual(clean.rows);
    const [instructions, month] = book.report.files;
    expect(instructions).toMatchObject({
      file: 'workbook.xlsx#填报说明',
      kind: null,
      skipped: true,
    });
    expect(instructions!.warnings[0]!.zh).toContain('已跳过工作表「填报说明」');
    expect(month).toMatchObject({
      file: 'workbook.xlsx#8月',
      kind: 'window_daily',
      rowsRead: 5,
      inserted: 5,
    });
    expect(month!.encoding).toBe('xlsx');
    // The totals row (SUM formulas) is Excel's row 9, the signature row 11.
    expect(month!.warnings.map((w) => w.en)).toEqual([
      'skipped line 1 above the header (title or notes): "哈尔滨市医保服务中心窗口日报表（2020年8月）"',
      'the two header rows on lines 2–3 were read as one',
      'skipped totals, notes or signature rows, not loaded as data: line 9, 11',
    ]);
  });

  it('loads the same workbook from memory, as the upload page hands it over', async () => {
    const fromDisk = await loaded(quirk('workbook.xlsx'));
    const bytes = readFileSync(fixturePath('quirks/workbook.xlsx'));
    const fromMemory = await loaded({ name: 'workbook.xlsx', bytes });
    expect(fromMemory.rows).toEqual(fromDisk.rows);
    expect(fromMemory.report.files[1]!.sha256).toBe(fromDisk.report.files[1]!.sha256);
  });

  it('loading the same workbook again changes nothing', async () => {
    const db = await withDistricts();
    await load(db, [quirk('workbook.xlsx')], { source: 'test' });
    const before = await contents(db, 'window_daily');
    const again = await load(db, [quirk('workbook.xlsx')], { source: 'test' });
    expect(again.outcome).toBe('unchanged');
    expect(await contents(db, 'window_daily')).toEqual(before);
  });

  it('names a bad cell by sheet, Excel row and column, and loads nothing', async () => {
    const db = await withDistricts();
    const before = await tableCounts(db);
    const report = await load(db, [quirk('workbook-bad.xlsx')], { source: 'test' });
    expect(report.outcome).toBe('rejected');
    expect(report.errors).toEqual([
      {
        file: 'workbook-bad.xlsx#8月',
        line: 6,
        column: '发放号数',
        value: '-61',
        reason: { zh: '不能为负数', en: 'must not be negative' },
      },
    ]);
    expect(await tableCounts(db)).toEqual(before);
  });

  it.each([
    ['an old .xls', 'legacy.xls', 'old Excel 97-2003 (.xls)', '另存为 .xlsx 工作簿或“CSV UTF-8”'],
    [
      'a ZIP that is no workbook',
      'archive.zip',
      'ZIP archive but not an Excel workbook',
      '请解压后导入',
    ],
  ])('refuses %s with what to do, never an encoding error', async (_, name, en, zh) => {
    const db = await withDistricts();
    const report = await load(db, [quirk(name)], { source: 'test' });
    expect(report.outcome).toBe('rejected');
    expect(report.errors).toHaveLength(1);
    expect(report.errors[0]!.reason.en).toContain(en);
    expect(report.errors[0]!.reason.zh).toContain(zh);
    expect(report.errors[0]!.reason.en).not.toMatch(/decode|gb18030/);
  });
});
