import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import {
  afterAll,
  afterEach,
  beforeAll,
  beforeEach,
  describe,
  expect,
  it,
  onTestFinished,
} from 'vitest';
import type { Db } from '../../db/client';
import { complaintStatus } from '../../etl/contract/complaints';
import { contractFor, KINDS, type Kind } from '../../etl/contract';
import { generateDemoFiles, writeDemoFiles } from '../../etl/demo/generate';
import { PLANTED, TIMELY_SUPERVISION } from '../../etl/demo/planted';
import { collectFiles } from '../../etl/files';
import {
  DuplicateFileNameError,
  load,
  type LoadOptions,
  type LoadReport,
  type SourceFile,
} from '../../etl/load';
import { freshDb, tableCounts, tempDir } from '../helpers/db';
import {
  allContents,
  contents,
  dataRowCount,
  fixture,
  fixtureName,
  fixturePath,
  fixtureText,
  fromBytes,
  fromText,
  withoutBatch,
} from './etl-support';

const asTest: LoadOptions = { source: 'test', loadedBy: 'etl-load.test' };
const loadFiles = (db: Db, files: SourceFile[], options: LoadOptions = {}) =>
  load(db, files, { ...asTest, ...options });

/** Loads and insists the batch went in: a failing load shows its errors, not just "rejected". */
async function loadOk(db: Db, files: SourceFile[], options: LoadOptions = {}) {
  const report = await loadFiles(db, files, options);
  expect(report.errors).toEqual([]);
  expect(report.outcome).toBe('committed');
  return report;
}

const DISTRICTS = 'districts-en.csv';
const BAD = 'window-daily-bad.csv';

/** Every kind but the registry refers to districts, so the registry goes in first. */
async function dbWithDistricts(): Promise<Db> {
  const db = await freshDb();
  await loadOk(db, [fixture(DISTRICTS)]);
  return db;
}

/** A database closed when the test ends; with the district registry loaded unless asked not to. */
async function testDb({ districts = true } = {}): Promise<Db> {
  const db = districts ? await dbWithDistricts() : await freshDb();
  onTestFinished(() => db.close());
  return db;
}

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

describe('each kind loads from English and from Chinese headers', () => {
  async function loadFixture(kind: Kind, language: 'en' | 'zh') {
    const db = kind === 'districts' ? await freshDb() : await dbWithDistricts();
    try {
      const name = fixtureName(kind, language);
      const report = await loadOk(db, [fixture(name)]);
      return { report, rows: withoutBatch(await contents(db, contractFor(kind).table)), name };
    } finally {
      db.close();
    }
  }

  it.each(KINDS)(
    '%s: the Chinese-header file loads the same rows as the English one',
    async (kind) => {
      const en = await loadFixture(kind, 'en');
      const zh = await loadFixture(kind, 'zh');
      for (const { report, name } of [en, zh]) {
        expect(report.files[0]).toMatchObject({
          kind,
          rowsRead: dataRowCount(name),
          inserted: dataRowCount(name),
          updated: 0,
          unchanged: 0,
          warnings: [],
        });
      }
      expect(en.rows.length).toBe(dataRowCount(fixtureName(kind, 'en')));
      expect(zh.rows).toEqual(en.rows);
    },
  );

  it('stores the English code for a Chinese label and ISO dates for Chinese dates', async () => {
    const db = await testDb();
    await loadOk(db, [fixture('complaints-zh.csv')]);
    const [row] = await db.all({
      sql: `SELECT channel, category, status, strftime(received_at, '%Y-%m-%d %H:%M:%S') AS received,
                   satisfied FROM complaints WHERE ticket_id = $1`,
      params: ['12345-20200817-0001'],
    });
    expect(row).toEqual({
      channel: 'hotline',
      category: 'appointment',
      status: 'responded',
      received: '2020-08-17 09:30:00',
      satisfied: false,
    });
  });

  it('fills blank optional cells with their defaults', async () => {
    const db = await testDb();
    await loadOk(db, [fixture('window-daily-en.csv')]);
    const rows = await db.all({
      sql: `SELECT center_code, cases_out_of_queue, avg_wait_minutes, ratings_good
            FROM window_daily WHERE date = '2020-08-18' AND center_code IN ('230103-SB', '230100-YB')
            ORDER BY center_code`,
    });
    expect(rows).toEqual([
      {
        center_code: '230100-YB',
        cases_out_of_queue: 0,
        avg_wait_minutes: null,
        ratings_good: null,
      },
      {
        center_code: '230103-SB',
        cases_out_of_queue: 0,
        avg_wait_minutes: 14.5,
        ratings_good: 70,
      },
    ]);
  });

  it('stores blank district and department of a target as "all" and a blank start as always', async () => {
    const db = await testDb();
    await loadOk(db, [fixture('targets-zh.csv')]);
    const [row] = await db.all({
      sql: `SELECT district_code, department, strftime(effective_from, '%Y-%m-%d') AS effective_from
            FROM targets WHERE metric = 'avg_wait_minutes'`,
    });
    expect(row).toEqual({ district_code: '', department: '', effective_from: '1900-01-01' });
  });

  it('warns about columns it does not know, and loads the rest', async () => {
    const db = await testDb();
    const text = fixtureText('online-availability-en.csv')
      .split('\n')
      .map((line, i) => (line === '' ? line : `${line},${i === 0 ? '填报人' : '张三'}`))
      .join('\n');
    const report = await loadOk(db, [fromText('online.csv', text)]);
    expect(report.files[0]!.inserted).toBe(dataRowCount('online-availability-en.csv'));
    expect(report.files[0]!.warnings).toEqual([
      { zh: expect.stringContaining('填报人'), en: expect.stringContaining('填报人') },
    ]);
  });

  it('reads every file as the kind given with --kind', async () => {
    const db = await testDb();
    const report = await loadFiles(db, [fixture('supervision-en.csv')], {
      kind: 'window_daily',
    });
    expect(report.outcome).toBe('rejected');
    expect(report.files[0]!.kind).toBe('window_daily');
    expect(report.errors.map((e) => [e.line, e.column])).toContainEqual([1, 'visitors/到场人数']);
  });

  it('rejects a file whose header matches no kind, naming the closest kind', async () => {
    const db = await testDb();
    const report = await loadFiles(db, [
      fromText('tickets.csv', 'ticket_id,received_at,remarks\nT-1,2020-08-18 09:00,late\n'),
    ]);
    expect(report.outcome).toBe('rejected');
    expect(report.errors).toEqual([
      expect.objectContaining({
        file: 'tickets.csv',
        line: 1,
        reason: {
          zh: expect.stringContaining('投诉工单'),
          en: expect.stringContaining('closest kind is complaints'),
        },
      }),
    ]);
  });
});

