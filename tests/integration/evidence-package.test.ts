/**
 * The evidence package (/flags/evidence.pdf, /flags/evidence.xlsx) on the demo city, read back
 * as a reader's software reads it — poppler's pdftotext for the PDF, exceljs for the workbook:
 * the rule in one sentence, the numbers, the day-by-day rows, the source files with their
 * SHA-256 and load time, the period and the data cut-off; a district officer gets their own
 * district's package and never another's; every download is on the audit log. Every
 * expectation comes from the same functions the dashboard uses, or from etl/demo/planted.ts.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { LoaderFunctionArgs } from '@remix-run/node';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setSessionSecret } from '../../app/auth/secret.server';
import { evidenceHref } from '../../app/evidence/href';
import { evidenceFacts, evidenceTables } from '../../app/flags/evidence';
import { ruleSentence } from '../../app/flags/rule';
import { formatters } from '../../app/i18n';
import { loader as pdfLoader } from '../../app/routes/flags_.evidence[.]pdf';
import { loader as xlsxLoader } from '../../app/routes/flags_.evidence[.]xlsx';
import { loadFlags, type FlagWithSources } from '../../app/weeks/oversight.server';
import type { Db } from '../../db/client';
import { setProcessDb } from '../../db/handle';
import { getReportDataStamp } from '../../db/queries/reports';
import { CITY_SCOPE, districtScope } from '../../db/scope';
import { PLANTED } from '../../etl/demo/planted';
import { evidenceOf } from '../../oversight/flags/rules';
import { weekPeriod } from '../../oversight/period';
import { signIn, type SignedIn } from '../helpers/auth';
import { demoDb, tempDir } from '../helpers/db';
import { squeeze } from '../helpers/report-pdf';

const WEEK = '2020-W34';
const DAOLI = PLANTED.throttling.district;
const DEPARTMENT = PLANTED.throttling.department;
const OTHER = '230103';

let db: Db;
let commission: SignedIn;
let officer: SignedIn;
const temp = tempDir('evidence-package-');

/** Every flag of 道里区 in the week, as the flags page shows them. */
let daoliFlags: FlagWithSources[];
let throttling: FlagWithSources;

beforeAll(async () => {
  db = await demoDb('evidence-package.test');
  setSessionSecret(randomBytes(32));
  commission = await signIn(db, 'evidence-commission', 'commission');
  officer = await signIn(db, 'evidence-daoli', 'district_officer', [DAOLI]);
  setProcessDb(db);
  daoliFlags = await loadFlags(
    db,
    { scope: CITY_SCOPE, period: weekPeriod(WEEK), department: null },
    { districtCode: DAOLI },
  );
  throttling = daoliFlags.find(
    (f) => f.type === 'ticket_throttling' && f.department === DEPARTMENT,
  )!;
}, 120_000);

afterAll(() => {
  setProcessDb(undefined);
  setSessionSecret(undefined);
  db?.close();
  temp.cleanup();
});

type Loader = (args: LoaderFunctionArgs) => Promise<Response>;

/** Calls a route's loader as Remix does; a thrown Response is returned. */
async function call(loader: Loader, who: SignedIn, path: string): Promise<Response> {
  try {
    return await loader({ request: who.request(path), params: {}, context: {} });
  } catch (e) {
    if (e instanceof Response) return e;
    throw e;
  }
}

async function bytesOf(r: Response): Promise<Uint8Array> {
  expect(r.status).toBe(200);
  return new Uint8Array(await r.arrayBuffer());
}

/** The PDF's text as poppler extracts it, whitespace removed (CJK spacing differs by tool). */
function pdftotext(bytes: Uint8Array, name: string): string {
  const file = join(temp.dir, name);
  writeFileSync(file, bytes);
  return squeeze(execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }));
}

async function workbook(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
  return book;
}

/** A sheet's rows as arrays of cell values, the header first. */
function rowsOf(sheet: ExcelJS.Worksheet): ExcelJS.CellValue[][] {
  const rows: ExcelJS.CellValue[][] = [];
  sheet.eachRow((row) => rows.push((row.values as ExcelJS.CellValue[]).slice(1)));
  return rows;
}

