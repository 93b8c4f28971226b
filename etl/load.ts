/**
 * The one road by which data gets in. The CLI, the inbox watcher, the upload page and the tests
 * all call `load()` and get the same report.
 *
 * A batch is atomic: every file is read, validated and staged inside one transaction on a
 * connection of its own; if any row of any file fails, the transaction is rolled back and the
 * batch leaves only its audit record. Rows upsert by natural key, and unchanged rows are not
 * written, so loading the same file twice changes nothing.
 */
import { randomUUID } from 'node:crypto';
import { userInfo } from 'node:os';
import type { Db, Transaction } from '../db/client';
import {
  findDuplicateKeys,
  findEarlierLoads,
  findUnknownDistricts,
  mergeStage,
  recordBatch,
  refreshDistrictSources,
  type BatchRecord,
  type StagedProblem,
} from '../db/queries/loads';
import { stagedChangesFrom } from '../db/queries/rollups';
import { Stage, type TableSpec } from '../db/staging';
import type { Reason } from './contract/codecs';
import { CONTRACTS, type Contract, type Kind } from './contract';
import { readHead, ReadError, sniffFile, type SourceFile } from './read';
import { refreshRollups } from './rollups';
import { stageInBulk } from './bulk-stage';
import { ErrorList, stageFile } from './stage-file';
import { workbookSheets } from './xlsx';

export type { SourceFile } from './read';

export interface RowError {
  file: string;
  /** Line in the file; the header is line 1. */
  line: number;
  /** The column as the file names it (or the contract's name when the column is missing). */
  column: string;
  value: string;
  reason: Reason;
}

export interface FileReport {
  file: string;
  kind: Kind | null;
  encoding: string | null;
  delimiter: string | null;
  sha256: string;
  bytes: number;
  rowsRead: number;
  inserted: number;
  updated: number;
  unchanged: number;
  errorCount: number;
  warnings: Reason[];
  /** A workbook sheet that holds no table of a known kind (instructions, a chart's data). */
  skipped: boolean;
  /** Read by DuckDB's CSV reader (etl/bulk-stage.ts) rather than row by row. */
  bulk: boolean;
  /** Contract column key → the header cell this file used for it (for error messages). */
  columnNames: Record<string, string>;
  /** Earlier committed loads of a byte-identical file. */
  loadedBefore: { batchId: string; fileName: string; finishedAt: string }[];
}

export type Outcome = 'committed' | 'unchanged' | 'rejected' | 'dry_run';

export interface LoadReport {
  batchId: string;
  outcome: Outcome;
  dryRun: boolean;
  files: FileReport[];
  /** The first `maxErrors` errors, ordered by file and line. */
  errors: RowError[];
  errorCount: number;
  startedAt: string;
  finishedAt: string;
  /** Where the time went, for the progress line and the benchmark. */
  timings: { stageMs: number; checkMs: number; mergeMs: number; rollupMs: number };
}

export interface LoadOptions {
  /** Skip header recognition: every file is this kind. */
  kind?: Kind;
  dryRun?: boolean;
  source?: 'cli' | 'upload' | 'inbox' | 'server' | 'test';
  loadedBy?: string;
  /** Errors listed in full; the rest are only counted. */
  maxErrors?: number;
  onProgress?: (p: { file: string; rows: number }) => void;
}

export const specOf = (contract: Contract): TableSpec => ({
  table: contract.table,
  columns: contract.columns.map((c) => ({
    key: c.key,
    stageType: c.codec.stageType,
    sqlType: c.codec.sqlType,
  })),
  naturalKey: contract.naturalKey,
  districtColumns: contract.districtColumns,
});

const DELIMITER_NAMES = { ',': 'comma', '\t': 'tab', ';': 'semicolon' } as const;

/**
 * Each workbook in the batch replaced by its sheets (`book.xlsx#Sheet1`); files that are
 * neither text nor a workbook kept, with the reason they cannot be read.
 */
async function expandWorkbooks(
  given: readonly SourceFile[],
): Promise<{ files: SourceFile[]; unreadable: Map<SourceFile, Reason> }> {
  const files: SourceFile[] = [];
  const unreadable = new Map<SourceFile, Reason>();
  for (const file of given) {
    const sniffed = sniffFile(await readHead(file));
    if (sniffed.kind === 'text') {
      files.push(file);
    } else if (sniffed.kind === 'refused') {
      files.push(file);
      unreadable.set(file, sniffed.reason);
    } else {
      try {
        files.push(...(await workbookSheets(file)));
      } catch (e) {
        if (!(e instanceof ReadError)) throw e;
        files.push(file);
        unreadable.set(file, { zh: e.zh, en: e.en });
      }
    }
  }
  return { files, unreadable };
}