describe('encodings and delimiters', () => {
  // Chinese headers and values, so the encoding matters.
  const name = 'window-daily-zh.csv';
  const text = fixtureText(name);
  let db: Db;
  let plain: Record<string, unknown>[];

  beforeAll(async () => {
    const reference = await dbWithDistricts();
    await loadOk(reference, [fixture(name)]);
    plain = withoutBatch(await contents(reference, 'window_daily'));
    reference.close();
    expect(plain.length).toBe(dataRowCount(name));
  });
  beforeEach(async () => {
    db = await dbWithDistricts();
  });
  afterEach(() => db.close());

  async function loadsLikePlainUtf8(file: SourceFile) {
    const report = await loadOk(db, [file]);
    expect(report.files[0]!.inserted).toBe(plain.length);
    expect(withoutBatch(await contents(db, 'window_daily'))).toEqual(plain);
    return report.files[0]!;
  }

  it('reads a GB18030 file (as Excel on a Chinese Windows saves it) like UTF-8', async () => {
    const bytes = iconv.encode(text, 'gb18030');
    expect(bytes.equals(Buffer.from(text, 'utf8'))).toBe(false);
    const file = await loadsLikePlainUtf8(fromBytes('gbk.csv', bytes));
    expect(file.encoding).toBe('gb18030');
  });

  it('reads a UTF-8 file with a byte order mark like one without', async () => {
    const bytes = Buffer.concat([UTF8_BOM, Buffer.from(text, 'utf8')]);
    const file = await loadsLikePlainUtf8(fromBytes('bom.csv', bytes));
    expect(file.encoding).toBe('utf-8-bom');
  });

  it('detects tabs from the content even when the file is called .csv', async () => {
    const tabbed = text.replaceAll(',', '\t');
    const file = await loadsLikePlainUtf8(fromText('really-tabs.csv', tabbed));
    expect(file.delimiter).toBe('tab');
  });

  it('reads a tab-delimited GB18030 .txt file', async () => {
    const bytes = iconv.encode(text.replaceAll(',', '\t'), 'gb18030');
    const file = await loadsLikePlainUtf8(fromBytes('export.txt', bytes));
    expect(file).toMatchObject({ encoding: 'gb18030', delimiter: 'tab' });
  });

  it('reads Windows line endings (CRLF) like Unix ones', async () => {
    await loadsLikePlainUtf8(fromText('crlf.csv', text.replaceAll('\n', '\r\n')));
  });

  it('reads a large GB18030 file from disk whose first Chinese character comes late', async () => {
    // A big export whose early rows are all ASCII (English header, codes for departments): the
    // first block read looks like UTF-8, and only a later row shows the file is GB18030.
    const header =
      'date,district_code,center_code,department,windows_open,ticket_capacity,tickets_issued,visitors,cases_accepted,cases_completed';
    const lines = [header];
    const asciiRows = 50_000;
    for (let i = 0; i < asciiRows; i++) {
      const day = `2020-08-${String((i % 28) + 1).padStart(2, '0')}`;
      lines.push(`${day},230102,C${String(i).padStart(5, '0')},YB,6,120,100,90,88,86`);
    }
    lines.push('2020-08-18,230102,230102-YB,医保,6,120,100,90,88,86');
    const bytes = iconv.encode(`${lines.join('\n')}\n`, 'gb18030');
    expect(bytes.findIndex((b) => b >= 0x80)).toBeGreaterThan(2 * 1024 * 1024);
    const { dir, cleanup } = tempDir('gb18030-');
    try {
      const path = join(dir, 'late-chinese.csv');
      writeFileSync(path, bytes);
      const report = await loadFiles(db, [{ name: 'late-chinese.csv', path }]);
      expect(report.errors).toEqual([]);
      expect(report.files[0]).toMatchObject({ encoding: 'gb18030', inserted: asciiRows + 1 });
      const [row] = await db.all({
        sql: `SELECT department FROM window_daily WHERE center_code = '230102-YB'`,
      });
      expect(row).toEqual({ department: '医保' });
    } finally {
      cleanup();
    }
  });
});

