/**
 * npm run templates [-- --out public/templates]
 *
 * Writes one CSV template per kind of file, generated from the data contract so that a column
 * added there reaches the templates on the next run: `<kind>.csv` with English headers,
 * `<kind>.zh.csv` with Chinese headers, each with two example rows that load as they are, and an
 * index.html linking them, and templates.xlsx with a sheet per kind. The files are committed and served at /templates/;
 * tests/unit/templates.test.ts fails when they fall behind the contract.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import ExcelJS from 'exceljs';
import { bool, count, date, decimal, Invalid } from './contract/codecs';
import { CONTRACTS, type Column, type Contract } from './contract';

export interface TemplateFile {
  name: string;
  content: Buffer;
}

type Lang = 'en' | 'zh';

/** A cell of an example row; text columns differ by language so the English file stays ASCII. */
type Example = string | { en: string; zh: string };

const MEDICAL = { en: 'Medical Insurance', zh: '医保' };
const SOCIAL = { en: 'Social Security', zh: '社保' };
const MEDICAL_BUREAU = { en: 'Municipal Medical Insurance Bureau', zh: '市医疗保障局' };

/**
 * Two example rows per kind, by column key; a `kind.key` entry overrides the shared one. Enum
 * columns hold the English code and booleans true/false: the Chinese template shows the label.
 * '' leaves an optional cell blank, to show the value used then.
 */
const EXAMPLES: Readonly<Record<string, readonly [Example, Example]>> = {
  district_code: ['230100', '230102'],
  department: [MEDICAL, SOCIAL],
  date: ['2020-08-18', '2020-08-18'],

  district_name: [
    { en: 'Harbin', zh: '哈尔滨市' },
    { en: 'Daoli District', zh: '道里区' },
  ],
  level: ['city', 'district'],
  parent_code: ['', '230100'],
  population: ['10009854', ''],

  center_code: ['230100-01', '230102-01'],
  center_name: [{ en: 'Harbin Citizen Service Centre', zh: '哈尔滨市民服务中心' }, ''],
  windows_open: ['12', '6'],
  staff_on_duty: ['14', ''],
  ticket_capacity: ['600', '240'],
  tickets_issued: ['580', '120'],
  visitors: ['640', '260'],
  turned_away: ['', '140'],
  cases_accepted: ['560', '118'],
  cases_completed: ['548', '115'],
  cases_out_of_queue: ['', '3'],
  avg_wait_minutes: ['12.5', ''],
  ratings_good: ['410', '80'],
  ratings_bad: ['6', ''],

  as_of: ['2020-08-18', '2020-08-18'],
  items_total: ['75', '120'],
  items_exempt: ['3', '5'],
  items_online: ['54', '112'],
  items_queryable: ['75', ''],

  ticket_id: ['12345-20200818-0001', '12345-20200818-0002'],
  received_at: ['2020-08-18 09:30', '2020-08-18 14:05:10'],
  'complaints.department': [MEDICAL, ''],
  channel: ['hotline', 'web'],
  category: ['appointment', 'queue'],
  status: ['resolved', 'open'],
  closed_at: ['2020-08-19 16:00', ''],
  satisfied: ['true', ''],

  batch: [
    { en: '2020 batch 1', zh: '2020年第一批' },
    { en: '2020 batch 1', zh: '2020年第一批' },
  ],
  notice_date: ['2020-06-30', '2020-06-30'],
  power_code: ['YB-001', 'YB-002'],
  power_name: [
    { en: 'Reimbursement of out-of-pocket medical costs', zh: '医疗费用零星报销' },
    { en: 'Registration for treatment in another city', zh: '异地就医备案' },
  ],
  'delegations.department': [MEDICAL, MEDICAL],
  from_unit: [MEDICAL_BUREAU, MEDICAL_BUREAU],
  'delegations.district_code': ['230102', '230102'],
  effective_date: ['2020-08-01', '2020-08-01'],

  'supervision.date': ['2020-08-18', '2020-08-25'],
  'supervision.district_code': ['230102', '230102'],
  'supervision.department': [MEDICAL, MEDICAL],
  'supervision.power_code': ['YB-001', ''],
  action_type: ['training', 'inspection'],
  performed_by: [MEDICAL_BUREAU, MEDICAL_BUREAU],
  notes: ['', { en: 'Spot check of 20 cases', zh: '抽查 20 件' }],

  metric: ['online_rate', 'avg_wait_minutes'],
  target: ['96.7%', '15'],
  'targets.district_code': ['', '230102'],
  'targets.department': ['', MEDICAL],
  effective_from: ['', '2020-08-01'],

  'calendar.date': ['2020-12-14', '2027-01-04'],
  day_kind: ['holiday', 'workday'],
  'calendar.district_code': ['230102', ''],
  reason: [
    { en: 'Closed for snow', zh: '暴雪闭厅' },
    { en: 'Make-up working day', zh: '调休上班' },
  ],
};

function exampleCell(contract: Contract, column: Column, row: 0 | 1, lang: Lang): string {
  const examples = EXAMPLES[`${contract.kind}.${column.key}`] ?? EXAMPLES[column.key];
  if (!examples) {
    throw new Error(`etl/templates.ts: no example for ${contract.kind}.${column.key}`);
  }
  const example = examples[row];
  const value = typeof example === 'string' ? example : example[lang];
  if (value === '') {
    if (column.required) {
      throw new Error(`etl/templates.ts: ${contract.kind}.${column.key} is required`);
    }
    return value;
  }
  if (column.codec.parse(value) instanceof Invalid) {
    throw new Error(`etl/templates.ts: example ${contract.kind}.${column.key} "${value}" invalid`);
  }
  if (lang === 'en') return value;
  const labels = (column.codec as { labels?: Readonly<Record<string, string>> }).labels;
  if (labels) return labels[value] ?? value;
  if (column.codec === bool) return column.codec.parse(value) ? '是' : '否';
  return value;
}