function sheetsByWorkbook(files: readonly SourceFile[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  files.forEach((f, i) => {
    if (f.sheet) out.set(f.sheet.workbook, [...(out.get(f.sheet.workbook) ?? []), i]);
  });
  return out;
}

const timestamp = () => new Date().toISOString().replace('T', ' ').replace('Z', '');

function describeStaged(
  p: StagedProblem,
  files: readonly SourceFile[],
  reports: readonly FileReport[],
): RowError {
  const file = files[p.fileIndex]?.name ?? '?';
  const names = reports[p.fileIndex]?.columnNames ?? {};
  const column = p.column
    .split(' + ')
    .map((key) => names[key] ?? key)
    .join(' + ');
  return { file, line: p.line, column, value: p.value, reason: stagedReason(p, files) };
}

function stagedReason(p: StagedProblem, files: readonly SourceFile[]): Reason {
  if (p.problem === 'unknown_district') {
    return {
      zh: '区划代码不在区县名录中（请先导入区县名录，或在同一批次中一并导入）',
      en: 'district code is not in the district registry (load the districts file first or in the same batch)',
    };
  }
  const other = p.firstFileIndex === p.fileIndex ? null : files[p.firstFileIndex!]?.name;
  const where = other
    ? { zh: `${other} 第 ${p.firstLine} 行`, en: `${other} line ${p.firstLine}` }
    : { zh: `第 ${p.firstLine} 行`, en: `line ${p.firstLine}` };
  return {
    zh: `与${where.zh}重复（同一记录出现两次）`,
    en: `duplicates ${where.en} (same record twice)`,
  };
}

class Rejected extends Error {}

/** Two files of one batch with the same name: errors and the audit could not tell them apart. */
export class DuplicateFileNameError extends Error {
  readonly zh: string;
  constructor(readonly fileName: string) {
    super(`two files in the batch are both named ${fileName}; rename one or load them separately`);
    this.zh = `同一批次中有两个文件都名为 ${fileName}，请重命名其一或分批导入`;
  }
}

/** Loads a batch of files; see the module comment for the guarantees. */
export async function load(
  db: Db,
  given: readonly SourceFile[],
  options: LoadOptions = {},
): Promise<LoadReport> {
  const { files, unreadable } = await expandWorkbooks(given);
  const names = new Set<string>();
  for (const f of files) {
    if (names.has(f.name)) throw new DuplicateFileNameError(f.name);
    names.add(f.name);
  }
  const batchId = randomUUID();
  const startedAt = timestamp();
  const maxErrors = options.maxErrors ?? 1000;
  const errors = new ErrorList(maxErrors);
  const reports: FileReport[] = files.map((f) => ({
    file: f.name,
    kind: null,
    encoding: null,
    delimiter: null,
    sha256: '',
    bytes: 0,
    rowsRead: 0,
    inserted: 0,
    updated: 0,
    unchanged: 0,
    errorCount: 0,
    warnings: [],
    skipped: false,
    bulk: false,
    columnNames: {},
    loadedBefore: [],
  }));
  const dryRun = options.dryRun ?? false;

  const timings = { stageMs: 0, checkMs: 0, mergeMs: 0, rollupMs: 0 };
  let clock = performance.now();
  const lap = (phase: keyof typeof timings) => {
    const now = performance.now();
    timings[phase] += now - clock;
    clock = now;
  };

  const run = async (tx: Transaction) => {
    // One stage per kind, created before reading: papaparse's callbacks are synchronous.
    const stages = new Map<Kind, Stage>();
    for (const contract of CONTRACTS) {
      stages.set(contract.kind, await Stage.create(tx.connection, specOf(contract)));
    }
    const fileError = (i: number, reason: Reason) => {
      reports[i]!.errorCount++;
      errors.add({ file: files[i]!.name, line: 0, column: '', value: '', reason });
    };
    for (const [i, file] of files.entries()) {
      const report = reports[i]!;
      const problem = unreadable.get(file);
      if (problem) {
        fileError(i, problem);
        continue;
      }
      try {
        const stats =
          (await stageInBulk(file, i, options, stages, report)) ??
          (await stageFile(file, i, options, stages, errors, report));
        Object.assign(report, {
          encoding: stats.encoding,
          delimiter: stats.delimiter === null ? null : DELIMITER_NAMES[stats.delimiter],
          sha256: stats.sha256,
          bytes: stats.bytes,
        });
      } catch (e) {
        if (!(e instanceof ReadError)) throw e;
        fileError(i, { zh: e.zh, en: e.en });
      }
    }
    // A workbook none of whose sheets holds a known table is an error, not a quiet skip.
    for (const [workbook, sheets] of sheetsByWorkbook(files)) {
      if (sheets.every((i) => reports[i]!.skipped)) {
        reports[sheets[0]!]!.skipped = false;
        fileError(sheets[0]!, {
          zh: `工作簿 ${workbook} 中没有可识别的数据表：每个工作表的表头都不属于任何一类文件`,
          en: `no sheet of ${workbook} holds a known table: no sheet's header matches a kind of file`,
        });
      }
    }
    for (const stage of stages.values()) stage.finish();
    lap('stageMs');

    // Checks that need the whole batch: duplicate keys across files, district codes.
    const registry = stages.get('districts')!;
    const used = [...stages.values()].filter((s) => s.rows > 0);
    for (const stage of used) {
      const spec = stage.spec;
      const found = [
        await findDuplicateKeys(tx, spec, maxErrors),
        await findUnknownDistricts(tx, spec, registry.rows > 0 ? registry.spec : null, maxErrors),
      ];
      for (const { problems, total } of found) {
        for (const p of problems) {
          reports[p.fileIndex]!.errorCount++;
          errors.add(describeStaged(p, files, reports));
        }
        errors.count += total - problems.length;
      }
    }
    lap('checkMs');
    if (errors.count > 0) throw new Rejected();

    // The earliest day the batch can have changed, for the weekly rollups.
    const changedFrom: string[] = [];
    let districtsChanged = false;
    for (const stage of used) {
      const from = await stagedChangesFrom(tx, stage.spec);
      const counts = await mergeStage(tx, stage.spec, batchId);
      const merged = counts.some((c) => c.inserted + c.updated > 0);
      if (merged && from !== null) changedFrom.push(from);
      if (merged && stage.spec.table === 'districts') districtsChanged = true;
      for (const c of counts) {
        Object.assign(reports[c.fileIndex]!, {
          inserted: c.inserted,
          updated: c.updated,
          unchanged: c.unchanged,
        });
      }
      if (merged) await refreshDistrictSources(tx, stage.spec, stage.spec.table);
    }
    for (const stage of stages.values()) await stage.drop();
    lap('mergeMs');
    for (const r of reports) r.loadedBefore = r.sha256 ? await findEarlierLoads(tx, r.sha256) : [];
    const changed = reports.some((r) => r.inserted + r.updated > 0);
    if (changed && !dryRun) {
      await refreshRollups(
        tx,
        changedFrom.length ? changedFrom.reduce((a, b) => (b < a ? b : a)) : null,
        { districtsChanged },
      );
      lap('rollupMs');
    }
    const outcome: Outcome = dryRun ? 'dry_run' : changed ? 'committed' : 'unchanged';
    const finishedAt = timestamp();
    if (!dryRun) await recordBatch(tx, auditRecord(outcome, finishedAt));
    if (dryRun) throw new DryRunDone(outcome, finishedAt);
    return { outcome, finishedAt };
  };

  const auditRecord = (outcome: Outcome, finishedAt: string): BatchRecord => ({
    batchId,
    source: options.source ?? 'cli',
    loadedBy: options.loadedBy ?? userInfo().username,
    dryRun,
    startedAt,
    finishedAt,
    outcome,
    errorCount: errors.count,
    message: null,
    files: reports
      .filter((r) => !r.skipped)
      .map((r) => ({
        fileName: r.file,
        sha256: r.sha256,
        kind: r.kind,
        encoding: r.encoding,
        delimiter: r.delimiter,
        bytes: r.bytes,
        rowsRead: r.rowsRead,
        rowsInserted: r.inserted,
        rowsUpdated: r.updated,
        rowsUnchanged: r.unchanged,
        errorCount: r.errorCount,
        outcome: r.errorCount > 0 ? 'rejected' : outcome,
      })),
  });

  let outcome: Outcome;
  let finishedAt: string;
  try {
    ({ outcome, finishedAt } = await db.withTransaction(run));
  } catch (e) {
    if (e instanceof DryRunDone) {
      ({ outcome, finishedAt } = e);
      await recordBatch(db, auditRecord(outcome, finishedAt));
    } else if (e instanceof Rejected) {
      outcome = 'rejected';
      finishedAt = timestamp();
      for (const r of reports) Object.assign(r, { inserted: 0, updated: 0, unchanged: 0 });
      await recordBatch(db, auditRecord(outcome, finishedAt));
    } else {
      throw e;
    }
  }
  errors.items.sort(
    (a, b) =>
      files.findIndex((f) => f.name === a.file) - files.findIndex((f) => f.name === b.file) ||
      a.line - b.line,
  );
  return {
    batchId,
    outcome,
    dryRun,
    files: reports,
    errors: errors.items,
    errorCount: errors.count,
    startedAt,
    finishedAt,
    timings,
  };
}

/** Thrown to roll back a dry run after its counts are known. */
class DryRunDone extends Error {
  constructor(
    readonly outcome: Outcome,
    readonly finishedAt: string,
  ) {
    super('dry run');
  }
}