describe('a file with errors', () => {
  /**
   * window-daily-bad.csv has no visitors column (line 1), a negative count (line 3), an
   * impossible date (line 5) and an unknown district (line 6); lines 2 and 4 are good.
   */
  const expected = [
    { line: 1, column: 'visitors/到场人数', value: '', zh: '到场人数', en: 'visitors' },
    {
      line: 3,
      column: 'tickets_issued',
      value: '-5',
      zh: '不能为负数',
      en: 'must not be negative',
    },
    { line: 5, column: 'date', value: '2020-13-04', zh: '不是有效日期', en: 'not a valid date' },
    {
      line: 6,
      column: 'district_code',
      value: '999999',
      zh: '不在区县名录中',
      en: 'not in the district registry',
    },
  ];
  let db: Db;
  let report: LoadReport;
  let countsBefore: Record<string, number>;
  let contentsBefore: Awaited<ReturnType<typeof allContents>>;

  beforeAll(async () => {
    db = await dbWithDistricts();
    await loadOk(db, [fixture('window-daily-en.csv'), fixture('complaints-en.csv')]);
    countsBefore = await tableCounts(db);
    contentsBefore = await allContents(db);
    report = await loadFiles(db, [fixture(BAD)]);
  });
  afterAll(() => db?.close());

  it('is rejected', () => {
    expect(report.outcome).toBe('rejected');
    expect(report.files[0]).toMatchObject({ kind: 'window_daily', inserted: 0, updated: 0 });
  });

  it('reports every error at its line, naming file, column, value and reason in both languages', () => {
    expect(report.errorCount).toBe(expected.length);
    expect(report.errors).toEqual(
      expected.map((e) => ({
        file: BAD,
        line: e.line,
        column: e.column,
        value: e.value,
        reason: { zh: expect.stringContaining(e.zh), en: expect.stringContaining(e.en) },
      })),
    );
    expect(report.files[0]!.errorCount).toBe(expected.length);
  });

  it('leaves the database unchanged: row counts and contents', async () => {
    expect(countsBefore.window_daily).toBeGreaterThan(0);
    expect(await tableCounts(db)).toEqual(countsBefore);
    expect(await allContents(db)).toEqual(contentsBefore);
  });

  it('names columns as the file names them, when the file has Chinese headers', async () => {
    const text = fixtureText('window-daily-zh.csv')
      .replace(
        '2020/8/17,230103,230103-YB,南岗区医保服务中心,医保,10,11,200,190',
        '2020/8/17,230103,230103-YB,南岗区医保服务中心,医保,10,11,200,-190',
      )
      .replace('2020-08-18,230100,230100-YB', '2020-08-18,230199,230100-YB');
    const zh = await loadFiles(db, [fromText('中文表头.csv', text)]);
    expect(zh.errors.map((e) => [e.line, e.column, e.value])).toEqual([
      [3, '发放号数', '-190'],
      [6, '区划代码', '230199'],
    ]);
  });

  it('still counts every error when the list is capped', async () => {
    const capped = await loadFiles(db, [fixture(BAD)], { maxErrors: 2 });
    expect(capped.errors.map((e) => e.line)).toEqual([1, 3]);
    expect(capped.errorCount).toBe(expected.length);
  });
});

