/**
 * The bulk road (DuckDB's CSV reader, for plain machine exports over 1 MiB) stores exactly what
 * the row-by-row road stores, names the same lines, and steps aside for anything it cannot
 * take as it is — the row-by-row road then reads the file and explains.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import type { Db } from '../../db/client';
import { CONTRACTS } from '../../etl/contract';
import { load, type SourceFile } from '../../etl/load';
import { freshDb, tempDir } from '../helpers/db';
import { contents, fixture } from './etl-support';

const temp = tempDir('etl-bulk-');
afterAll(temp.cleanup);

const HEADER =
  '日期,区划代码,服务中心编码,服务中心名称,业务条线,开放窗口数,在岗人数,日可办理量,发放号数,到场人数,受理件数,办结件数,未取号办理件数,平均等候时长（分钟）,好评数,差评数';
const CODES = ['230100', '230102', '230103', '230123', '230183'];

/** Enough plain rows for well over a megabyte: 5 districts × 4 centres × 2 lines × 700 days. */
function plainRows(): string[] {
  const rows: string[] = [];
  const start = Date.UTC(2018, 0, 1);
  for (let day = 0; day < 700; day++) {
    const date = new Date(start + day * 86_400_000).toISOString().slice(0, 10);
    for (const code of CODES) {
      for (let c = 0; c < 4; c++) {
        for (const dept of ['医保', '社保']) {
          const n = (day * 7 + c * 3 + code.charCodeAt(5)) % 90;
          // Blank optional cells and a wait with and without decimals, as exports have them.
          rows.push(
            `${date},${code},${code}-${c},${code}中心 ${c},${dept},${4 + (n % 5)},${n % 3 ? 8 : ''},` +
              `${100 + n},${90 + n},${95 + n},${88 + n},${85 + n},${n % 4 ? 0 : ''},` +
              `${n % 2 ? `${10 + n}.5` : 12},${n},${n % 7}`,
          );
        }
      }
    }
  }
  return rows;
}

const write = (name: string, lines: string[]): SourceFile => {
  const path = join(temp.dir, name);
  writeFileSync(path, `${lines.join('\r\n')}\r\n`);
  return { name, path };
};

async function dbWithDistricts(): Promise<Db> {
  const db = await freshDb();
  onTestFinished(() => db.close());
  await load(db, [fixture('districts-zh.csv')], { source: 'test' });
  return db;
}

/** The same rows in files under a megabyte: the row-by-row road. */
function splitFiles(prefix: string, rows: string[], title: string[] = []): SourceFile[] {
  const files: SourceFile[] = [];
  for (let i = 0; i < rows.length; i += 5000) {
    files.push(write(`${prefix}-${i}.csv`, [...title, HEADER, ...rows.slice(i, i + 5000)]));
  }
  return files;
}

const rows = plainRows();

describe('the bulk road', () => {
  it('stores exactly what the row-by-row road stores', async () => {
    const big = write('big.csv', [HEADER, ...rows]);
    const bulk = await dbWithDistricts();
    const report = await load(bulk, [big], { source: 'test' });
    expect(report.errors).toEqual([]);
    expect(report.files[0]).toMatchObject({
      bulk: true,
      rowsRead: rows.length,
      inserted: rows.length,
    });
    const byRow = await dbWithDistricts();
    const small = await load(byRow, splitFiles('small', rows), { source: 'test' });
    expect(small.outcome).toBe('committed');
    expect(small.files.some((f) => f.bulk)).toBe(false);
    for (const c of CONTRACTS) {
      expect(await contents(bulk, c.table), c.table).toEqual(await contents(byRow, c.table));
    }
  });

  it('names the line of a duplicate as the file has it, title lines above the header counted', async () => {
    const db = await dbWithDistricts();
    const title = ['哈尔滨市窗口日报表（2018—2019年）', '填报单位：市医保局'];
    const withDuplicate = [...rows.slice(0, 9000), rows[10]!, ...rows.slice(9000)];
    const report = await load(db, [write('dup.csv', [...title, HEADER, ...withDuplicate])], {
      source: 'test',
    });
    expect(report.outcome).toBe('rejected');
    expect(report.files[0]!.bulk).toBe(true);
    // rows[10] is on line 3 + 11 = 14; its copy on line 3 + 9001 = 9004.
    expect(report.errors).toEqual([
      expect.objectContaining({
        file: 'dup.csv',
        line: 9004,
        reason: expect.objectContaining({ en: 'duplicates line 14 (same record twice)' }),
      }),
    ]);
    expect(report.files[0]!.warnings[0]!.en).toContain('skipped line 1, 2 above the header');
  });

  it.each([
    [
      'a cell to refuse',
      (r: string[]) => r.map((x, i) => (i === 5000 ? x.replace(/,医保,\d+,/, ',医保,-4,') : x)),
      'must not be negative',
    ],
    [
      'a cell to normalise',
      (r: string[]) =>
        r.map((x, i) => (i === 5000 ? x.replace(/^(\d{4})-(\d{2})-(\d{2})/, '$1.$2.$3') : x)),
      null,
    ],
    ['a blank line', (r: string[]) => [...r.slice(0, 5000), '', ...r.slice(5000)], null],
    ['a totals row', (r: string[]) => [...r, '合计,,,,,1,2,3,4,5,6,7,,,,'], null],
  ] as const)(
    'steps aside for %s, and the row-by-row road takes the file',
    async (_, edit, error) => {
      const db = await dbWithDistricts();
      const edited = edit([...rows]);
      const report = await load(db, [write('odd.csv', [HEADER, ...edited])], { source: 'test' });
      expect(report.files[0]!.bulk).toBe(false);
      if (error) {
        expect(report.outcome).toBe('rejected');
        // Row 5001 of the data is line 5002.
        expect(report.errors).toEqual([expect.objectContaining({ line: 5002, value: '-4' })]);
        expect(report.errors[0]!.reason.en).toBe(error);
      } else {
        expect(report.errors).toEqual([]);
        expect(report.files[0]!.rowsRead).toBe(rows.length);
      }
    },
  );
});
