/**
 * The bulk road into a stage, for the files machines export: plain UTF-8 text whose every cell
 * is already in its codec's plain form. DuckDB reads and casts them (db/staging.ts,
 * stageCsvInBulk); this module decides from the file's head whether to try, and reports the
 * header exactly as the row-by-row road does. When the bulk road declines, nothing is staged
 * and the caller reads the file row by row, which is also the road that explains every
 * problem: the bulk road never reports an error of its own.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import Papa from 'papaparse';
import { stageCsvInBulk, type Stage } from '../db/staging';
import type { Kind } from './contract';
import type { FileReport, LoadOptions } from './load';
import {
  detectDelimiter,
  detectEncoding,
  readHead,
  sniffFile,
  type ReadStats,
  type SourceFile,
} from './read';
import { reportHeader } from './stage-file';
import { findHeader } from './table-shape';

/** Files smaller than this take the row-by-row road: the bulk road's fixed cost is not worth it. */
const BULK_MIN_BYTES = 1024 * 1024;
const HEAD_BYTES = 64 * 1024;

/** sha256, size and physical line count of a file, in one read. */
async function scan(path: string): Promise<{ sha256: string; bytes: number; lines: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  let lines = 0;
  let last = 0x0a;
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 })) {
    const buffer = chunk as Buffer;
    hash.update(buffer);
    bytes += buffer.length;
    for (let at = buffer.indexOf(0x0a); at >= 0; at = buffer.indexOf(0x0a, at + 1)) lines++;
    last = buffer[buffer.length - 1]!;
  }
  return { sha256: hash.digest('hex'), bytes, lines: last === 0x0a ? lines : lines + 1 };
}

/** The report's ReadStats when the bulk road staged the file, or null when it declined. */
export async function stageInBulk(
  file: SourceFile,
  fileIndex: number,
  options: LoadOptions,
  stages: ReadonlyMap<Kind, Stage>,
  report: FileReport,
): Promise<ReadStats | null> {
  if (!file.path || file.sheet || (await stat(file.path)).size < BULK_MIN_BYTES) return null;
  const head = await readHead(file, HEAD_BYTES);
  if (sniffFile(head).kind !== 'text') return null;
  const encoding = detectEncoding(head);
  if (encoding !== 'utf-8' && encoding !== 'utf-8-bom') return null;
  // Whole lines of the head only; a quote could open a cell spanning lines, so none may occur.
  const text = new TextDecoder('utf-8').decode(head);
  const complete = text.slice(0, text.lastIndexOf('\n') + 1);
  if (complete.includes('"')) return null;
  const delimiter = detectDelimiter(complete);
  const parsed = Papa.parse<string[]>(complete, { delimiter, skipEmptyLines: false }).data;
  const rows: string[][] = [];
  const lines: number[] = [];
  parsed.forEach((row, i) => {
    if (!(row.length === 1 && row[0]!.trim() === '')) {
      rows.push(row);
      lines.push(i + 1);
    }
  });
  const found = findHeader(rows, options.kind);
  if (!found) return null;
  const { contract, sourceIndex, missingRequired, duplicated } = found.match;
  const stage = stages.get(contract.kind);
  const plain = contract.columns.every((c) => c.codec.plain !== undefined);
  if (!stage || !plain || contract.checkRow || missingRequired.length || duplicated.length) {
    return null;
  }
  const headerEnd = lines[found.at]! + found.rows - 1;
  const scanned = scan(file.path);
  scanned.catch(() => {}); // awaited below, or dropped with the road
  const staged = await stageCsvInBulk(
    stage,
    {
      path: file.path,
      delimiter,
      skipLines: headerEnd,
      width: found.cells.length,
      fileIndex,
      columns: contract.columns.map((c, i) => ({
        source: sourceIndex[i]!,
        plain: c.codec.plain!,
        required: c.required,
        whenBlank: c.whenBlank ?? null,
      })),
    },
    scanned.then((s) => s.lines),
  );
  if (staged === null) return null;
  reportHeader(report, found, { rows, lines }, () => {
    throw new Error('bulk road: a header with errors was taken');
  });
  report.rowsRead = staged;
  report.bulk = true;
  options.onProgress?.({ file: file.name, rows: staged });
  const { sha256, bytes } = await scanned;
  return { encoding, delimiter, sha256, bytes };
}