describe('loading the same data again', () => {
  let db: Db;
  beforeEach(async () => {
    db = await dbWithDistricts();
  });
  afterEach(() => db.close());

  it('changes nothing and says it was loaded before', async () => {
    const name = 'window-daily-en.csv';
    const first = await loadOk(db, [fixture(name)]);
    const after = await allContents(db);
    const second = await loadFiles(db, [fixture(name)]);
    expect(second.outcome).toBe('unchanged');
    expect(second.errors).toEqual([]);
    expect(second.files[0]).toMatchObject({
      inserted: 0,
      updated: 0,
      unchanged: dataRowCount(name),
    });
    expect(second.files[0]!.loadedBefore).toEqual([
      { batchId: first.batchId, fileName: name, finishedAt: expect.any(String) },
    ]);
    expect(first.files[0]!.loadedBefore).toEqual([]);
    expect(await allContents(db)).toEqual(after);
  });

  it('changes nothing when the same rows come with Chinese headers', async () => {
    await loadOk(db, [fixture('delegations-en.csv')]);
    const again = await loadFiles(db, [fixture('delegations-zh.csv')]);
    expect(again.outcome).toBe('unchanged');
    expect(again.files[0]).toMatchObject({
      inserted: 0,
      updated: 0,
      unchanged: dataRowCount('delegations-zh.csv'),
      loadedBefore: [],
    });
  });

  it('updates exactly the complaint whose status changed from 已答复 to 已解决', async () => {
    const name = 'complaints-zh.csv';
    await loadOk(db, [fixture(name)]);
    const before = await contents(db, 'complaints');
    const ticket = '12345-20200817-0001';
    const line = fixtureText(name)
      .split('\n')
      .find((l) => l.startsWith(ticket));
    expect(line).toContain('已答复');
    const changed = fixtureText(name).replace(line!, line!.replace('已答复', '已解决'));

    const report = await loadOk(db, [fromText('complaints-later.csv', changed)]);
    expect(report.files[0]).toMatchObject({
      inserted: 0,
      updated: 1,
      unchanged: dataRowCount(name) - 1,
    });
    const after = await contents(db, 'complaints');
    expect(after.find((r) => r.ticket_id === ticket)?.status).toBe('resolved');
    const others = (rows: Record<string, unknown>[]) => rows.filter((r) => r.ticket_id !== ticket);
    expect(others(after)).toEqual(others(before));
    expect(before.find((r) => r.ticket_id === ticket)?.status).toBe('responded');
  });
});

describe('a batch is atomic', () => {
  it('loads none of its files when one file is bad', async () => {
    const db = await testDb({ districts: false });
    const report = await loadFiles(db, [
      fixture(DISTRICTS),
      fixture('complaints-en.csv'),
      fixture(BAD),
    ]);
    expect(report.outcome).toBe('rejected');
    expect(Object.values(await tableCounts(db)).every((n) => n === 0)).toBe(true);
    expect(report.files.map((f) => [f.file, f.errorCount, f.inserted])).toEqual([
      [DISTRICTS, 0, 0],
      ['complaints-en.csv', 0, 0],
      [BAD, 4, 0],
    ]);
    expect(new Set(report.errors.map((e) => e.file))).toEqual(new Set([BAD]));
  });
});

describe('file names in a batch', () => {
  it('refuses two files of the same name, which errors and the audit could not tell apart', async () => {
    const db = await testDb();
    const a = fromText('export.csv', fixtureText('targets-en.csv'));
    const b = fromText('export.csv', fixtureText('supervision-en.csv'));
    await expect(loadFiles(db, [a, b])).rejects.toThrow(DuplicateFileNameError);
    expect(await tableCounts(db)).toMatchObject({ targets: 0, supervision: 0 });
  });
});

describe('district codes refer to the registry', () => {
  const newDistrict = fromText(
    'districts-new.csv',
    'district_code,district_name,level,parent_code\n230104,道外区,district,230100\n',
  );
  const refersToIt = fromText(
    'window-230104.csv',
    `${fixtureText('window-daily-en.csv').split('\n')[0]}\n` +
      '2020-08-18,230104,230104-YB,道外区医保服务中心,医保,8,9,160,150,140,139,138,0,15,60,1\n',
  );

  it('accepts a new district code when the registry comes in the same batch, in any order', async () => {
    const db = await testDb();
    await loadOk(db, [refersToIt, newDistrict]);
    const rows = await db.all({
      sql: `SELECT district_code FROM window_daily WHERE center_code = '230104-YB'`,
    });
    expect(rows).toEqual([{ district_code: '230104' }]);
  });

  it('rejects the reference without the registry', async () => {
    const db = await testDb();
    const report = await loadFiles(db, [refersToIt]);
    expect(report.outcome).toBe('rejected');
    expect(report.errors).toEqual([
      {
        file: 'window-230104.csv',
        line: 2,
        column: 'district_code',
        value: '230104',
        reason: {
          zh: expect.stringContaining('区县名录'),
          en: expect.stringContaining('district registry'),
        },
      },
    ]);
  });
});

