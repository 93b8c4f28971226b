/**
 * The report's web side, called the way Remix calls it over the demo data, as a leader and as
 * a district officer (API tokens): GET /reports/2020-W34.pdf with a sensible file name, a
 * malformed week refused in the reader's language, a district officer's report limited to
 * their district, and the archive the schedule writes (and catches up on at start) listed at
 * /reports and served byte for byte.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/client';
import { setProcessDb } from '../../db/handle';
import { listReports } from '../../db/queries/reports';
import { CITY_SCOPE } from '../../db/scope';
import { cliActor } from '../../app/auth/audit.server';
import { addUser, issueToken } from '../../app/auth/users.server';
import { langCookie } from '../../app/http/lang.server';
import { ReportSchedule } from '../../app/reports/schedule.server';
import { loader as pdfLoader } from '../../app/routes/reports.$week[.pdf]';
import { loader as archiveLoader } from '../../app/routes/reports._index';
import { writeDemoFiles } from '../../etl/demo/generate';
import { collectFiles } from '../../etl/files';
import { load } from '../../etl/load';
import { freshDb, tempDir } from '../helpers/db';
import { pdfText } from '../helpers/report-pdf';

let db: Db;
// The archive folder the routes read (REPORT_DIR), set before the configuration is first read.
const temp = tempDir('report-routes-');
const archiveDir = join(temp.dir, 'reports');
process.env.REPORT_DIR = archiveDir;
const tokens: Record<'leader' | 'daoli', string> = { leader: '', daoli: '' };
const PASSWORD = 'ice lanterns on the songhua';

beforeAll(async () => {
  await writeDemoFiles(join(temp.dir, 'demo'));
  db = await freshDb();
  const report = await load(db, collectFiles([join(temp.dir, 'demo')]), {
    source: 'test',
    loadedBy: 'report-routes.test',
  });
  expect(report.outcome).toBe('committed');
  setProcessDb(db);
  await addUser(
    db,
    { username: 'leader', role: 'leader', districtCodes: [], password: PASSWORD },
    cliActor(),
  );
  await addUser(
    db,
    { username: 'daoli', role: 'district_officer', districtCodes: ['230102'], password: PASSWORD },
    cliActor(),
  );
  tokens.leader = (await issueToken(db, 'leader', cliActor())).token;
  tokens.daoli = (await issueToken(db, 'daoli', cliActor())).token;
});
afterAll(() => {
  setProcessDb(undefined);
  db?.close();
  temp.cleanup();
});

async function get(path: string, lang?: 'zh' | 'en', as: keyof typeof tokens = 'leader') {
  const headers: Record<string, string> = { Authorization: `Bearer ${tokens[as]}` };
  if (lang) headers.Cookie = await langCookie.serialize(lang);
  const request = new Request(`http://localhost${path}`, { headers });
  const url = new URL(request.url);
  const week = /^\/reports\/(.+)\.pdf$/.exec(url.pathname)?.[1];
  const loader = week === undefined ? archiveLoader : pdfLoader;
  try {
    const result: unknown = await loader({
      request,
      params: week === undefined ? {} : { week },
      context: {},
    });
    return result;
  } catch (e) {
    if (e instanceof Response) return e;
    throw e;
  }
}

describe('GET /reports/:week.pdf', () => {
  it('answers the PDF with 放管服督查周报_2020-W34.pdf as its name', async () => {
    const response = (await get('/reports/2020-W34.pdf')) as Response;
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toBe('application/pdf');
    const disposition = response.headers.get('Content-Disposition')!;
    expect(disposition).toContain(
      `filename*=UTF-8''${encodeURIComponent('放管服督查周报_2020-W34.pdf')}`,
    );
    expect(disposition).toContain('filename="oversight-report_2020-W34.pdf"');
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect(Buffer.from(bytes.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
  });

  it.each([
    { lang: 'zh' as const, text: /周次 W99 无效/ },
    { lang: 'en' as const, text: /W99 is not a week/ },
  ])('refuses a malformed week with a 400 in $lang', async ({ lang, text }) => {
    const response = (await get('/reports/2020-W99.pdf', lang)) as Response;
    expect(response.status).toBe(400);
    const body = await response.text();
    expect(body).toMatch(text);
    expect(body).not.toMatch(/\bat /);
  });

  it('is a 404 for a district that does not exist', async () => {
    const response = (await get('/reports/2020-W34.pdf?district=999999')) as Response;
    expect(response.status).toBe(404);
  });

  it('gives a district officer their district’s own report, and nothing beyond it', async () => {
    const own = (await get('/reports/2020-W34.pdf', undefined, 'daoli')) as Response;
    expect(own.status).toBe(200);
    expect(own.headers.get('Content-Disposition')).toContain(
      encodeURIComponent('放管服督查周报_2020-W34_230102.pdf'),
    );
    const text = await pdfText(new Uint8Array(await own.arrayBuffer()));
    expect(text.all).toContain('哈尔滨市道里区放管服改革督查周报');
    expect(text.all).not.toContain('南岗区');
    const other = (await get(
      '/reports/2020-W34.pdf?district=230103',
      undefined,
      'daoli',
    )) as Response;
    expect(other.status).toBe(403);
  });
});

describe('the archive', () => {
  // Monday 2020-08-24, 08:00 in Beijing: the 07:00 slot for 2020-W34 has just passed.
  const monday = () => new Date('2020-08-24T00:00:00Z');
  const schedule = () =>
    new ReportSchedule(db, {
      dir: archiveDir,
      when: { weekday: 1, hour: 7, minute: 0 },
      timeZone: 'Asia/Shanghai',
      laggards: 3,
      now: monday,
    });

  it('a server started after the slot catches up on last week’s report, once', async () => {
    const first = schedule();
    first.start();
    await first.stop();
    const [record] = await listReports(db, CITY_SCOPE);
    expect(record).toMatchObject({ week: '2020-W34', lang: 'zh', districtCode: '' });
    // Archived for download, it is on the audit record under the schedule.
    const archivedEntries = await db.all<{ actor: string; target: string }>({
      sql: "SELECT actor, target FROM audit_log WHERE action = 'export_pdf' AND actor = 'schedule'",
    });
    expect(archivedEntries).toEqual([{ actor: 'schedule', target: record!.fileName }]);
    expect(first.nextRun().toISOString()).toBe('2020-08-30T23:00:00.000Z');

    const second = schedule();
    second.start();
    await second.stop();
    expect(await listReports(db, CITY_SCOPE)).toEqual([record]);
  });

  it('is listed at /reports and served byte for byte', async () => {
    const page = (await get('/reports')) as { reports: { week: string; fileName: string }[] };
    expect(page.reports.map((r) => r.week)).toEqual(['2020-W34']);
    const archived = readFileSync(join(archiveDir, page.reports[0]!.fileName));
    const response = (await get('/reports/2020-W34.pdf?archived=1')) as Response;
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer()).equals(archived)).toBe(true);
    // Same data, same bytes: the archived copy is what the route generates now.
    const fresh = (await get('/reports/2020-W34.pdf')) as Response;
    expect(Buffer.from(await fresh.arrayBuffer()).equals(archived)).toBe(true);
  });

  it('keeps the scheduled city-wide report from a district officer, in the list and by URL', async () => {
    // The schedule renders with the city's rights; its file must not reach narrower eyes.
    const page = (await get('/reports', undefined, 'daoli')) as { reports: unknown[] };
    expect(page.reports).toEqual([]);
    const response = (await get(
      '/reports/2020-W34.pdf?archived=1',
      undefined,
      'daoli',
    )) as Response;
    expect(response.status).toBe(404);
  });

  it('a week with no data in the archive is a 404 for ?archived=1', async () => {
    const response = (await get('/reports/2020-W10.pdf?archived=1')) as Response;
    expect(response.status).toBe(404);
  });

  it('the form on /reports leads to the PDF', async () => {
    const response = (await get(
      '/reports?generate=1&week=2020-w34&lang=en&district=&laggards=2',
    )) as Response;
    expect(response.status).toBe(302);
    expect(response.headers.get('Location')).toBe('/reports/2020-W34.pdf?lang=en&laggards=2');
  });
});
