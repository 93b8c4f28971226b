/**
 * The upload page (/data/upload), through its loader and action as Remix calls them, on a real
 * DuckDB: only data officers get in, every post needs its CSRF token, a bad file shows its row
 * errors and loads nothing, a good file previews, commits and is audited, and what is not a CSV
 * file (or is too large, or is missing) is refused in both languages before the ETL sees it.
 */
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/client';
import { setProcessDb } from '../../db/handle';
import { listAudit } from '../../db/queries/audit';
import { setSessionSecret } from '../../app/auth/secret.server';
import { pendingUploads, UPLOAD_LIMITS, type UploadResult } from '../../app/upload/upload.server';
import { action, loader } from '../../app/routes/data_.upload';
import { collectFiles } from '../../etl/files';
import { load } from '../../etl/load';
import { sniffFile } from '../../etl/read';
import { signIn, SITE, type SignedIn } from '../helpers/auth';
import { freshDb, tableCounts } from '../helpers/db';

const HAN = /\p{Script=Han}/u;
const GOOD = readFileSync('tests/fixtures/window-daily-en.csv');
const BAD = readFileSync('tests/fixtures/window-daily-bad.csv');
/** The first bytes of an .xlsx: a ZIP archive's local file header. */
const XLSX = Buffer.concat([
  Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]),
  Buffer.from('[Content_Types].xml'),
  randomBytes(200),
]);
/** An Excel 97-2003 workbook's first bytes: the OLE compound-file signature. */
const XLS = Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), randomBytes(200)]);
const WORKBOOK = readFileSync('tests/fixtures/quirks/workbook.xlsx');

let db: Db;
let officer: SignedIn;
let leader: SignedIn;

beforeAll(async () => {
  db = await freshDb();
  const report = await load(db, collectFiles(['tests/fixtures/districts-en.csv']), {
    source: 'test',
    loadedBy: 'upload.test',
  });
  expect(report.outcome).toBe('committed');
  setProcessDb(db);
  setSessionSecret(randomBytes(32));
  officer = await signIn(db, 'loader', 'data_officer');
  leader = await signIn(db, 'leader', 'leader');
});
afterAll(() => {
  setProcessDb(undefined);
  setSessionSecret(undefined);
  db?.close();
});

interface Outcome {
  status: number;
  headers: Headers;
  data: unknown;
}

/** A loader's or action's answer: a Response (thrown or returned) or data() with its init. */
async function call(
  fn: (args: LoaderFunctionArgs & ActionFunctionArgs) => Promise<unknown>,
  request: Request,
): Promise<Outcome> {
  let result: unknown;
  try {
    result = await fn({ request, params: {}, context: {} });
  } catch (e) {
    if (!(e instanceof Response)) throw e;
    result = e;
  }
  if (result instanceof Response) {
    const text = await result.text();
    const json = result.headers.get('Content-Type')?.includes('json');
    return { status: result.status, headers: result.headers, data: json ? JSON.parse(text) : text };
  }
  // data(value, init) from @remix-run/node, or a plain object
  const wrapped = result as { type?: string; data: unknown; init: { status?: number } | null };
  return wrapped?.type === 'DataWithResponseInit'
    ? { status: wrapped.init?.status ?? 200, headers: new Headers(), data: wrapped.data }
    : { status: 200, headers: new Headers(), data: result };
}

/** The upload form as the browser posts it: the files under `files`, intent=preview. */
function filesForm(files: { name: string; bytes: Buffer }[]): FormData {
  const form = new FormData();
  for (const f of files)
    form.append('files', new File([new Uint8Array(f.bytes)], f.name, { type: 'text/csv' }));
  form.set('intent', 'preview');
  return form;
}

async function preview(who: SignedIn, files: { name: string; bytes: Buffer }[]) {
  const outcome = await call(action, who.post('/data/upload', filesForm(files)));
  return { ...outcome, result: outcome.data as UploadResult };
}

async function commit(who: SignedIn, uploadId: string) {
  const outcome = await call(
    action,
    who.post('/data/upload', { intent: 'commit', upload: uploadId }),
  );
  return { ...outcome, result: outcome.data as UploadResult };
}