describe('line numbers', () => {
  const header = fixtureText('window-daily-en.csv').split('\n')[0]!;
  const row = (date: string, visitors: string, name = '道里区医保服务中心') =>
    `${date},230102,230102-YB,${name},医保,6,7,120,60,${visitors},68,65,8,95.5,30,8`;

  it('reports a duplicate record at its later line, naming the earlier line', async () => {
    const db = await testDb();
    const text = [
      header,
      row('2020-08-17', '200'),
      row('2020-08-18', '200'),
      row('2020-08-17', '210'),
      '',
    ].join('\n');
    const report = await loadFiles(db, [fromText('twice.csv', text)]);
    expect(report.outcome).toBe('rejected');
    expect(report.errors).toEqual([
      {
        file: 'twice.csv',
        line: 4,
        column: expect.stringContaining('center_code'),
        value: expect.stringContaining('230102-YB'),
        reason: {
          zh: expect.stringContaining('第 2 行'),
          en: expect.stringContaining('line 2'),
        },
      },
    ]);
  });

  it('names the earlier file when a record repeats across the files of a batch', async () => {
    const db = await testDb();
    const a = fromText('monday.csv', `${header}\n${row('2020-08-17', '200')}\n`);
    const b = fromText(
      'again.csv',
      `${header}\n${row('2020-08-18', '200')}\n${row('2020-08-17', '200')}\n`,
    );
    const report = await loadFiles(db, [a, b]);
    expect(report.errors).toEqual([
      expect.objectContaining({
        file: 'again.csv',
        line: 3,
        reason: {
          zh: expect.stringContaining('monday.csv 第 2 行'),
          en: expect.stringContaining('monday.csv line 2'),
        },
      }),
    ]);
  });

  it('counts physical lines: a quoted cell with a line break moves later rows down', async () => {
    const db = await testDb();
    const text = [
      header,
      row('2020-08-17', '200', '"道里区\n医保服务中心\n（一楼大厅）"'), // lines 2–4
      row('2020-08-18', '200'), // line 5
      '', // line 6, blank
      row('2020-08-19', '-1'), // line 7
      '',
    ].join('\n');
    const report = await loadFiles(db, [fromText('multiline.csv', text)]);
    expect(report.errors.map((e) => [e.line, e.column, e.value])).toEqual([[7, 'visitors', '-1']]);
  });
});

describe('a dry run', () => {
  it('validates and counts, writes no data, and records that it ran', async () => {
    const db = await testDb({ districts: false });
    const files = [fixture(DISTRICTS), fixture('window-daily-en.csv')];
    const report = await loadFiles(db, files, { dryRun: true });
    expect(report).toMatchObject({ outcome: 'dry_run', dryRun: true, errorCount: 0 });
    expect(report.files.map((f) => f.inserted)).toEqual([
      dataRowCount(DISTRICTS),
      dataRowCount('window-daily-en.csv'),
    ]);
    expect(Object.values(await tableCounts(db)).every((n) => n === 0)).toBe(true);
    const batches = await db.all({ sql: 'SELECT batch_id, dry_run, outcome FROM load_batches' });
    expect(batches).toEqual([{ batch_id: report.batchId, dry_run: true, outcome: 'dry_run' }]);
    const [{ n } = { n: 0 }] = await db.all<{ n: number }>({
      sql: 'SELECT count(*)::INTEGER AS n FROM load_files WHERE batch_id = $1',
      params: [report.batchId],
    });
    expect(n).toBe(2);
  });

  it('reports the errors of a bad file like a real load', async () => {
    const db = await testDb();
    const report = await loadFiles(db, [fixture(BAD)], { dryRun: true });
    expect(report.outcome).toBe('rejected');
    expect(report.errors.map((e) => e.line)).toEqual([1, 3, 5, 6]);
  });

  it('does not count as an earlier load of the file', async () => {
    const db = await testDb();
    await loadFiles(db, [fixture('targets-en.csv')], { dryRun: true });
    const real = await loadOk(db, [fixture('targets-en.csv')]);
    expect(real.files[0]!.loadedBefore).toEqual([]);
  });
});

