/**
 * The upload page's work (/data/upload): take CSV files from a data officer's browser, run them
 * through the same `load()` as the CLI — first as a dry run, then for real — and audit the load.
 *
 * Preview → commit keeps the files on the server: the preview writes them into a fresh
 * directory (mkdtemp, mode 0700) and hands the browser only a random id; the commit form posts
 * that id back, so the browser never sends the files twice and the committed bytes are exactly
 * the previewed ones. A pending upload belongs to the session that made it, lives
 * PENDING_MINUTES at most, and is deleted when committed, expired, replaced by the session's
 * next preview, or rejected. Pending uploads are remembered in memory (one server process owns
 * the database): after a restart the page asks to choose the files again.
 *
 * Files are refused before `load()` sees them when they are too large, not named
 * .csv/.tsv/.txt/.xlsx, or are something else inside (an old .xls, a PDF, NUL bytes: the ETL's
 * own `sniffFile`). The names people gave their files are kept for the report and the audit
 * but never used as paths: on disk the files are 0.upload, 1.upload, … in the upload's own
 * directory.
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import {
  data,
  MaxPartSizeExceededError,
  unstable_composeUploadHandlers as composeUploadHandlers,
  unstable_createMemoryUploadHandler as createMemoryUploadHandler,
  unstable_parseMultipartFormData as parseMultipartFormData,
  type UploadHandler,
} from '@remix-run/node';
import type { Db } from '../../db/client';
import { DATA_FILE } from '../../etl/files';
import { readHead, sniffFile } from '../../etl/read';
import { DuplicateFileNameError, load, type LoadReport, type RowError } from '../../etl/load';
import { auditEvent } from '../auth/audit.server';
import { verifyCsrf } from '../auth/csrf.server';
import { sessionIdHash } from '../auth/session.server';
import type { Viewer } from '../auth/viewer.server';
import type { Bilingual } from '../../oversight/bilingual';

const MB = 1024 * 1024;

/** The upload's limits, in one place; the page shows them. */
export const UPLOAD_LIMITS = {
  /** One file: a year of one district's daily window data is a few MB. */
  fileBytes: 50 * MB,
  /** One request, all files together. */
  requestBytes: 200 * MB,
  files: 50,
  /** A form field that is not a file (intent, csrf, upload id). */
  fieldBytes: 64 * 1024,
  /** How long a previewed batch waits on the server for its commit. */
  pendingMinutes: 30,
  /** Row errors listed in full; the rest are counted. */
  listedErrors: 500,
} as const;

/** One file of a report, as the page shows it. */
export interface FileView {
  file: string;
  kind: string | null;
  encoding: string | null;
  delimiter: string | null;
  sha256: string;
  rowsRead: number;
  inserted: number;
  updated: number;
  unchanged: number;
  errorCount: number;
  warnings: Bilingual[];
  /** A workbook sheet without a table of a known kind. */
  skipped: boolean;
  /** When a byte-identical file was committed before (the latest), if ever. */
  loadedBefore: string | null;
}

export interface ReportView {
  batchId: string;
  outcome: LoadReport['outcome'];
  files: FileView[];
  errors: RowError[];
  errorCount: number;
}

export type UploadResult =
  | { kind: 'refused'; message: Bilingual; files: { file: string; problem: Bilingual }[] }
  | {
      kind: 'preview';
      report: ReportView;
      /** Set when the batch may be committed: the id the commit form posts back. */
      uploadId: string | null;
    }
  | { kind: 'loaded'; report: ReportView };

/** An upload the page refuses, with the HTTP status and the reason in both languages. */
export class UploadRefused extends Error {
  constructor(
    readonly status: number,
    readonly zh: string,
    readonly en: string,
    readonly files: { file: string; problem: Bilingual }[] = [],
  ) {
    super(en);
    this.name = 'UploadRefused';
  }
}

const mb = (bytes: number) => Math.round(bytes / MB);

const NOT_DATA: Bilingual = {
  zh: '只接受 CSV、TSV、TXT 文本表格或 Excel 工作簿（.xlsx）',
  en: 'only CSV, TSV or TXT tables and Excel workbooks (.xlsx) are accepted',
};

/**
 * The name to show and record for an uploaded file: its last path segment, without control
 * characters, at most 200 characters. Never used to build a path.
 */
