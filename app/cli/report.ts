/**
 * npm run report -- --week 2020-W34 [--lang zh|en] [--district CODE] [--department 医保]
 *                   [--laggards N] --out FILE.pdf
 *
 * Writes the weekly PDF report from DATABASE_PATH — or, while the dashboard owns the database
 * file, asks the running server for it (GET /reports/2020-W34.pdf). The file appears whole or
 * not at all: bad input, a locked database or a failure leave nothing behind.
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DatabaseLockedError, openDatabase } from '../../db/client';
import { recordAudit } from '../../db/queries/audit';
import { cliActor } from '../auth/audit.server';
import { env } from '../../db/env';
import { CITY_SCOPE } from '../../db/scope';
import { readHandoffNote, type HandoffNote } from '../../etl/handoff';
import { parseReportOptions, parseReportWeek, type ReportOptions } from '../reports/options.server';
import type { Period } from '../../oversight/types';
import type { Bilingual } from '../../oversight/bilingual';

const USAGE =
  '用法 / usage: npm run report -- --week 2020-W34 [--lang zh|en] [--district CODE] [--department 医保] [--laggards N] --out FILE.pdf';

function fail(message: string, code: number): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

const both = (reason: Bilingual) => `${reason.zh} / ${reason.en}`;

async function fromDatabase(period: Period, options: ReportOptions): Promise<Uint8Array> {
  const path = env().DATABASE_PATH;
  const db = await openDatabase(path).catch((e: unknown) => {
    if (e instanceof DatabaseLockedError) {
      fail(
        `数据库正被另一个进程使用（PID ${e.holderPid ?? '?'}），请稍后重试 / the database is in use by another process (PID ${e.holderPid ?? '?'}); try again shortly`,
        1,
      );
    }
    throw e;
  });
  try {
    // Loaded only now: PDFKit, ECharts and the fonts are no part of refusing bad input.
    const { generateReport } = await import('../reports/report.server');
    // The CLI is an operator's tool on the server itself: it sees the whole city.
    const report = await generateReport(db, {
      scope: CITY_SCOPE,
      period,
      department: options.department,
      lang: options.lang ?? 'zh',
      districtCode: options.districtCode,
      laggards: options.laggards,
    });
    if (!report) {
      fail(
        both({
          zh: `找不到区划代码为 ${options.districtCode ?? ''} 的区县`,
          en: `there is no district with code ${options.districtCode ?? ''}`,
        }),
        1,
      );
    }
    // A report written by the command line leaves the system too: on the record as cli:<user>.
    await recordAudit(db, {
      ...cliActor(),
      action: 'export_pdf',
      target: report.fileName,
      detail: { week: period.label, lang: options.lang ?? 'zh', district: options.districtCode },
    });
    return report.bytes;
  } finally {
    db.close();
  }
}

/** The running dashboard generates the same report from the database it holds. */
async function fromServer(query: URLSearchParams, period: Period, note: HandoffNote) {
  const host = note.host.includes(':') ? `[${note.host}]` : note.host;
  const url = `http://${host}:${note.port}/reports/${period.label}.pdf?${query.toString()}`;
  const response = await fetch(url).catch(() => null);
  if (response?.ok && response.headers.get('content-type')?.startsWith('application/pdf')) {
    return new Uint8Array(await response.arrayBuffer());
  }
  const detail = response
    ? `HTTP ${response.status}: ${(await response.text()).slice(0, 200)}`
    : '';
  fail(
    `看板服务器（PID ${note.pid}）正在使用数据库，但没有返回报告${detail ? `（${detail}）` : ''}；请在浏览器中下载 /reports/${period.label}.pdf，或停止服务器后重试 / ` +
      `the dashboard (PID ${note.pid}) holds the database but did not return the report${detail ? ` (${detail})` : ''}; download /reports/${period.label}.pdf in the browser, or stop the server and try again`,
    1,
  );
}

/** Writes beside the target and renames, so a reader never sees half a PDF. */
function writeWhole(out: string, bytes: Uint8Array) {
  mkdirSync(dirname(out), { recursive: true });
  const partial = `${out}.${process.pid}.part`;
  try {
    writeFileSync(partial, bytes);
    renameSync(partial, out);
  } finally {
    rmSync(partial, { force: true });
  }
}

async function main() {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        week: { type: 'string' },
        lang: { type: 'string' },
        district: { type: 'string' },
        department: { type: 'string' },
        laggards: { type: 'string' },
        out: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (e) {
    fail(`${(e as Error).message}\n${USAGE}`, 1);
  }
  if (values.help) fail(USAGE, 0);
  if (!values.week) fail(`请用 --week 指定周次 / --week is required\n${USAGE}`, 1);
  if (!values.out) fail(`请用 --out 指定输出文件 / --out is required\n${USAGE}`, 1);

  const week = parseReportWeek(values.week);
  if (!week.ok) fail(`${both(week.reason)}\n${USAGE}`, 1);
  // The same names the route takes as query parameters, validated by the same function.
  const query = new URLSearchParams();
  for (const key of ['lang', 'district', 'department', 'laggards'] as const) {
    const v = values[key];
    if (v !== undefined) query.set(key, v);
  }
  const options = parseReportOptions(query);
  if (!options.ok) fail(`${both(options.reason)}\n${USAGE}`, 1);

  const note = readHandoffNote(env().DATABASE_PATH);
  const bytes = note
    ? await fromServer(query, week.value, note)
    : await fromDatabase(week.value, options.value);
  const out = resolve(values.out);
  writeWhole(out, bytes);
  process.stdout.write(`已生成 / written: ${out} (${Math.round(bytes.length / 1024)} KB)\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`失败 / failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