const flagHref = (format: 'pdf' | 'xlsx', flag: FlagWithSources) =>
  evidenceHref(format, {
    period: flag.period,
    districtCode: flag.districtCode,
    type: flag.type,
    department: flag.department,
  });

describe('one flag’s package as a PDF', () => {
  const zh = formatters('zh');
  let text: string;
  let response: Response;

  beforeAll(async () => {
    response = await call(pdfLoader, commission, flagHref('pdf', throttling));
    text = pdftotext(await bytesOf(response.clone()), 'throttling.pdf');
  });

  it('is a PDF named for the flag, in Chinese and in ASCII', () => {
    expect(response.headers.get('Content-Type')).toBe('application/pdf');
    const disposition = response.headers.get('Content-Disposition')!;
    expect(disposition).toContain(`filename="evidence_${WEEK}_${DAOLI}_ticket_throttling.pdf"`);
    expect(disposition).toContain(
      `filename*=UTF-8''${encodeURIComponent(`预警证据包_${WEEK}_${DAOLI}_限号_${DEPARTMENT}.pdf`)}`,
    );
  });

  it('states the rule in one sentence, with the thresholds the rule applies', () => {
    const rule = ruleSentence(zh, 'ticket_throttling');
    expect(rule).toContain('80.0%');
    expect(text).toContain(squeeze(`规则：${rule}`));
    expect(text).toContain(squeeze(throttling.titleZh));
  });

  it('gives the numbers with their labels, and every throttled day as a row', () => {
    const evidence = evidenceOf(throttling, 'ticket_throttling');
    for (const fact of evidenceFacts(zh, throttling)) {
      expect(text).toContain(squeeze(`${fact.label}${fact.value}`));
    }
    expect(text).toContain(squeeze(`限号天数${evidence.throttledDays}`));
    expect(evidence.days.length).toBe(evidence.throttledDays);
    const [days] = evidenceTables(zh, throttling);
    expect(days!.rows.length).toBe(evidence.days.length);
    for (const row of days!.rows) {
      expect(text).toContain(squeeze(row.cells.map((c) => c.text).join('')));
    }
    // The planted days: capacity as planted, fewer tickets than the rule allows.
    for (const day of evidence.days) {
      expect(day.ticketCapacity).toBe(PLANTED.throttling.capacity);
      expect(day.ticketsIssued).toBeLessThan(0.8 * day.ticketCapacity);
    }
  });

  it('names each source file with its whole SHA-256 and its load time', () => {
    expect(throttling.sources.length).toBeGreaterThan(0);
    for (const s of throttling.sources) {
      expect(s.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(text).toContain(s.fileName);
      expect(text).toContain(s.sha256);
      expect(text).toContain(squeeze(zh.dateTime(s.loadedAt)));
    }
  });

  it('gives the period with its days and the data cut-off', async () => {
    const period = weekPeriod(WEEK);
    const stamp = await getReportDataStamp(db, districtScope([DAOLI]), period.end);
    expect(stamp.lastDataDate).not.toBeNull();
    expect(stamp.lastDataDate! <= period.end).toBe(true);
    expect(text).toContain(
      squeeze(
        zh.tf('report.period', {
          label: WEEK,
          start: zh.date(period.start),
          end: zh.date(period.end),
        }),
      ),
    );
    expect(text).toContain(squeeze(zh.tf('report.cutoff', { date: zh.date(stamp.lastDataDate) })));
  });
});

describe('a district’s package', () => {
  it('holds every flag of the district in the period, and no other district', async () => {
    const r = await call(
      pdfLoader,
      commission,
      `/flags/evidence.pdf?week=${WEEK}&district=${DAOLI}`,
    );
    const text = pdftotext(await bytesOf(r), 'daoli.pdf');
    expect(daoliFlags.length).toBeGreaterThan(3);
    for (const flag of daoliFlags) {
      expect(text).toContain(squeeze(flag.titleZh));
      expect(text).toContain(squeeze(ruleSentence(formatters('zh'), flag.type)));
    }
    expect(text).toContain(squeeze(`本证据包含 ${daoliFlags.length} 条预警`));
    expect(text).not.toContain('南岗区');
  });

  it('is the workbook with Chinese column names, the day-by-day rows typed, and the hashes', async () => {
    const r = await call(
      xlsxLoader,
      commission,
      `/flags/evidence.xlsx?week=${WEEK}&district=${DAOLI}`,
    );
    expect(r.headers.get('Content-Type')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(r.headers.get('Content-Disposition')).toContain(
      `filename="evidence_${WEEK}_${DAOLI}.xlsx"`,
    );
    const book = await workbook(await bytesOf(r));
    const names = book.worksheets.map((s) => s.name);
    expect(names[0]).toBe('说明');
    expect(names[1]).toBe('预警');
    expect(names).toContain('限号·逐日明细');
    expect(names).toContain('放后失管·未跟进事项');
    expect(names.at(-1)).toBe('来源文件');

    const about = new Map(rowsOf(book.getWorksheet('说明')!).map(([k, v]) => [k, v]));
    expect(about.get('区县')).toBe('道里区');
    expect(about.get('统计周期')).toBe(WEEK);
    const stamp = await getReportDataStamp(db, districtScope([DAOLI]), weekPeriod(WEEK).end);
    expect(about.get('数据截至')).toEqual(new Date(`${stamp.lastDataDate}T00:00:00Z`));
    expect(about.get('预警条数')).toBe(daoliFlags.length);

    const [header, ...flagRows] = rowsOf(book.getWorksheet('预警')!);
    expect(header!.slice(0, 4)).toEqual(['预警类型', '严重程度', '区划代码', '区县']);
    expect(header).toContain('规则');
    expect(header).toContain('限号天数');
    expect(flagRows.length).toBe(daoliFlags.length);
    const evidence = evidenceOf(throttling, 'ticket_throttling');
    const row = flagRows.find((r) => r[0] === '限号' && r[4] === DEPARTMENT)!;
    expect(row[header!.indexOf('限号天数')]).toBe(evidence.throttledDays);
    // A share is a number shown as a percentage, not text.
    const share = header!.indexOf('发放号数 ÷ 日可办理量（限号日合计）');
    expect(row[share]).toBeCloseTo(evidence.issuedShare, 10);
    expect(
      book
        .getWorksheet('预警')!
        .getRow(flagRows.indexOf(row) + 2)
        .getCell(share + 1).numFmt,
    ).toBe('0.0%');

    const [dayHeader, ...days] = rowsOf(book.getWorksheet('限号·逐日明细')!);
    expect(dayHeader).toEqual([
      '业务条线',
      '日期',
      '日可办理量',
      '发放号数',
      '到场人数',
      '未取到号人数（记录）',
      '未满足需求（人）',
    ]);
    const ours = days.filter((d) => d[0] === DEPARTMENT);
    expect(ours.map((d) => d[1])).toEqual(
      evidence.days.map((d) => new Date(`${d.date}T00:00:00Z`)),
    );
    expect(ours.map((d) => d[3])).toEqual(evidence.days.map((d) => d.ticketsIssued));
    expect(ours.map((d) => d[6])).toEqual(evidence.days.map((d) => d.unmetDemand));

    const powers = rowsOf(book.getWorksheet('放后失管·未跟进事项')!).slice(1);
    const delegation = evidenceOf(
      daoliFlags.find((f) => f.type === 'delegated_without_supervision'),
      'delegated_without_supervision',
    );
    expect(powers.length).toBe(delegation.powerList.length);
    expect(powers.map((p) => p[1])).toEqual(delegation.powerList.map((p) => p.code));

    const [sourceHeader, ...sources] = rowsOf(book.getWorksheet('来源文件')!);
    expect(sourceHeader).toEqual([
      '预警类型',
      '业务条线',
      '文件类型',
      '文件名',
      'SHA-256',
      '导入时间（北京时间）',
    ]);
    const expected = daoliFlags.flatMap((f) => f.sources.map((s) => [s.fileName, s.sha256]));
    expect(sources.map((s) => [s[3], s[4]])).toEqual(expected);
  });

  it('has English column names for an English reader', async () => {
    const r = await call(
      xlsxLoader,
      commission,
      `/flags/evidence.xlsx?week=${WEEK}&district=${DAOLI}&type=ticket_throttling&lang=en`,
    );
    const book = await workbook(await bytesOf(r));
    expect(book.worksheets.map((s) => s.name)).toEqual([
      'About',
      'Flags',
      'Ticket throttling·Day by day',
      'Source files',
    ]);
    const [header] = rowsOf(book.getWorksheet('Flags')!);
    expect(header).toContain('Throttled days');
    expect(header).toContain('Rule');
    expect(header!.join(' ')).not.toMatch(/\p{Script=Han}/u);
  });
});

describe('who gets a package', () => {
  it('gives a district officer their own district’s without naming it', async () => {
    const r = await call(xlsxLoader, officer, `/flags/evidence.xlsx?week=${WEEK}`);
    const book = await workbook(await bytesOf(r));
    const flags = rowsOf(book.getWorksheet('预警')!).slice(1);
    expect(flags.length).toBe(daoliFlags.length);
    expect(flags.every((f) => f[2] === DAOLI)).toBe(true);
  });

  it.each([
    ['PDF', pdfLoader],
    ['workbook', xlsxLoader],
  ] as const)(
    'refuses a district officer another district’s %s (403), as the CSV does',
    async (_, loader) => {
      const r = await call(
        loader,
        officer,
        `/flags/evidence.${loader === pdfLoader ? 'pdf' : 'xlsx'}?week=${WEEK}&district=${OTHER}`,
      );
      expect(r.status).toBe(403);
    },
  );

  it('asks a city-wide reader which district (400) and finds nothing where no flag matches (404)', async () => {
    const none = await loadFlags(
      db,
      { scope: CITY_SCOPE, period: weekPeriod(WEEK), department: null },
      { districtCode: DAOLI, type: 'missing_reports' },
    );
    expect(none).toEqual([]);
    const unnamed = await call(pdfLoader, commission, `/flags/evidence.pdf?week=${WEEK}`);
    expect(unnamed.status).toBe(400);
    expect(((await unnamed.json()) as { error: { zh: string } }).error.zh).toContain('district=');
    const nothing = await call(
      pdfLoader,
      commission,
      `/flags/evidence.pdf?week=${WEEK}&district=${DAOLI}&type=missing_reports`,
    );
    expect(nothing.status).toBe(404);
  });
});

describe('the audit log', () => {
  const entries = async () =>
    db.all<{ actor: string; action: string; target: string; detail: string }>({
      sql: `SELECT actor, action, target, detail FROM audit_log
            WHERE action = 'export_evidence' ORDER BY audit_id`,
    });

  it('records every download: who, which file, in which format', async () => {
    const before = (await entries()).length;
    const pdf = await call(pdfLoader, commission, flagHref('pdf', throttling));
    const xlsx = await call(xlsxLoader, officer, `/flags/evidence.xlsx?week=${WEEK}`);
    expect([pdf.status, xlsx.status]).toEqual([200, 200]);
    const added = (await entries()).slice(before);
    expect(added.map((e) => [e.actor, e.action])).toEqual([
      [commission.username, 'export_evidence'],
      [officer.username, 'export_evidence'],
    ]);
    expect(added[0]!.target).toBe(`预警证据包_${WEEK}_${DAOLI}_限号_${DEPARTMENT}.pdf`);
    expect(JSON.parse(added[0]!.detail)).toMatchObject({
      format: 'pdf',
      week: WEEK,
      district: DAOLI,
      type: 'ticket_throttling',
      flags: 1,
    });
    expect(JSON.parse(added[1]!.detail)).toMatchObject({ format: 'xlsx', district: DAOLI });
  });

  it('records nothing for a refusal', async () => {
    const before = (await entries()).length;
    await call(pdfLoader, officer, `/flags/evidence.pdf?week=${WEEK}&district=${OTHER}`);
    expect((await entries()).length).toBe(before);
  });
});
