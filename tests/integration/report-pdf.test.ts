/**
 * The weekly PDF report on the demo city, read back as a reader's software reads it (pdfjs, and
 * poppler's pdftotext): the planted week names the planted laggard with its "x / y" online
 * counts and its flags, every Chinese string the report was built from comes out of the PDF,
 * a district officer's report names no other district, a week without data is a short report,
 * and the same data gives the same bytes. Every expectation comes from etl/demo/planted.ts or
 * from the same functions the dashboard uses.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/client';
import { CITY_SCOPE } from '../../db/scope';
import { formatters } from '../../app/i18n';
import { loadFlags, type FlagWithSources } from '../../app/weeks/oversight.server';
import { evidenceOf } from '../../oversight/flags/rules';
import {
  generateReport,
  loadReportData,
  type GeneratedReport,
  type ReportRequest,
} from '../../app/reports/report.server';
import { weekPeriod } from '../../oversight/period';
import { buildReportDocument } from '../../app/reports/content';
import type { ReportBlock } from '../../app/reports/types';
import { writeDemoFiles } from '../../etl/demo/generate';
import { DEMO_CITY, DEMO_DISTRICTS, PLANTED } from '../../etl/demo/planted';
import { collectFiles } from '../../etl/files';
import { load } from '../../etl/load';
import { freshDb, tempDir } from '../helpers/db';
import { pdfText, squeeze, type PdfText } from '../helpers/report-pdf';

/** Inside the planted throttling (W30–W36), surge (W33–W35) and online stall (to 2020-08-31). */
const WEEK = '2020-W34';
const LAGGARD = PLANTED.throttling.district;
const LAGGARD_NAME = DEMO_DISTRICTS.find((d) => d.code === LAGGARD)!.name;
const HAN = /\p{Script=Han}/u;

let db: Db;
let dir: string;
let cleanup: () => void;
const request = (over: Partial<ReportRequest> = {}): ReportRequest => ({
  scope: CITY_SCOPE,
  period: weekPeriod(WEEK),
  department: null,
  lang: 'zh',
  districtCode: null,
  laggards: 3,
  ...over,
});
let city: GeneratedReport;
let cityText: PdfText;
let flags: FlagWithSources[];

beforeAll(async () => {
  ({ dir, cleanup } = tempDir('report-pdf-'));
  await writeDemoFiles(join(dir, 'demo'));
  db = await freshDb();
  const loaded = await load(db, collectFiles([join(dir, 'demo')]), {
    source: 'test',
    loadedBy: 'report-pdf.test',
  });
  expect(loaded.outcome).toBe('committed');
  city = (await generateReport(db, request()))!;
  cityText = await pdfText(city.bytes);
  flags = await loadFlags(db, { scope: CITY_SCOPE, period: weekPeriod(WEEK), department: null });
});
afterAll(() => {
  db?.close();
  cleanup?.();
});