export function displayName(filename: string): string {
  const base = filename.split(/[/\\]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return (clean || 'unnamed.csv').slice(0, 200);
}

interface ReceivedFile {
  name: string;
  path: string;
}

interface Received {
  fields: FormData;
  files: ReceivedFile[];
  refused: { file: string; problem: Bilingual }[];
}

function tooLarge(limit: 'file' | 'request', file?: string): UploadRefused {
  return limit === 'file'
    ? new UploadRefused(
        413,
        `文件 ${file ?? ''} 超过单个文件 ${mb(UPLOAD_LIMITS.fileBytes)} MB 的上限，请拆分后分批上传`,
        `${file ?? 'a file'} is larger than the ${mb(UPLOAD_LIMITS.fileBytes)} MB limit per file; split it and upload the parts`,
      )
    : new UploadRefused(
        413,
        `本次上传合计超过 ${mb(UPLOAD_LIMITS.requestBytes)} MB 的上限，请分批上传`,
        `the upload is larger than the ${mb(UPLOAD_LIMITS.requestBytes)} MB limit per upload; upload the files in several batches`,
      );
}

/**
 * Streams the request's file parts into `dir` (0.csv, 1.csv, …), enforcing the limits while
 * the bytes arrive, and collects the form's other fields in memory.
 */
async function receiveMultipart(request: Request, dir: string): Promise<Received> {
  const files: ReceivedFile[] = [];
  const refused: { file: string; problem: Bilingual }[] = [];
  let total = 0;
  let parts = 0;
  const count = (n: number) => {
    total += n;
    if (total > UPLOAD_LIMITS.requestBytes) throw tooLarge('request');
  };

  const fileHandler: UploadHandler = async ({ filename, data: bytes }) => {
    if (filename === undefined) return undefined;
    // An empty file input still sends a part, with no name and no bytes.
    if (filename === '') {
      for await (const chunk of bytes) count(chunk.byteLength);
      return '';
    }
    const name = displayName(filename);
    if (++parts > UPLOAD_LIMITS.files) {
      throw new UploadRefused(
        400,
        `一次最多上传 ${UPLOAD_LIMITS.files} 个文件`,
        `at most ${UPLOAD_LIMITS.files} files per upload`,
      );
    }
    if (!DATA_FILE.test(name)) {
      for await (const chunk of bytes) count(chunk.byteLength);
      refused.push({ file: name, problem: NOT_DATA });
      return '';
    }
    // Content, not the name, says what a file is: on disk it is only a number.
    const path = join(dir, `${files.length}.upload`);
    let size = 0;
    async function* limited() {
      for await (const chunk of bytes) {
        size += chunk.byteLength;
        if (size > UPLOAD_LIMITS.fileBytes) throw tooLarge('file', name);
        count(chunk.byteLength);
        yield chunk;
      }
    }
    await pipeline(limited, createWriteStream(path, { flags: 'wx', mode: 0o600 }));
    const sniffed = sniffFile(await readHead({ name, path }));
    if (sniffed.kind === 'refused') {
      await rm(path, { force: true });
      refused.push({ file: name, problem: sniffed.reason });
      return '';
    }
    files.push({ name, path });
    return String(files.length - 1);
  };

  const fieldHandler = createMemoryUploadHandler({ maxPartSize: UPLOAD_LIMITS.fieldBytes });
  const countedFields: UploadHandler = async (part) => {
    const value = await fieldHandler(part);
    if (typeof value === 'string') count(Buffer.byteLength(value));
    return value;
  };
  try {
    const fields = await parseMultipartFormData(
      request,
      composeUploadHandlers(fileHandler, countedFields),
    );
    return { fields, files, refused };
  } catch (e) {
    // Only the form's text fields have Remix's own size limit.
    if (e instanceof MaxPartSizeExceededError) {
      throw new UploadRefused(413, '表单字段过长', 'a form field is too long');
    }
    throw e;
  }
}

/** A pending (previewed, not yet committed) upload. */
interface Pending {
  id: string;
  dir: string;
  userId: number;
  session: string | null;
  files: ReceivedFile[];
  expiresAt: number;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * The previewed uploads waiting for their commit. Kept on globalThis so Vite's dev reloads of
 * this module do not orphan their directories.
 */
class PendingUploads {
  private readonly byId = new Map<string, Pending>();

  /** Keeps the files for the viewer's session; the session's earlier pending upload goes. */
  async keep(
    entry: Omit<Pending, 'id' | 'expiresAt' | 'timer'>,
    now = Date.now(),
  ): Promise<Pending> {
    for (const p of [...this.byId.values()]) {
      if (p.userId === entry.userId && p.session === entry.session) await this.discard(p.id);
    }
    const id = randomBytes(18).toString('base64url');
    const ttl = UPLOAD_LIMITS.pendingMinutes * 60_000;
    const timer = setTimeout(() => void this.discard(id), ttl);
    // A waiting upload must not keep the process (or a test run) alive.
    (timer as { unref?: () => void }).unref?.();
    const pending = { ...entry, id, expiresAt: now + ttl, timer };
    this.byId.set(id, pending);
    return pending;
  }

  /** Takes the pending upload out for its commit: only its own session's, only unexpired. */
  take(id: string, viewer: Viewer, session: string | null, now = Date.now()): Pending | null {
    const p = this.byId.get(id);
    if (!p || p.userId !== viewer.userId || p.session !== session) return null;
    this.byId.delete(id);
    clearTimeout(p.timer);
    if (p.expiresAt <= now) {
      void removeDir(p.dir);
      return null;
    }
    return p;
  }

  async discard(id: string): Promise<void> {
    const p = this.byId.get(id);
    if (!p) return;
    this.byId.delete(id);
    clearTimeout(p.timer);
    await removeDir(p.dir);
  }

  /** How many uploads wait (for tests). */
  get size(): number {
    return this.byId.size;
  }
}

async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

const PENDING_KEY = Symbol.for('fangguanfu.oversight.pendingUploads');
type Holder = { [PENDING_KEY]?: PendingUploads };

export function pendingUploads(): PendingUploads {
  const holder = globalThis as Holder;
  holder[PENDING_KEY] ??= new PendingUploads();
  return holder[PENDING_KEY];
}

function viewOf(report: LoadReport): ReportView {
  return {
    batchId: report.batchId,
    outcome: report.outcome,
    files: report.files.map((f) => ({
      file: f.file,
      kind: f.kind,
      encoding: f.encoding,
      delimiter: f.delimiter,
      sha256: f.sha256,
      rowsRead: f.rowsRead,
      inserted: f.inserted,
      updated: f.updated,
      unchanged: f.unchanged,
      errorCount: f.errorCount,
      warnings: f.warnings,
      skipped: f.skipped,
      loadedBefore:
        f.loadedBefore
          .filter((b) => b.batchId !== report.batchId)
          .map((b) => b.finishedAt)
          .sort()
          .pop() ?? null,
    })),
    errors: report.errors,
    errorCount: report.errorCount,
  };
}

/** load(), with a batch's user error (two files of one name) turned into a refusal. */
async function runLoad(
  db: Db,
  files: ReceivedFile[],
  viewer: Viewer,
  dryRun: boolean,
): Promise<LoadReport> {
  try {
    return await load(db, files, {
      dryRun,
      source: 'upload',
      loadedBy: viewer.username,
      maxErrors: UPLOAD_LIMITS.listedErrors,
    });
  } catch (e) {
    if (e instanceof DuplicateFileNameError) throw new UploadRefused(400, e.zh, e.message);
    throw e;
  }
}

async function preview(
  db: Db,
  request: Request,
  viewer: Viewer,
  received: Received,
  dir: string | null,
) {
  const { files, refused } = received;
  if (refused.length > 0) {
    throw new UploadRefused(
      415,
      '以下文件无法读取，本次上传未做任何处理。请按提示另存后重新选择。',
      'Some files cannot be read, so nothing was done. Save them as each message says and choose them again.',
      refused,
    );
  }
  if (files.length === 0 || dir === null) {
    throw new UploadRefused(
      400,
      '请选择至少一个 CSV 或 Excel 文件',
      'choose at least one CSV or Excel file',
    );
  }
  const report = await runLoad(db, files, viewer, true);
  const ready = report.errorCount === 0 && report.files.some((f) => f.inserted + f.updated > 0);
  if (!ready) {
    await removeDir(dir);
    return { kind: 'preview', report: viewOf(report), uploadId: null } satisfies UploadResult;
  }
  const pending = await pendingUploads().keep({
    dir,
    userId: viewer.userId,
    session: sessionIdHash(request),
    files,
  });
  return { kind: 'preview', report: viewOf(report), uploadId: pending.id } satisfies UploadResult;
}

async function commit(db: Db, request: Request, viewer: Viewer, uploadId: string) {
  const pending = pendingUploads().take(uploadId, viewer, sessionIdHash(request));
  if (!pending) {
    throw new UploadRefused(
      410,
      `预览已过期（超过 ${UPLOAD_LIMITS.pendingMinutes} 分钟）或已导入，请重新选择文件`,
      `the preview has expired (after ${UPLOAD_LIMITS.pendingMinutes} minutes) or was already loaded; choose the files again`,
    );
  }
  try {
    const report = await runLoad(db, pending.files, viewer, false);
    const names = report.files.map((f) => f.file).join(', ');
    // The batch id comes first: should a large batch's detail be cut, load_batches has the rest.
    await auditEvent(db, request, viewer, 'load', {
      target: names.length > 500 ? `${names.slice(0, 499)}…` : names,
      detail: {
        batchId: report.batchId,
        source: 'upload',
        outcome: report.outcome,
        errorCount: report.errorCount,
        files: report.files.map((f) => ({
          name: f.file,
          sha256: f.sha256,
          kind: f.kind,
          rowsRead: f.rowsRead,
          inserted: f.inserted,
          updated: f.updated,
          unchanged: f.unchanged,
          errors: f.errorCount,
        })),
      },
    });
    return { kind: 'loaded', report: viewOf(report) } satisfies UploadResult;
  } finally {
    await removeDir(pending.dir);
  }
}

function isMultipart(request: Request): boolean {
  const type = request.headers.get('Content-Type') ?? '';
  return type.startsWith('multipart/form-data') && /;\s*boundary=/.test(type);
}

/** The commit form (url-encoded, no files), read with the field limit whatever it declares. */
async function readSmallForm(request: Request): Promise<FormData> {
  const type = request.headers.get('Content-Type') ?? '';
  if (!type.startsWith('application/x-www-form-urlencoded') || !request.body) {
    throw new UploadRefused(400, '请通过上传页面提交表单', 'submit the form from the upload page');
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (let r = await reader.read(); !r.done; r = await reader.read()) {
    size += r.value.byteLength;
    if (size > UPLOAD_LIMITS.fieldBytes) {
      await reader.cancel();
      throw tooLarge('request');
    }
    chunks.push(r.value);
  }
  const form = new FormData();
  for (const [k, v] of new URLSearchParams(Buffer.concat(chunks).toString('utf8'))) {
    form.append(k, v);
  }
  return form;
}

/**
 * POST /data/upload for a viewer already allowed to load data: checks the declared size,
 * reads the form (streaming files to disk), checks CSRF, then previews (`intent=preview`, with
 * files) or commits (`intent=commit`, with the preview's `upload` id). Expected refusals come
 * back as a result with their status; anything else is thrown to the error boundary.
 */
export async function handleUpload(db: Db, request: Request, viewer: Viewer) {
  const declared = Number(request.headers.get('Content-Length') ?? NaN);
  let dir: string | null = null;
  let keepDir = false;
  try {
    if (declared > UPLOAD_LIMITS.requestBytes) throw tooLarge('request');
    let received: Received;
    if (isMultipart(request)) {
      // The process id in the name tells whose leftovers they are after a crash.
      dir = await mkdtemp(join(tmpdir(), `oversight-upload-${process.pid}-`));
      received = await receiveMultipart(request, dir);
    } else {
      received = { fields: await readSmallForm(request), files: [], refused: [] };
    }
    verifyCsrf(request, received.fields);
    const intent = received.fields.get('intent');
    if (intent === 'commit') {
      const id = received.fields.get('upload');
      return data(await commit(db, request, viewer, typeof id === 'string' ? id : ''));
    }
    if (intent !== 'preview' && intent !== null) {
      throw new UploadRefused(400, '未知的操作', 'unknown action');
    }
    const result = await preview(db, request, viewer, received, dir);
    keepDir = result.uploadId !== null;
    return data(result);
  } catch (e) {
    if (!(e instanceof UploadRefused)) throw e;
    return data<UploadResult>(
      { kind: 'refused', message: { zh: e.zh, en: e.en }, files: e.files },
      { status: e.status },
    );
  } finally {
    if (dir !== null && !keepDir) await removeDir(dir);
  }
}