/** Upload directories of this process still on disk. */
function uploadDirs(): string[] {
  return readdirSync(tmpdir()).filter((n) => n.startsWith(`oversight-upload-${process.pid}-`));
}

describe('who may open /data/upload', () => {
  it('nobody signed in is sent to the login page, which comes back here', async () => {
    for (const request of [
      new Request(`${SITE}/data/upload`),
      new Request(`${SITE}/data/upload`, {
        method: 'POST',
        headers: { Origin: SITE },
        body: filesForm([{ name: 'w.csv', bytes: GOOD }]),
      }),
    ]) {
      const fn = request.method === 'GET' ? loader : action;
      const outcome = await call(fn, request);
      expect(outcome.status).toBe(302);
      expect(outcome.headers.get('Location')).toBe('/login?next=%2Fdata%2Fupload');
    }
  });

  it('a leader may read the dashboard but not load data: 403 in both languages', async () => {
    const before = await tableCounts(db);
    const page = await call(loader, leader.request('/data/upload'));
    expect(page.status).toBe(403);
    expect(JSON.stringify(page.data)).toMatch(HAN);
    const post = await call(
      action,
      leader.post('/data/upload', filesForm([{ name: 'w.csv', bytes: GOOD }])),
    );
    expect(post.status).toBe(403);
    expect(await tableCounts(db)).toEqual(before);
  });

  it('a data officer gets the form with the session’s CSRF token and the limits', async () => {
    const page = await call(loader, officer.request('/data/upload'));
    expect(page.status).toBe(200);
    expect(page.data).toMatchObject({
      csrf: officer.csrf,
      limits: { fileMb: 50, requestMb: 200, pendingMinutes: UPLOAD_LIMITS.pendingMinutes },
    });
  });
});

describe('a bad file', () => {
  it('previews with its row errors (file, line, column, reason) and loads nothing', async () => {
    const before = await tableCounts(db);
    const { status, result } = await preview(officer, [
      { name: 'window-daily-bad.csv', bytes: BAD },
    ]);
    expect(status).toBe(200);
    if (result.kind !== 'preview') throw new Error(`expected a preview, got ${result.kind}`);
    expect(result.uploadId).toBeNull();
    expect(result.report.outcome).toBe('rejected');
    expect(result.report.files[0]).toMatchObject({
      file: 'window-daily-bad.csv',
      kind: 'window_daily',
      rowsRead: 5,
    });
    expect(result.report.errorCount).toBeGreaterThanOrEqual(2);
    expect(result.report.errors).toContainEqual(
      expect.objectContaining({
        file: 'window-daily-bad.csv',
        line: 3,
        column: 'tickets_issued',
        value: '-5',
        reason: { zh: expect.stringMatching(HAN), en: expect.any(String) },
      }),
    );
    expect(result.report.errors.some((e) => e.line === 5 && e.column === 'date')).toBe(true);
    expect(await tableCounts(db)).toEqual(before);
    // Nothing is kept for a batch that cannot be committed.
    expect(pendingUploads().size).toBe(0);
    expect(uploadDirs()).toEqual([]);
  });
});

