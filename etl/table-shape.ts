/**
 * Where the table is in a sheet as clerks make them: a title and a unit line above the header,
 * a header split over two rows under merged cells, totals and signatures under the data. Pure
 * functions over rows of cells, so CSV and Excel files are judged alike.
 */
import {
  CONTRACTS,
  contractFor,
  normaliseHeader,
  recogniseKind,
  type HeaderMatch,
  type Kind,
} from './contract';

/** How far down the header is looked for: a title, a subtitle, a unit line and a blank or two. */
export const HEADER_SEARCH_ROWS = 10;

export interface FoundHeader {
  /** Index (into the rows given) of the header's first row. */
  at: number;
  /** 1, or 2 when two rows under merged cells were joined. */
  rows: 1 | 2;
  cells: string[];
  match: HeaderMatch;
}

const complete = (m: HeaderMatch) => m.missingRequired.length === 0;

let knownNames: Set<string> | null = null;
function isKnownName(cell: string): boolean {
  knownNames ??= new Set(
    CONTRACTS.flatMap((c) =>
      c.columns.flatMap((col) => [col.key, ...(col.aliases ?? []), ...col.zh].map(normaliseHeader)),
    ),
  );
  return knownNames.has(normaliseHeader(cell));
}

/**
 * Two header rows as one. A merged cell keeps its text in its first column only, so an empty
 * upper cell takes the text to its left (the cell it was merged with); an empty lower cell
 * means the upper one spans both rows. The upper text is prefixed only where that makes a
 * known column name ("取号" over "发放号数" stays "发放号数"; "平均等候" over "时长" may join).
 */
export function joinHeaderRows(upper: readonly string[], lower: readonly string[]): string[] {
  const width = Math.max(upper.length, lower.length);
  const out: string[] = [];
  let left = '';
  for (let i = 0; i < width; i++) {
    const own = (upper[i] ?? '').trim();
    const top = own || left;
    if (own) left = own;
    const bottom = (lower[i] ?? '').trim();
    if (!bottom) out.push(own);
    else if (top && isKnownName(top + bottom) && !isKnownName(bottom)) out.push(top + bottom);
    else out.push(bottom);
  }
  return out;
}

/**
 * The header among the first rows: the first row (or pair of rows) that names every required
 * column of a kind. If none does, the first row that clearly looks like one kind is taken, so
 * its missing columns can be reported; null when nothing looks like a header.
 */
export function findHeader(rows: readonly string[][], forced?: Kind): FoundHeader | null {
  const judge = (cells: string[]) => recogniseKind(cells, forced);
  let fallback: FoundHeader | null = null;
  for (let at = 0; at < Math.min(rows.length, HEADER_SEARCH_ROWS); at++) {
    const cells = rows[at]!;
    const single = judge(cells);
    if (single.ok && complete(single.match)) return { at, rows: 1, cells, match: single.match };
    const next = rows[at + 1];
    // A title above a full header is no second header row: the pair is only read together
    // when the lower row alone is not a header.
    const nextAlone = next ? judge(next) : null;
    if (next && !(nextAlone!.ok && complete(nextAlone!.match))) {
      const joined = joinHeaderRows(cells, next);
      const pair = judge(joined);
      if (pair.ok && complete(pair.match)) return { at, rows: 2, cells: joined, match: pair.match };
    }
    if (single.ok && !fallback && (forced === undefined || hasKnownCells(cells, forced))) {
      fallback = { at, rows: 1, cells, match: single.match };
    }
  }
  return fallback;
}

function hasKnownCells(cells: readonly string[], kind: Kind): boolean {
  const names = new Set(
    contractFor(kind).columns.flatMap((c) =>
      [c.key, ...(c.aliases ?? []), ...c.zh].map(normaliseHeader),
    ),
  );
  return cells.some((c) => names.has(normaliseHeader(c)));
}

/**
 * Words that open a totals, notes or signature row. Matched at the start of the row's first
 * filled cell, spaces and a trailing colon ignored; such a cell can never be a date, a code or
 * a count, so a data row is never mistaken for one.
 */
const FOOTER_WORDS = [
  '合计',
  '总计',
  '小计',
  '共计',
  '累计',
  '总合计',
  '备注',
  '说明',
  '注',
  '填报人',
  '填表人',
  '填报单位',
  '填报日期',
  '填表日期',
  '制表',
  '制表人',
  '制表日期',
  '审核',
  '审核人',
  '负责人',
  '单位负责人',
  '联系人',
  '联系电话',
  'total',
  'totals',
  'subtotal',
  'grandtotal',
  'sum',
  'notes',
  'note',
];
const FOOTER = new RegExp(`^(?:${FOOTER_WORDS.join('|')})(?:$|[:：(（])`, 'i');

/** "全市合计", "道里区小计": a totals label after the name of what it totals. */
const TOTALS_AFTER = /(?:合计|总计|小计|共计)$/;

/** A totals, notes or signature row: skipped with a warning, never loaded. */
export function isFooterRow(row: readonly string[]): boolean {
  let first: string | undefined;
  for (const cell of row) {
    const code = cell.charCodeAt(0);
    // A date, a code or a count: the common case, and never a footer. (Called on every row.)
    if (code >= 48 && code <= 57) return false;
    if (cell.trim() !== '') {
      first = cell;
      break;
    }
  }
  if (first === undefined) return false;
  const squeezed = first.replace(/[\s\u3000]+/g, '');
  return FOOTER.test(squeezed) || TOTALS_AFTER.test(squeezed);
}

const UNIT_WORDS = new Set([
  '人',
  '件',
  '个',
  '项',
  '次',
  '张',
  '号',
  '天',
  '日',
  '元',
  '万元',
  '分钟',
  '小时',
  '%',
  '人次',
  '个数',
  '单位',
]);

/**
 * The line under a header that gives units ("单位：人、件" across the row, or 人 | 件 | 分钟
 * under each column) rather than data. Only looked for between the header and the first row of
 * data.
 */
export function isUnitRow(row: readonly string[]): boolean {
  const filled = row.map((c) => c.trim()).filter(Boolean);
  if (filled.length === 0) return false;
  if (filled.length === 1 && /^[(（]?(?:单位|计量单位|unit)[:：s]/i.test(filled[0]!)) return true;
  return filled.every((c) => UNIT_WORDS.has(c.replace(/^[(（]|[)）]$/g, '')));
}