describe('the audit record', () => {
  const sha256 = (name: string) =>
    createHash('sha256')
      .update(readFileSync(fixturePath(name)))
      .digest('hex');

  interface BatchRow {
    batch_id: string;
    source: string;
    loaded_by: string;
    dry_run: boolean;
    outcome: string;
    file_count: number;
    error_count: number;
    in_order: boolean;
  }
  const batchRow = async (db: Db, batchId: string) =>
    (
      await db.all<BatchRow>({
        sql: `SELECT batch_id, source, loaded_by, dry_run, outcome, file_count, error_count,
                     started_at <= finished_at AS in_order
              FROM load_batches WHERE batch_id = $1`,
        params: [batchId],
      })
    )[0];
  const fileRows = (db: Db, batchId: string) =>
    db.all({
      sql: `SELECT file_name, sha256, kind, encoding, delimiter, bytes::INTEGER AS bytes, rows_read,
                   rows_inserted, rows_updated, rows_unchanged, error_count, outcome
            FROM load_files WHERE batch_id = $1 ORDER BY file_name`,
      params: [batchId],
    });

  it('records a committed batch: who, when, each file’s hash, kind and counts', async () => {
    const db = await testDb({ districts: false });
    const names = [DISTRICTS, 'window-daily-en.csv'];
    const report = await loadOk(db, names.map(fixture), { loadedBy: '市数据局 张三' });
    expect(await batchRow(db, report.batchId)).toEqual({
      batch_id: report.batchId,
      source: 'test',
      loaded_by: '市数据局 张三',
      dry_run: false,
      outcome: 'committed',
      file_count: 2,
      error_count: 0,
      in_order: true,
    });
    expect(await fileRows(db, report.batchId)).toEqual(
      names.map((name) => ({
        file_name: name,
        sha256: sha256(name),
        kind: name === DISTRICTS ? 'districts' : 'window_daily',
        encoding: 'utf-8',
        delimiter: 'comma',
        bytes: readFileSync(fixturePath(name)).length,
        rows_read: dataRowCount(name),
        rows_inserted: dataRowCount(name),
        rows_updated: 0,
        rows_unchanged: 0,
        error_count: 0,
        outcome: 'committed',
      })),
    );
  });

  it('records a rejected batch with its error count and nothing inserted', async () => {
    const db = await testDb();
    const report = await loadFiles(db, [fixture(BAD)], { loadedBy: 'nightly' });
    expect(await batchRow(db, report.batchId)).toMatchObject({
      loaded_by: 'nightly',
      outcome: 'rejected',
      file_count: 1,
      error_count: 4,
      dry_run: false,
    });
    expect(await fileRows(db, report.batchId)).toEqual([
      expect.objectContaining({
        file_name: BAD,
        sha256: sha256(BAD),
        kind: 'window_daily',
        rows_read: dataRowCount(BAD),
        rows_inserted: 0,
        error_count: 4,
        outcome: 'rejected',
      }),
    ]);
  });

  it('records an unchanged reload as unchanged', async () => {
    const db = await testDb();
    const again = await loadFiles(db, [fixture(DISTRICTS)]);
    expect(await batchRow(db, again.batchId)).toMatchObject({ outcome: 'unchanged' });
    expect(await fileRows(db, again.batchId)).toEqual([
      expect.objectContaining({
        rows_inserted: 0,
        rows_unchanged: dataRowCount(DISTRICTS),
        outcome: 'unchanged',
      }),
    ]);
  });

  it('records the OS user when no one is named', async () => {
    const db = await testDb({ districts: false });
    const report = await load(db, [fixture(DISTRICTS)]);
    const row = await batchRow(db, report.batchId);
    expect(row?.loaded_by).toBe((await import('node:os')).userInfo().username);
    expect(row?.source).toBe('cli');
  });
});

