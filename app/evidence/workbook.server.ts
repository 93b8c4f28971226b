/**
 * The evidence package as an Excel workbook, column names in the reader's language:
 *   说明      the package's subject, period, data cut-off and last load;
 *   预警      a row per flag: the flags CSV's columns (evidence as labelled columns) with the rule;
 *   <类型·明细> a sheet per list of records (a throttling flag's days, the powers delegated
 *             without supervision…), a row per record, the days to look at tinted;
 *   来源文件   each flag's source files with their SHA-256 and load time.
 * Cells are typed as a clerk would type them: counts as numbers, shares as numbers shown as
 * percentages, days as dates. Text is always written as text, never as a formula, so a district
 * or file named "=…" cannot run anything.
 */
import ExcelJS from 'exceljs';
import { flagsTable, type FlagTableCell } from '../flags/csv.server';
import { evidenceTables } from '../flags/evidence';
import { formatters, isMessageKey, type Formatters } from '../i18n';
import { packageTitle } from './document';
import type { EvidencePackage } from './package.server';

type Cell = FlagTableCell | Date;

/** A light red behind the rows the reader should look at (as on screen and in the PDF). */
const ALERT_FILL: ExcelJS.Fill = {
  type: 'pattern',
  pattern: 'solid',
  fgColor: { argb: 'FFFDE2E1' },
};

const isoDay = (iso: string) => new Date(`${iso}T00:00:00Z`);

/** A value as its cell holds it, and the number format it is shown with. */
function cellOf(value: Cell): { value: ExcelJS.CellValue; numFmt?: string } {
  if (value === null) return { value: null };
  if (value instanceof Date) return { value, numFmt: 'yyyy-mm-dd' };
  if (typeof value !== 'object') return { value };
  switch (value.kind) {
    case 'number':
      return { value: value.value };
    case 'percent':
      return { value: value.value, numFmt: '0.0%' };
    case 'date':
      return { value: isoDay(value.value), numFmt: 'yyyy-mm-dd' };
    case 'text':
      return { value: value.value };
  }
}

/** A sheet with a bold, frozen header row, its rows typed, columns sized to their header. */
function addSheet(
  book: ExcelJS.Workbook,
  name: string,
  header: readonly string[],
  rows: readonly { cells: readonly Cell[]; alert?: boolean }[],
) {
  const sheet = book.addWorksheet(name);
  sheet.addRow([...header]).font = { bold: true };
  for (const row of rows) {
    const added = sheet.addRow(row.cells.map((c) => cellOf(c).value));
    row.cells.forEach((c, i) => {
      const numFmt = cellOf(c).numFmt;
      if (numFmt) added.getCell(i + 1).numFmt = numFmt;
      if (row.alert) added.getCell(i + 1).fill = ALERT_FILL;
    });
  }
  // A column as wide as its header and its longest value (a whole SHA-256), within reason; a
  // Chinese character takes about two widths of a Latin one.
  const widthOf = (text: string) =>
    [...text].reduce((w, ch) => w + ((ch.codePointAt(0) ?? 0) > 0x2e80 ? 2 : 1), 0);
  header.forEach((h, i) => {
    const values = rows.map((r) => {
      const v = cellOf(r.cells[i] ?? null).value;
      return v instanceof Date ? 10 : v === null ? 0 : widthOf(String(v));
    });
    sheet.getColumn(i + 1).width = Math.min(Math.max(10, widthOf(h), ...values) + 2, 68);
  });
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  return sheet;
}

/** Excel's rule for sheet names: at most 31 characters, none of : \ / ? * [ ], unique. */
function sheetNamer() {
  const used = new Set<string>();
  return (wanted: string) => {
    const base = wanted.replace(/[:\\/?*[\]]/g, '-').slice(0, 31);
    let name = base;
    for (let i = 2; used.has(name.toLowerCase()); i++) {
      const suffix = ` ${i}`;
      name = `${base.slice(0, 31 - suffix.length)}${suffix}`;
    }
    used.add(name.toLowerCase());
    return name;
  };
}

function aboutRows(f: Formatters, pkg: EvidencePackage): { cells: Cell[] }[] {
  const rows: [string, Cell][] = [
    [f.t('csv.district'), pkg.district.name],
    [f.t('csv.districtCode'), pkg.district.code],
    [f.t('csv.period'), pkg.period.label],
    [f.t('package.start'), isoDay(pkg.period.start)],
    [f.t('package.end'), isoDay(pkg.period.end)],
    [f.t('csv.department'), pkg.department ?? f.t('flags.allDepartments')],
    [f.t('package.cutoff'), pkg.lastDataDate ? isoDay(pkg.lastDataDate) : f.t('common.none')],
    [f.t('package.lastLoad'), pkg.lastLoadedAt ? f.dateTime(pkg.lastLoadedAt) : null],
    [f.t('package.flagCount'), pkg.flags.length],
  ];
  return rows.map((cells) => ({ cells }));
}

export async function renderEvidenceWorkbook(
  pkg: EvidencePackage,
): Promise<Uint8Array<ArrayBuffer>> {
  const f = formatters(pkg.lang);
  const book = new ExcelJS.Workbook();
  // Dates from the data, not the clock (the ZIP still records its own times).
  book.created = book.modified = new Date(Date.UTC(2020, 0, 1));
  book.title = packageTitle(f, pkg);
  const name = sheetNamer();

  addSheet(
    book,
    name(f.t('package.sheet.about')),
    [f.t('package.item'), f.t('package.value')],
    aboutRows(f, pkg),
  );

  const table = flagsTable(pkg.flags, pkg.lang, { rules: true });
  addSheet(
    book,
    name(f.t('package.sheet.flags')),
    table.header,
    table.rows.map((cells) => ({ cells })),
  );

  // One sheet per flag type and list: the rows of every flag of that type, by department.
  const lists = new Map<string, { header: string[]; rows: { cells: Cell[]; alert: boolean }[] }>();
  for (const flag of pkg.flags) {
    for (const t of evidenceTables(f, flag)) {
      // 限号·逐日明细; a name too long for Excel is the type's alone (a type has one list today).
      const typeName = f.t(`flagType.${flag.type}`);
      const full = `${typeName}·${t.caption}`;
      const key = full.length <= 31 ? full : typeName;
      let list = lists.get(key);
      if (!list) {
        list = { header: [f.t('csv.department'), ...t.columns.map((c) => c.label)], rows: [] };
        lists.set(key, list);
      }
      for (const r of t.rows) {
        list.rows.push({
          cells: [flag.department, ...r.cells.map((c) => c.plain)],
          alert: r.alert,
        });
      }
    }
  }
  for (const [key, list] of lists) addSheet(book, name(key), list.header, list.rows);

  const kind = (k: string) => {
    const key = `kind.${k}`;
    return isMessageKey(key) ? f.t(key) : k;
  };
  addSheet(
    book,
    name(f.t('package.sheet.sources')),
    [
      f.t('csv.type'),
      f.t('csv.department'),
      f.t('package.sourceKind'),
      f.t('package.fileName'),
      f.t('package.sha256'),
      f.t('package.loadedAt'),
    ],
    pkg.flags.flatMap((flag) =>
      flag.sources.map((s) => ({
        cells: [
          f.t(`flagType.${flag.type}`),
          flag.department,
          kind(s.kind),
          s.fileName,
          s.sha256,
          f.dateTime(s.loadedAt),
        ],
      })),
    ),
  );
  return new Uint8Array(await book.xlsx.writeBuffer());
}
