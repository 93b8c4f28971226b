/**
 * npm run flags -- --week 2020-W34 [--department 医保] [--type T] [--district CODE] [--json]
 *
 * Prints the period's flags as a table, or the /api/flags JSON array, from DATABASE_PATH — or
 * from the running dashboard's API when the server owns the database file.
 */
import { parseArgs } from 'node:util';
import { DatabaseLockedError, openDatabase } from '../../db/client';
import { env } from '../../db/env';
import { CITY_SCOPE } from '../../db/scope';
import { readHandoffNote } from '../../etl/handoff';
import { toApiFlag } from '../flags/json.server';
import { loadFlags } from '../weeks/oversight.server';
import { readFlagFilter, readPeriodParams } from '../http/params.server';
import type { Bilingual } from '../../oversight/bilingual';

const USAGE =
  '用法 / usage: npm run flags -- [--week 2020-W34 | --period 2020-08] [--department 医保] [--type TYPE] [--district CODE] [--severity high|medium|low] [--json]';

type ApiFlag = ReturnType<typeof toApiFlag>;

function fail(message: string, code: number): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

/** The same query string the API takes, so both roads validate alike. */
function queryString(values: Record<string, string | boolean | undefined>): URL {
  const url = new URL('http://cli/api/flags');
  for (const key of ['week', 'period', 'department', 'type', 'district', 'severity']) {
    const v = values[key];
    if (typeof v === 'string') url.searchParams.set(key, v);
  }
  return url;
}

async function errorText(e: unknown): Promise<string | null> {
  if (!(e instanceof Response)) return null;
  const body = (await e.json()) as { error: Bilingual };
  return `${body.error.zh} / ${body.error.en}`;
}

async function fromDatabase(url: URL): Promise<ApiFlag[]> {
  const db = await openDatabase(env().DATABASE_PATH).catch((e: unknown) => {
    if (e instanceof DatabaseLockedError) {
      fail(
        `数据库正被另一个进程使用（PID ${e.holderPid ?? '?'}），请稍后重试 / the database is in use by another process (PID ${e.holderPid ?? '?'}); try again shortly`,
        1,
      );
    }
    throw e;
  });
  try {
    // The CLI is an operator's tool on the server itself: it sees the whole city.
    const { period, department } = await readPeriodParams(url, db, CITY_SCOPE);
    const filter = readFlagFilter(url);
    if (!period) return [];
    return (await loadFlags(db, { scope: CITY_SCOPE, period, department }, filter)).map(toApiFlag);
  } finally {
    db.close();
  }
}

async function fromServer(url: URL, note: { host: string; port: number }): Promise<ApiFlag[]> {
  const response = await fetch(`http://${note.host}:${note.port}/api/flags${url.search}`);
  if (response.status === 400) throw new Response(await response.text(), { status: 400 });
  if (!response.ok) throw new Error(`the server answered HTTP ${response.status}`);
  return (await response.json()) as ApiFlag[];
}

const SEVERITY_ZH = { high: '高', medium: '中', low: '低' } as const;

function printTable(flags: ApiFlag[]): void {
  if (flags.length === 0) {
    console.log('本期没有预警 / no flags for this period');
    return;
  }
  for (const f of flags) {
    const since = f.first_seen === f.period ? '' : ` (自/since ${f.first_seen})`;
    console.log(
      `[${SEVERITY_ZH[f.severity]}/${f.severity}] ${f.type}  ${f.district_name} ${f.district_code} ${f.department}${since}`,
    );
    console.log(`    ${f.title_zh}`);
    console.log(`    ${f.title_en}`);
  }
  console.log(`\n${flags.length} 条预警 / flags`);
}

async function main() {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        week: { type: 'string' },
        period: { type: 'string' },
        department: { type: 'string' },
        type: { type: 'string' },
        district: { type: 'string' },
        severity: { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (e) {
    fail(`${(e as Error).message}\n${USAGE}`, 2);
  }
  if (values.help) fail(USAGE, 0);
  const url = queryString(values);
  const note = readHandoffNote(env().DATABASE_PATH);
  let flags: ApiFlag[];
  try {
    flags = note ? await fromServer(url, note) : await fromDatabase(url);
  } catch (e) {
    const text = e instanceof Response && e.status === 400 ? await errorText(e) : null;
    if (text) fail(`${text}\n${USAGE}`, 2);
    throw e;
  }
  if (values.json) process.stdout.write(`${JSON.stringify(flags, null, 2)}\n`);
  else printTable(flags);
}

main().catch((e: unknown) => {
  process.stderr.write(`失败 / failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