describe('the demo data, loaded through the ETL', () => {
  const throttling = PLANTED.throttling;
  let db: Db;
  let report: LoadReport;
  let cleanup: () => void;

  beforeAll(async () => {
    const temp = tempDir('demo-');
    cleanup = temp.cleanup;
    await writeDemoFiles(temp.dir);
    db = await freshDb();
    report = await loadFiles(db, collectFiles([temp.dir]));
  });
  afterAll(() => {
    db?.close();
    cleanup?.();
  });

  const rows = <T>(sql: string, params: (string | number)[] = []) => db.all<T>({ sql, params });
  const dateRange = `date BETWEEN $3::DATE AND $4::DATE`;

  it('loads every demo file as the kind it was written as', () => {
    expect(report.errors).toEqual([]);
    expect(report.outcome).toBe('committed');
    const written = generateDemoFiles();
    expect(report.files.map((f) => [f.file, f.kind]).sort()).toEqual(
      written.map((f) => [f.name, f.kind]).sort(),
    );
    for (const file of report.files) {
      const bytes = written.find((w) => w.name === file.file)!.bytes;
      const dataRows = bytes.filter((b) => b === 0x0a).length - 1;
      expect(file.inserted, file.file).toBe(dataRows);
    }
    const shape = (name: string) => report.files.find((f) => f.file === name);
    expect(shape('online_availability.csv')?.encoding).toBe('gb18030');
    expect(shape('complaints.tsv')).toMatchObject({ encoding: 'utf-8-bom', delimiter: 'tab' });
  });

  it('shows the throttling district issuing about half its capacity while more people come', async () => {
    const days = await rows<{
      ticket_capacity: number;
      tickets_issued: number;
      visitors: number;
      cases_out_of_queue: number;
    }>(
      `SELECT ticket_capacity, tickets_issued, visitors, cases_out_of_queue FROM window_daily
       WHERE district_code = $1 AND department = $2 AND ${dateRange}`,
      [throttling.district, throttling.department, throttling.from, throttling.to],
    );
    expect(days.length).toBe(throttling.workingDays);
    const issued = days.reduce((sum, d) => sum + d.tickets_issued, 0);
    const capacity = days.reduce((sum, d) => sum + d.ticket_capacity, 0);
    expect(issued / capacity).toBeCloseTo(0.5, 1);
    for (const day of days) {
      expect(day.ticket_capacity).toBe(throttling.capacity);
      expect(day.tickets_issued).toBeGreaterThanOrEqual(throttling.issuedRange[0]);
      expect(day.tickets_issued).toBeLessThanOrEqual(throttling.issuedRange[1]);
      expect(day.visitors).toBeGreaterThan(day.tickets_issued);
    }
  });

  it('shows cases handled out of queue in the throttling district in those weeks only', async () => {
    const byPeriod = await rows<{ throttled: boolean; days: number; out_of_queue: number }>(
      `SELECT ${dateRange} AS throttled, count(*)::INTEGER AS days,
              count(*) FILTER (WHERE cases_out_of_queue > 0)::INTEGER AS out_of_queue
       FROM window_daily WHERE district_code = $1 AND department = $2
       GROUP BY ALL ORDER BY throttled`,
      [throttling.district, throttling.department, throttling.from, throttling.to],
    );
    expect(byPeriod).toEqual([
      { throttled: false, days: expect.any(Number), out_of_queue: 0 },
      { throttled: true, days: throttling.workingDays, out_of_queue: throttling.workingDays },
    ]);
  });

  it('shows the online stall stuck below the 96.7% target, then improving', async () => {
    const stall = PLANTED.online;
    const [target] = await rows<{ target: number }>(
      `SELECT target FROM targets WHERE metric = 'online_rate' AND district_code = ''
       AND department = ''`,
    );
    const snapshots = await rows<{ as_of: string; items_online: number; applicable: number }>(
      `SELECT strftime(as_of, '%Y-%m-%d') AS as_of, items_online, items_total - items_exempt AS applicable
       FROM online_availability WHERE district_code = $1 AND department = $2 ORDER BY as_of`,
      [stall.district, stall.department],
    );
    const stuck = snapshots.filter((s) => s.as_of <= stall.stuckUntil);
    const reached = snapshots.filter((s) => s.as_of >= stall.reachedBy);
    expect(stuck.length).toBeGreaterThan(4);
    expect(reached.length).toBeGreaterThan(0);
    for (const s of stuck) {
      expect(s.items_online).toBe(stall.stuckAt);
      expect(s.items_online / s.applicable).toBeLessThan(target!.target);
    }
    for (const s of reached) expect(s.items_online).toBe(stall.reaches);
    const series = snapshots.map((s) => s.items_online);
    expect(series).toEqual([...series].sort((a, b) => a - b));
  });

  it('shows the complaint surge answered but not resolved', async () => {
    const surge = PLANTED.surge;
    const weeks = await rows<{ status: string; n: number }>(
      `SELECT status, count(*)::INTEGER AS n FROM complaints
       WHERE district_code = $1 AND department = $2
         AND received_at >= $3::DATE AND received_at < $4::DATE + INTERVAL 1 DAY
       GROUP BY date_trunc('week', received_at), status ORDER BY date_trunc('week', received_at)`,
      [surge.district, surge.department, surge.from, surge.to],
    );
    const responded = complaintStatus.parse(surge.status);
    expect(responded).toBe('responded');
    expect(weeks).toEqual(surge.perWeek.map((n) => ({ status: responded, n })));
    expect(weeks.reduce((sum, w) => sum + w.n, 0)).toBe(surge.total);
  });

  it.each(PLANTED.supervisionGap)(
    'shows no supervision in $district for $department before $firstActionDate',
    async (gap) => {
      const [first] = await rows<{ date: string; action_type: string }>(
        `SELECT strftime(date, '%Y-%m-%d') AS date, action_type FROM supervision
         WHERE district_code = $1 AND department = $2 ORDER BY date, action_type LIMIT 1`,
        [gap.district, gap.department],
      );
      expect(first).toEqual({ date: gap.firstActionDate, action_type: gap.actionType });
      const [delegated] = await rows<{ n: number }>(
        `SELECT count(*)::INTEGER AS n FROM delegations WHERE district_code = $1 AND batch = $2`,
        [gap.district, gap.batch],
      );
      expect(delegated!.n).toBeGreaterThan(0);
    },
  );

  it('shows the missing-reports district silent in the planted weeks while the others report', async () => {
    const missing = PLANTED.missingReports;
    const reporting = await rows<{ district_code: string; days: number }>(
      `SELECT district_code, count(DISTINCT date)::INTEGER AS days FROM window_daily
       WHERE date BETWEEN $1::DATE AND $2::DATE
       GROUP BY district_code ORDER BY district_code`,
      [missing.from, missing.to],
    );
    const all = await rows<{ district_code: string }>(
      'SELECT DISTINCT district_code FROM window_daily ORDER BY district_code',
    );
    expect(all.map((d) => d.district_code)).toContain(missing.district);
    expect(reporting.map((d) => d.district_code)).toEqual(
      all.map((d) => d.district_code).filter((code) => code !== missing.district),
    );
    for (const d of reporting) expect(d.days).toBe(missing.workingDays);
  });

  it.each(PLANTED.wellRun)(
    'shows well-run district %s with none of those patterns',
    async (code) => {
      const planted = [
        throttling.district,
        PLANTED.surge.district,
        PLANTED.missingReports.district,
        ...PLANTED.onlineStalls.map((s) => s.district),
        ...PLANTED.supervisionGap.map((g) => g.district),
      ];
      expect(planted).not.toContain(code);

      const [window] = await rows<{ days: number; all_days: number; short: number; oq: number }>(
        `SELECT count(*)::INTEGER AS days,
              (SELECT count(DISTINCT date) * count(DISTINCT department) FROM window_daily)::INTEGER AS all_days,
              count(*) FILTER (WHERE visitors > tickets_issued)::INTEGER AS short,
              count(*) FILTER (WHERE cases_out_of_queue > 0)::INTEGER AS oq
       FROM window_daily WHERE district_code = $1`,
        [code],
      );
      expect(window).toEqual({
        days: window!.all_days,
        all_days: expect.any(Number),
        short: 0,
        oq: 0,
      });

      const [complaints] = await rows<{ total: number; responded: number }>(
        `SELECT count(*)::INTEGER AS total,
              count(*) FILTER (WHERE status = 'responded')::INTEGER AS responded
       FROM complaints WHERE district_code = $1`,
        [code],
      );
      expect(complaints!.responded).toBe(0);

      // The city-wide online_rate target, or the department's where one is set.
      const targets = await rows<{ department: string; target: number }>(
        `SELECT department, target FROM targets WHERE metric = 'online_rate' AND district_code = ''`,
      );
      const targetFor = (department: string) =>
        (targets.find((t) => t.department === department) ??
          targets.find((t) => t.department === ''))!.target;
      const snapshots = await rows<{
        department: string;
        items_online: number;
        applicable: number;
      }>(
        `SELECT department, items_online, items_total - items_exempt AS applicable
       FROM online_availability WHERE district_code = $1`,
        [code],
      );
      expect(snapshots.length).toBeGreaterThan(0);
      const below = snapshots.filter(
        (s) => s.items_online / s.applicable < targetFor(s.department),
      );
      expect(below).toEqual([]);

      for (const batch of PLANTED.delegationBatches) {
        const [first] = await rows<{ days: number | null }>(
          `SELECT (min(date) - $3::DATE)::INTEGER AS days FROM supervision
         WHERE district_code = $1 AND department = $2`,
          [code, batch.department, batch.effective],
        );
        expect(first!.days).not.toBeNull();
        expect(first!.days!).toBeLessThanOrEqual(TIMELY_SUPERVISION.inspectionAfterDays[1]);
      }
    },
  );
});
