/**
 * One file's road into its stage: header recognition, then every row through the contract's
 * codecs and cross-column rule. Rows are staged even when a cell fails (as NULL), so the
 * batch-wide checks can still report, say, an unknown district on the same line.
 */
import type { Stage } from '../db/staging';
import { Invalid, type Reason } from './contract/codecs';
import { recogniseKind, type CellValue, type HeaderMatch, type Kind } from './contract';
import type { FileReport, LoadOptions, RowError } from './load';
import { readRows, type ReadStats, type SourceFile } from './read';

/** Row errors in full up to a cap; past it, only counted. */
export class ErrorList {
  readonly items: RowError[] = [];
  count = 0;
  constructor(private readonly max: number) {}
  add(e: RowError) {
    this.count++;
    if (this.items.length < this.max) this.items.push(e);
  }
}

const REQUIRED: Reason = { zh: '必填项为空', en: 'required value is empty' };

/** Validates one file's rows into its kind's stage; returns the rows read. */
export async function stageFile(
  file: SourceFile,
  fileIndex: number,
  options: LoadOptions,
  stages: ReadonlyMap<Kind, Stage>,
  errors: ErrorList,
  report: FileReport,
): Promise<ReadStats> {
  let match: HeaderMatch | null = null;
  let stage: Stage | null = null;
  let header: string[] = [];
  const fileError = (line: number, column: string, value: string, reason: Reason) => {
    report.errorCount++;
    errors.add({ file: file.name, line, column, value, reason });
  };

  const validate = (rows: string[][], lines: Int32Array) => {
    if (!match) return;
    const { contract, sourceIndex } = match;
    const columns = contract.columns;
    const values: CellValue[] = new Array(columns.length);
    const width = header.length;
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r]!;
      const line = lines[r]!;
      report.rowsRead++;
      if (row.length < width || (row.length > width && row.slice(width).some((c) => c.trim()))) {
        fileError(line, '', '', {
          zh: `该行有 ${row.length} 列，表头有 ${width} 列`,
          en: `the row has ${row.length} cells but the header has ${width}`,
        });
        continue;
      }
      let ok = true;
      for (let c = 0; c < columns.length; c++) {
        const column = columns[c]!;
        const source = sourceIndex[c]!;
        if (source < 0) {
          // A missing required column was reported once, on the header line.
          if (column.required) ok = false;
          values[c] = column.whenBlank ?? null;
          continue;
        }
        const raw = row[source]!.trim();
        if (raw === '') {
          if (column.required) {
            fileError(line, header[source]!.trim(), '', REQUIRED);
            ok = false;
          }
          values[c] = column.whenBlank ?? null;
          continue;
        }
        const parsed = column.codec.parse(raw);
        if (parsed instanceof Invalid) {
          fileError(line, header[source]!.trim(), raw, parsed.reason);
          ok = false;
          values[c] = null;
          continue;
        }
        values[c] = parsed;
      }
      if (ok && contract.checkRow) {
        const byKey: Record<string, CellValue> = {};
        columns.forEach((col, i) => (byKey[col.key] = values[i]!));
        const problem = contract.checkRow(byKey);
        if (problem) {
          const source = sourceIndex[columns.findIndex((col) => col.key === problem.column)] ?? -1;
          const named = source >= 0 ? header[source]!.trim() : problem.column;
          fileError(line, named, String(byKey[problem.column] ?? ''), problem.reason);
          ok = false;
        }
      }
      // Rows with errors are staged too (bad cells as NULL): the batch is rejected anyway, and
      // the batch-wide checks can then still report, say, the unknown district on that line.
      stage?.push(fileIndex, line, values);
    }
    options.onProgress?.({ file: file.name, rows: report.rowsRead });
  };

  const stats = await readRows(file, {
    header(cells) {
      header = cells;
      const recognised = recogniseKind(cells, options.kind);
      if (!recognised.ok) {
        fileError(1, '', cells.join(','), recognised.reason);
        return;
      }
      match = recognised.match;
      report.kind = match.contract.kind;
      match.contract.columns.forEach((column, i) => {
        const source = recognised.match.sourceIndex[i]!;
        if (source >= 0) report.columnNames[column.key] = cells[source]!.trim();
      });
      stage = stages.get(match.contract.kind) ?? null;
      for (const column of match.missingRequired) {
        fileError(1, `${column.key}/${column.zh[0]}`, '', {
          zh: `缺少必需列「${column.zh[0]}」(${column.key})`,
          en: `required column ${column.key} (${column.zh[0]}) is missing`,
        });
      }
      for (const name of match.duplicated) {
        fileError(1, name, name, { zh: '列名重复', en: 'column appears twice' });
      }
      for (const name of match.extra) {
        report.warnings.push({
          zh: `已忽略未知列「${name}」`,
          en: `ignored unknown column "${name}"`,
        });
      }
    },
    rows: validate,
  });
  return stats;
}