describe('a good file', () => {
  it('previews its counts, commits on the preview’s id, and the load is audited', async () => {
    const before = await tableCounts(db);
    const name = '道里区 窗口日报 (8月).csv';
    const first = await preview(officer, [{ name, bytes: GOOD }]);
    expect(first.status).toBe(200);
    if (first.result.kind !== 'preview') throw new Error(`expected a preview`);
    const { report, uploadId } = first.result;
    expect(report.outcome).toBe('dry_run');
    expect(report.errorCount).toBe(0);
    expect(report.files).toEqual([
      expect.objectContaining({
        file: name,
        kind: 'window_daily',
        encoding: 'utf-8',
        delimiter: 'comma',
        rowsRead: 5,
        inserted: 5,
        updated: 0,
        unchanged: 0,
      }),
    ]);
    expect(uploadId).toMatch(/^[A-Za-z0-9_-]{24}$/);
    // A dry run writes nothing; the files wait on the server for the commit.
    expect(await tableCounts(db)).toEqual(before);
    expect(uploadDirs()).toHaveLength(1);

    // Another data officer's session cannot commit it.
    const other = await signIn(db, 'loader2', 'data_officer');
    expect((await commit(other, uploadId!)).status).toBe(410);

    const done = await commit(officer, uploadId!);
    expect(done.status).toBe(200);
    if (done.result.kind !== 'loaded') throw new Error(`expected a load, got ${done.result.kind}`);
    expect(done.result.report.outcome).toBe('committed');
    expect(done.result.report.files[0]).toMatchObject({ file: name, inserted: 5 });
    expect(await tableCounts(db)).toEqual({ ...before, window_daily: before.window_daily! + 5 });
    expect(uploadDirs()).toEqual([]);

    const { rows } = await listAudit(db, { action: 'load' }, { page: 1, pageSize: 10 });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      actor: 'loader',
      actorRole: 'data_officer',
      target: name,
      ip: '10.0.0.1',
      detail: {
        batchId: done.result.report.batchId,
        outcome: 'committed',
        files: [
          expect.objectContaining({
            name,
            sha256: done.result.report.files[0]!.sha256,
            inserted: 5,
          }),
        ],
      },
    });
    expect(done.result.report.files[0]!.sha256).toMatch(/^[0-9a-f]{64}$/);

    // The id is spent: posting it again loads nothing twice.
    const again = await commit(officer, uploadId!);
    expect(again.status).toBe(410);
    if (again.result.kind !== 'refused') throw new Error('expected a refusal');
    expect(again.result.message.zh).toMatch(/重新选择/);

    // The same file again: nothing would change, so there is nothing to commit.
    const repeat = await preview(officer, [{ name, bytes: GOOD }]);
    if (repeat.result.kind !== 'preview') throw new Error('expected a preview');
    expect(repeat.result.uploadId).toBeNull();
    expect(repeat.result.report.files[0]).toMatchObject({ inserted: 0, unchanged: 5 });
    expect(repeat.result.report.files[0]!.loadedBefore).not.toBeNull();
  });
});

describe('what is refused before the ETL sees it', () => {
  it.each([
    {
      case: 'an old .xls workbook',
      name: 'window_daily.xls',
      bytes: XLS,
      zh: '旧版 Excel 97-2003（.xls）文件，无法直接读取，请在 Excel 或 WPS 中另存为 .xlsx 工作簿',
      en: 'old Excel 97-2003 (.xls) file, which cannot be read; save it from Excel or WPS as an .xlsx workbook',
    },
    {
      case: 'XLS bytes named .csv',
      name: 'window_daily.csv',
      bytes: XLS,
      zh: '旧版 Excel 97-2003（.xls）',
      en: 'old Excel 97-2003 (.xls)',
    },
    {
      case: 'a file with NUL bytes',
      name: 'dump.csv',
      bytes: Buffer.from('a,b\n\0\0\0\n'),
      zh: '二进制数据',
      en: 'binary data',
    },
    {
      case: 'a Word document',
      name: 'report.docx',
      bytes: Buffer.from('x'),
      zh: '只接受 CSV、TSV、TXT 文本表格或 Excel 工作簿（.xlsx）',
      en: 'only CSV, TSV or TXT tables and Excel workbooks (.xlsx) are accepted',
    },
  ])('$case: 415, what to do instead, and nothing loaded', async ({ name, bytes, zh, en }) => {
    const before = await tableCounts(db);
    const { status, result } = await preview(officer, [
      { name: 'districts.csv', bytes: readFileSync('tests/fixtures/districts-en.csv') },
      { name, bytes },
    ]);
    expect(status).toBe(415);
    if (result.kind !== 'refused') throw new Error('expected a refusal');
    expect(result.files).toEqual([
      {
        file: name,
        problem: { zh: expect.stringContaining(zh), en: expect.stringContaining(en) },
      },
    ]);
    expect(await tableCounts(db)).toEqual(before);
    expect(uploadDirs()).toEqual([]);
  });

  it('a file over the size limit: 413 in both languages', async () => {
    const row = Buffer.from(
      '2020-08-17,230102,230102-YB,x,医保,6,7,120,60,200,68,65,8,95.5,30,8\n',
    );
    const big = Buffer.alloc(UPLOAD_LIMITS.fileBytes + row.length);
    for (let i = 0; i + row.length <= big.length; i += row.length) row.copy(big, i);
    const { status, result } = await preview(officer, [{ name: 'huge.csv', bytes: big }]);
    expect(status).toBe(413);
    if (result.kind !== 'refused') throw new Error('expected a refusal');
    expect(result.message.zh).toMatch(/huge\.csv 超过单个文件 50 MB/);
    expect(result.message.en).toMatch(/50 MB limit per file/);
    expect(uploadDirs()).toEqual([]);
  });

  it('a request declaring more than the limit is refused before it is read: 413', async () => {
    const request = officer.post('/data/upload', filesForm([{ name: 'w.csv', bytes: GOOD }]));
    const declared = new Request(request, {
      headers: { ...Object.fromEntries(request.headers), 'Content-Length': String(300 * 2 ** 20) },
    });
    const outcome = await call(action, declared);
    expect(outcome.status).toBe(413);
    expect((outcome.data as UploadResult).kind).toBe('refused');
  });

  it('a submission without files: 400, "choose at least one CSV file"', async () => {
    const form = new FormData();
    // What a browser sends for a file input left empty: a part with no name and no bytes.
    form.append('files', new File([], '', { type: 'application/octet-stream' }));
    form.set('intent', 'preview');
    const outcome = await call(action, officer.post('/data/upload', form));
    expect(outcome.status).toBe(400);
    expect(outcome.data).toMatchObject({
      kind: 'refused',
      message: {
        zh: '请选择至少一个 CSV 或 Excel 文件',
        en: 'choose at least one CSV or Excel file',
      },
    });
  });

  it('a post without the CSRF token is refused with 403 and loads nothing', async () => {
    const before = await tableCounts(db);
    const form = filesForm([{ name: 'w.csv', bytes: GOOD }]);
    const outcome = await call(action, officer.post('/data/upload', form, { csrf: false }));
    expect(outcome.status).toBe(403);
    expect(JSON.stringify(outcome.data)).toMatch(HAN);
    expect(await tableCounts(db)).toEqual(before);
    expect(pendingUploads().size).toBe(0);
    expect(uploadDirs()).toEqual([]);
  });
});