function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** CRLF, as Excel writes CSV; the Chinese file gets a BOM so Excel reads it as UTF-8. */
function renderCsv(contract: Contract, lang: Lang): Buffer {
  const header = contract.columns.map((c) => (lang === 'en' ? c.key : c.zh[0]!));
  const rows = ([0, 1] as const).map((row) =>
    contract.columns.map((c) => exampleCell(contract, c, row, lang)),
  );
  const text = [header, ...rows].map((cells) => cells.map(csvCell).join(',')).join('\r\n');
  return Buffer.from(`${lang === 'zh' ? '\uFEFF' : ''}${text}\r\n`, 'utf8');
}

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function renderIndex(): Buffer {
  const rows = CONTRACTS.map(
    (c) => `      <tr>
        <td>${escapeHtml(c.title.zh)}<br />${escapeHtml(c.title.en)}</td>
        <td><code>${c.kind}</code></td>
        <td><a href="${c.kind}.zh.csv" download>${c.kind}.zh.csv</a></td>
        <td><a href="${c.kind}.csv" download>${c.kind}.csv</a></td>
      </tr>`,
  ).join('\n');
  const workbook = `<p>
      全部模板也可作为一个 Excel 工作簿下载（每类文件一个工作表，可整本导入）：
      <a href="${TEMPLATE_WORKBOOK}" download>${TEMPLATE_WORKBOOK}</a>
    </p>
    <p lang="en">
      All templates as one Excel workbook (a sheet per kind; the whole workbook loads as it is):
      <a href="${TEMPLATE_WORKBOOK}" download>${TEMPLATE_WORKBOOK}</a>
    </p>`;
  const html = `<!doctype html>
<html lang="zh-CN">
  <head>
    <meta charset="utf-8" />
    <title>数据模板 / Data templates</title>
  </head>
  <body>
    <h1>数据模板 / Data templates</h1>
    <p>
      每类文件一个 CSV 模板：中文表头模板为带 BOM 的 UTF-8，可直接用 Excel 打开；英文表头模板为
      UTF-8。请用实际数据替换示例行。列的含义与取值规则见代码仓库中的 <code>docs/data-contract.md</code>。
    </p>
    <p lang="en">
      One CSV template per kind of file: Chinese headers (UTF-8 with BOM, opens directly in Excel)
      or English headers (UTF-8). Replace the example rows with your data. Columns and allowed
      values: <code>docs/data-contract.md</code> in the repository.
    </p>
    ${workbook}
    <table>
      <tr>
        <th>文件类型<br />Kind of file</th>
        <th>kind</th>
        <th>中文表头<br />Chinese headers</th>
        <th>英文表头<br />English headers</th>
      </tr>
${rows}
    </table>
  </body>
</html>
`;
  return Buffer.from(html, 'utf8');
}

export const TEMPLATE_WORKBOOK = 'templates.xlsx';

/** Excel cell for an example: counts and minutes as numbers, dates as date cells, else text. */
function workbookCell(column: Column, value: string): string | number | Date | null {
  if (value === '') return null;
  if (column.codec === count || column.codec === decimal) return Number(value);
  if (column.codec === date) return new Date(`${value}T00:00:00Z`);
  return value;
}

/**
 * The templates as one Excel workbook, a sheet per kind named by its Chinese title, with the
 * Chinese headers and the same example rows as the .zh.csv files, typed as a clerk's sheet
 * would be. Not byte-stable (a ZIP records times), so the test compares what it reads back.
 */
export async function renderTemplateWorkbook(): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.created = book.modified = new Date(Date.UTC(2020, 0, 1));
  for (const contract of CONTRACTS) {
    const sheet = book.addWorksheet(contract.title.zh);
    sheet.addRow(contract.columns.map((c) => c.zh[0]!)).font = { bold: true };
    for (const row of [0, 1] as const) {
      const added = sheet.addRow(
        contract.columns.map((c) => workbookCell(c, exampleCell(contract, c, row, 'zh'))),
      );
      contract.columns.forEach((c, i) => {
        if (c.codec === date) added.getCell(i + 1).numFmt = 'yyyy-mm-dd';
      });
    }
    sheet.columns.forEach((col, i) => {
      col.width = Math.max(10, contract.columns[i]!.zh[0]!.length * 2 + 4);
    });
    sheet.views = [{ state: 'frozen', ySplit: 1 }];
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** Every template file, in a fixed order; pure: the same contract gives the same bytes. */
export function renderTemplates(): TemplateFile[] {
  return [
    ...CONTRACTS.flatMap((c) => [
      { name: `${c.kind}.csv`, content: renderCsv(c, 'en') },
      { name: `${c.kind}.zh.csv`, content: renderCsv(c, 'zh') },
    ]),
    { name: 'index.html', content: renderIndex() },
  ];
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { out: { type: 'string', default: 'public/templates' } },
  });
  const out = resolve(values.out);
  mkdirSync(out, { recursive: true });
  const files = [
    ...renderTemplates(),
    { name: TEMPLATE_WORKBOOK, content: await renderTemplateWorkbook() },
  ];
  for (const f of files) writeFileSync(join(out, f.name), f.content);
  console.log(`${files.length} 个模板文件已写入 / template files written to ${out}`);
  const stale = readdirSync(out).filter((n) => !files.some((f) => f.name === n));
  if (stale.length) {
    console.log(`不再生成、请删除 / no longer generated, delete: ${stale.join(', ')}`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  await main();
}
