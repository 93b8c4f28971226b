/**
 * One file's road into its stage: the header found among the first rows (title and unit lines
 * above and under it skipped), totals and signature rows set aside, then every row through the contract's
 * codecs and cross-column rule. Rows are staged even when a cell fails (as NULL), so the
 * batch-wide checks can still report, say, an unknown district on the same line.
 */
import type { Stage } from '../db/staging';
import { Invalid, type Normalisation, type Notes, type Reason } from './contract/codecs';
import { recogniseKind, type CellValue, type HeaderMatch, type Kind } from './contract';
import type { FileReport, LoadOptions, RowError } from './load';
import { readRows, type ReadStats, type RowSink, type SourceFile } from './read';
import {
  findHeader,
  HEADER_SEARCH_ROWS,
  isFooterRow,
  isUnitRow,
  type FoundHeader,
} from './table-shape';
import { readSheetRows } from './xlsx';

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

/** What each normalisation is called in the dry run's warnings. */
const NORMALISED: Record<Normalisation, Reason> = {
  full_width: { zh: '全角数字或符号改为半角', en: 'full-width digits or signs made half-width' },
  thousands: { zh: '去掉千分位分隔符', en: 'thousands separators removed' },
  inner_space: { zh: '去掉数字或代码中的空格', en: 'spaces inside numbers or codes removed' },
  apostrophe: { zh: '去掉文本前导撇号', en: "text-forcing apostrophe (') removed" },
  decimal_zero: { zh: '去掉代码或整数后的 .0', en: 'trailing .0 removed from codes or counts' },
  date_form: {
    zh: '日期写法（2020.8.18、20200818）改为 2020-08-18',
    en: 'dates written 2020.8.18 or 20200818 read as 2020-08-18',
  },
  excel_serial: {
    zh: 'Excel 日期序号（如 44061）换算为日期',
    en: 'Excel date serials (e.g. 44061) read as dates',
  },
  midnight: { zh: '去掉日期后的 0:00 时刻', en: 'time 0:00 after a date dropped' },
  symbol_bool: { zh: '√/× 读作 是/否', en: '√/× read as yes/no' },
};

/** Counts what the codecs normalised, by kind and by the column it happened in. */
class CellNotes implements Notes {
  column = '';
  readonly counts = new Map<Normalisation, Map<string, number>>();
  note(kind: Normalisation) {
    let byColumn = this.counts.get(kind);
    if (!byColumn) this.counts.set(kind, (byColumn = new Map()));
    byColumn.set(this.column, (byColumn.get(this.column) ?? 0) + 1);
  }
  warnings(): Reason[] {
    return [...this.counts].map(([kind, byColumn]) => {
      const total = [...byColumn.values()].reduce((a, b) => a + b, 0);
      const columns = [...byColumn.keys()].join('、');
      return {
        zh: `已规范化 ${total} 个单元格：${NORMALISED[kind].zh}（列：${columns}）`,
        en: `normalised ${total} cells: ${NORMALISED[kind].en} (columns: ${[...byColumn.keys()].join(', ')})`,
      };
    });
  }
}

/** "3, 5, 9" — or the first ten and how many more. */
function lineList(lines: readonly number[]): { zh: string; en: string } {
  const shown = lines.slice(0, 10).join(', ');
  const more = lines.length - 10;
  return more > 0
    ? { zh: `${shown} 等 ${lines.length} 行`, en: `${shown} and ${more} more` }
    : { zh: shown, en: shown };
}

const preview = (row: readonly string[]) => {
  const text = row
    .map((c) => c.trim())
    .filter(Boolean)
    .join(' ');
  return text.length > 40 ? `${text.slice(0, 38)}…` : text;
};

type FileError = (line: number, column: string, value: string, reason: Reason) => void;

/**
 * What the header says, into the report: the kind, the file's names for the columns, the title
 * lines skipped above it, a two-row header, missing and doubled columns (errors on the header's
 * line) and unknown ones (warnings). Both roads into the stage report a header this way.
 */