describe('sniffFile', () => {
  it.each([
    { case: 'UTF-8 CSV', bytes: Buffer.from('日期,区划代码\n2020-08-17,230102\n'), kind: 'text' },
    { case: 'UTF-8 with BOM', bytes: Buffer.from('\ufeffdate,x\n'), kind: 'text' },
    {
      case: 'UTF-16LE with its BOM (NUL bytes expected)',
      bytes: Buffer.from('\ufeffdate,x\n', 'utf16le'),
      kind: 'text',
    },
    { case: 'a ZIP / XLSX', bytes: XLSX, kind: 'xlsx' },
    { case: 'an old XLS', bytes: XLS, kind: 'refused' },
    { case: 'a PDF', bytes: Buffer.from('%PDF-1.7\n'), kind: 'refused' },
  ])('$case → $kind', ({ bytes, kind }) => {
    expect(sniffFile(bytes).kind).toBe(kind);
  });
});

describe('an Excel workbook', () => {
  it('previews sheet by sheet with what was assumed, then commits', async () => {
    const before = await tableCounts(db);
    const first = await preview(officer, [{ name: '8月窗口日报.xlsx', bytes: WORKBOOK }]);
    expect(first.status).toBe(200);
    if (first.result.kind !== 'preview') throw new Error('expected a preview');
    const { report, uploadId } = first.result;
    expect(report.errors).toEqual([]);
    expect(report.files).toEqual([
      expect.objectContaining({ file: '8月窗口日报.xlsx#填报说明', kind: null, skipped: true }),
      expect.objectContaining({
        file: '8月窗口日报.xlsx#8月',
        kind: 'window_daily',
        encoding: 'xlsx',
        rowsRead: 5,
        skipped: false,
      }),
    ]);
    expect(report.files[1]!.warnings.map((w) => w.zh).join('\n')).toContain(
      '已跳过合计、备注或签名行，未作为数据导入：第 9, 11 行',
    );
    const done = await commit(officer, uploadId!);
    if (done.result.kind !== 'loaded') throw new Error(`expected a load, got ${done.result.kind}`);
    expect(done.result.report.outcome).toBe('committed');
    expect((await tableCounts(db)).window_daily).toBeGreaterThan(before.window_daily!);
  });
});