describe(`the city report for ${WEEK}`, () => {
  it('is an A4 PDF of a sensible length, numbered "第 x 页 / 共 y 页" on every page', () => {
    expect(Buffer.from(city.bytes.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    expect(city.pages).toBe(cityText.pages.length);
    // Cover and summary, league, flags, charts, one page per laggard: more than a leaflet,
    // less than a dossier.
    expect(city.pages).toBeGreaterThanOrEqual(6);
    expect(city.pages).toBeLessThanOrEqual(15);
    cityText.pages.forEach((page, i) => {
      expect(squeeze(page)).toContain(`第${i + 1}页/共${city.pages}页`);
    });
    expect(city.bytes.byteLength).toBeLessThan(1024 * 1024);
    expect(city.warnings).toEqual([]);
  });

  it('opens with the title built from the city, the week, its dates and the marking', () => {
    const cover = squeeze(cityText.pages[0]!);
    expect(cover).toContain(`${DEMO_CITY.name}放管服改革督查周报`);
    expect(cover).toContain('内部资料注意保存');
    expect(cover).toContain(squeeze('2020-W34（2020年8月17日 至 2020年8月23日）'));
    expect(cover).toContain(squeeze('数据截至：2020年8月21日'));
    expect(cityText.info.Title).toBe(`${DEMO_CITY.name}放管服改革督查周报`);
  });

  it('gives the planted laggard a page of its own with its "54 / 75" online counts and flags', () => {
    const page = cityText.pages.find((p) => squeeze(p).includes(`${LAGGARD_NAME}（${LAGGARD}）`));
    expect(page).toBeDefined();
    expect(squeeze(page!)).toContain(squeeze('全市排名 第 19 / 19 名'));
    const online = PLANTED.online;
    expect(cityText.all).toContain(squeeze(`${online.stuckAt} / ${online.total}`));
    const own = flags.filter((f) => f.districtCode === LAGGARD);
    expect(own.map((f) => f.type)).toEqual(
      expect.arrayContaining(['ticket_throttling', 'online_target_missed', 'complaint_surge']),
    );
    for (const flag of own) expect(cityText.all).toContain(squeeze(flag.titleZh));
  });

  it('names the bottom of the ranking and its high flags in the summary on the first page', () => {
    const high = flags.filter((f) => f.districtCode === LAGGARD && f.severity === 'high').length;
    expect(high).toBeGreaterThan(0);
    const summary = squeeze(cityText.pages[0]!) + squeeze(cityText.pages[1] ?? '');
    expect(summary).toContain(
      squeeze(`排名末位：${LAGGARD_NAME}（第 19 / 19 名，高风险预警 ${high} 条）`),
    );
  });

  it('words the evidence as the dashboard does, totals named as totals: "发放号数（限号日合计）300"', () => {
    const throttling = flags.find(
      (f) => f.type === 'ticket_throttling' && f.districtCode === LAGGARD,
    )!;
    const f = formatters('zh');
    const { ticketsIssued: issued, ticketCapacity: capacity } = evidenceOf(
      throttling,
      'ticket_throttling',
    );
    expect(cityText.all).toContain(
      squeeze(
        `发放号数（限号日合计） ${f.number(issued)}；日可办理量（限号日合计） ${f.number(capacity)}`,
      ),
    );
  });

  it('yields every string it was built from when the text is extracted (no missing glyphs)', async () => {
    const data = (await loadReportData(db, request()))!;
    const texts = buildReportDocument(data).blocks.flatMap(blockTexts);
    expect(texts.filter((t) => HAN.test(t)).length).toBeGreaterThan(100);
    const missing = texts.map(squeeze).filter((t) => t !== '' && !cityText.all.includes(t));
    expect(missing).toEqual([]);
    expect(cityText.all).not.toContain('\uFFFD');
  });

  it('is the same bytes when generated again from the same data', async () => {
    const again = (await generateReport(db, request()))!;
    expect(Buffer.compare(Buffer.from(again.bytes), Buffer.from(city.bytes))).toBe(0);
  });

  it('is text that poppler extracts too', () => {
    const file = join(dir, 'city.pdf');
    writeFileSync(file, city.bytes);
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
    expect(squeeze(text)).toContain(`${DEMO_CITY.name}放管服改革督查周报`);
    expect(squeeze(text)).toContain(`${LAGGARD_NAME}（${LAGGARD}）`);
  });
});

describe('a district officer’s report', () => {
  it(`covers ${LAGGARD_NAME} only: no other district is named`, async () => {
    const report = (await generateReport(db, request({ districtCode: LAGGARD })))!;
    const text = await pdfText(report.bytes);
    expect(text.all).toContain(`${DEMO_CITY.name}${LAGGARD_NAME}放管服改革督查周报`);
    for (const other of DEMO_DISTRICTS.filter((d) => d.code !== LAGGARD)) {
      expect(text.all).not.toContain(other.name);
    }
    expect(report.fileName).toBe(`放管服督查周报_${WEEK}_${LAGGARD}.pdf`);
  });

  it('is refused (null) for a district that does not exist', async () => {
    expect(await generateReport(db, request({ districtCode: '999999' }))).toBeNull();
  });
});

describe('other weeks and languages', () => {
  it('a week with no data is a short report saying so', async () => {
    const report = (await generateReport(db, request({ period: weekPeriod('2030-W10') })))!;
    const text = await pdfText(report.bytes);
    expect(report.pages).toBe(1);
    expect(text.all).toContain(squeeze('2030-W10 没有任何窗口、网办或投诉数据'));
  });

  it('in English, with the data’s Chinese names kept', async () => {
    const report = (await generateReport(db, request({ lang: 'en' })))!;
    const text = await pdfText(report.bytes);
    expect(text.all).toContain(squeeze(`${DEMO_CITY.name}: weekly reform oversight report`));
    expect(text.all).toContain(squeeze('Districts against targets'));
    expect(text.all).toContain(LAGGARD_NAME);
    expect(report.fileName).toBe(`oversight-report_${WEEK}.pdf`);
  });
});

/** The words a block puts on the page (chart texts are drawn by ECharts, checked above). */
function blockTexts(b: ReportBlock): string[] {
  switch (b.kind) {
    case 'cover':
      return [b.title, b.marking, ...b.lines];
    case 'heading':
    case 'paragraph':
      return [b.text];
    case 'table':
      return [
        ...(b.caption ? [b.caption] : []),
        ...b.columns.map((c) => c.header),
        ...b.rows.flatMap((r) => r.map((c) => c.text)),
      ];
    default:
      return [];
  }
}