export function reportHeader(
  report: FileReport,
  found: FoundHeader,
  seen: { rows: readonly string[][]; lines: readonly number[] },
  fileError: FileError,
): void {
  const line = seen.lines[found.at]!;
  if (found.at > 0) {
    const where = lineList(seen.lines.slice(0, found.at));
    report.warnings.push({
      zh: `已跳过表头前的第 ${where.zh} 行（标题或说明）：「${preview(seen.rows[0]!)}」`,
      en: `skipped line ${where.en} above the header (title or notes): "${preview(seen.rows[0]!)}"`,
    });
  }
  if (found.rows === 2) {
    report.warnings.push({
      zh: `第 ${line}–${line + 1} 行的两行表头已合并读取`,
      en: `the two header rows on lines ${line}–${line + 1} were read as one`,
    });
  }
  const { match, cells } = found;
  report.kind = match.contract.kind;
  match.contract.columns.forEach((column, i) => {
    const source = match.sourceIndex[i]!;
    if (source >= 0) report.columnNames[column.key] = cells[source]!.trim();
  });
  for (const column of match.missingRequired) {
    fileError(line, `${column.key}/${column.zh[0]}`, '', {
      zh: `缺少必需列「${column.zh[0]}」(${column.key})`,
      en: `required column ${column.key} (${column.zh[0]}) is missing`,
    });
  }
  for (const name of match.duplicated) {
    fileError(line, name, name, { zh: '列名重复', en: 'column appears twice' });
  }
  for (const name of match.extra) {
    report.warnings.push({
      zh: `已忽略未知列「${name}」`,
      en: `ignored unknown column "${name}"`,
    });
  }
}

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
  /** Rows seen before the header was found, with their lines. */
  let head: { rows: string[][]; lines: number[] } | null = { rows: [], lines: [] };
  let dataSeen = false;
  const footerLines: number[] = [];
  const unitLines: number[] = [];
  const notes = new CellNotes();
  // Excel does not store a row's trailing empty cells; a short CSV row is a broken line.
  const padShortRows = file.sheet !== undefined;
  const fileError: FileError = (line, column, value, reason) => {
    report.errorCount++;
    errors.add({ file: file.name, line, column, value, reason });
  };

  const validate = (rows: readonly string[][], lines: ArrayLike<number>) => {
    if (!match) return;
    const { contract, sourceIndex } = match;
    const columns = contract.columns;
    const values: CellValue[] = new Array(columns.length);
    const width = header.length;
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r]!;
      const line = lines[r]!;
      if (isFooterRow(row)) {
        footerLines.push(line);
        continue;
      }
      if (!dataSeen && isUnitRow(row)) {
        unitLines.push(line);
        continue;
      }
      dataSeen = true;
      report.rowsRead++;
      if (row.length < width && padShortRows) {
        while (row.length < width) row.push('');
      }
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
        notes.column = header[source]!;
        const parsed = column.codec.parse(raw, notes);
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

  /** Finds the header among the rows seen so far and validates the rest of them. */
  const settleHeader = () => {
    const seen = head!;
    head = null;
    if (seen.rows.length === 0) {
      if (!file.sheet) return; // readRows reports an empty file itself
      report.skipped = true;
      return;
    }
    const found = findHeader(seen.rows, options.kind);
    if (!found) {
      const firstLine = seen.lines[0]!;
      const recognised = recogniseKind(seen.rows[0]!, options.kind);
      const reason = recognised.ok
        ? { zh: '无法识别表头', en: 'unrecognised header' }
        : recognised.reason;
      if (file.sheet) {
        // A workbook's other sheets (instructions, a chart's data) are not files to load.
        report.skipped = true;
        report.warnings.push({
          zh: `已跳过工作表「${file.sheet.name}」：前 ${HEADER_SEARCH_ROWS} 行中没有可识别的表头`,
          en: `sheet "${file.sheet.name}" skipped: no known header in its first ${HEADER_SEARCH_ROWS} rows`,
        });
        return;
      }
      fileError(firstLine, '', seen.rows[0]!.join(','), reason);
      return;
    }
    reportHeader(report, found, seen, fileError);
    header = found.cells;
    match = found.match;
    stage = stages.get(found.match.contract.kind) ?? null;
    const after = found.at + found.rows;
    validate(seen.rows.slice(after), seen.lines.slice(after));
  };

  const sink: RowSink = {
    rows(rows, lines) {
      if (!head) return validate(rows, lines);
      for (let i = 0; i < rows.length; i++) {
        if (head) {
          head.rows.push(rows[i]!);
          head.lines.push(lines[i]!);
          // One row past the search window, so a two-row header at its end can still be joined.
          if (head.rows.length > HEADER_SEARCH_ROWS) settleHeader();
        } else {
          validate(rows.slice(i), lines.subarray(i));
          return;
        }
      }
    },
  };
  const stats = file.sheet ? await readSheetRows(file, sink) : await readRows(file, sink);
  if (head) settleHeader();
  if (unitLines.length) {
    const where = lineList(unitLines);
    report.warnings.push({
      zh: `已跳过表头下的单位行：第 ${where.zh} 行`,
      en: `skipped the units line under the header: line ${where.en}`,
    });
  }
  if (footerLines.length) {
    const where = lineList(footerLines);
    report.warnings.push({
      zh: `已跳过合计、备注或签名行，未作为数据导入：第 ${where.zh} 行`,
      en: `skipped totals, notes or signature rows, not loaded as data: line ${where.en}`,
    });
  }
  report.warnings.push(...notes.warnings());
  return stats;
}
