/**
 * npm run etl -- <files or folders…> [--kind K] [--dry-run]
 *
 * Loads one batch into the database at DATABASE_PATH, or hands it to the running dashboard
 * server when that owns the file. Exit code 0 when the batch loaded (or had nothing new),
 * 1 when it was rejected, 2 for a usage problem.
 */
import { existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { DatabaseLockedError, openDatabase } from '../db/client';
import { env } from '../db/env';
import { applyMigrations } from '../db/migrate';
import { KINDS } from './contract';
import { collectFiles } from './files';
import { formatLoadReport } from './format';
import { handOff, readHandoffNote, ServerUnreachableError } from './handoff';
import { load, type LoadReport, type SourceFile } from './load';
import { progressPrinter } from './progress';

const USAGE = `用法 / usage: npm run etl -- <文件或文件夹 files or folders…> [--kind ${KINDS.join('|')}] [--dry-run]`;

const argsSchema = z.object({
  paths: z.array(z.string()).min(1, '至少给出一个文件或文件夹 / give at least one file or folder'),
  kind: z.enum(KINDS).optional(),
  dryRun: z.boolean(),
});

function fail(message: string, code = 2): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        kind: { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    fail(`${(e as Error).message}\n${USAGE}`);
  }
  if (parsed.values.help) fail(USAGE, 0);
  const args = argsSchema.safeParse({
    paths: parsed.positionals,
    kind: parsed.values.kind,
    dryRun: parsed.values['dry-run'],
  });
  if (!args.success) fail(`${args.error.issues.map((i) => i.message).join('\n')}\n${USAGE}`);
  const missing = args.data.paths.filter((p) => !existsSync(p));
  if (missing.length) fail(`找不到 / not found: ${missing.join(', ')}`);
  const files = collectFiles(args.data.paths);
  if (files.length === 0)
    fail('没有找到 .csv/.tsv/.txt/.xlsx 文件 / no .csv, .tsv, .txt or .xlsx files found');

  const { DATABASE_PATH } = env();
  const loadedBy = userInfo().username;
  const options = { kind: args.data.kind, dryRun: args.data.dryRun };
  const report =
    (await handOffToServer(DATABASE_PATH, files, options, loadedBy)) ??
    (await loadDirectly(DATABASE_PATH, files, options, loadedBy));
  process.stdout.write(`${formatLoadReport(report)}\n`);
  process.exitCode = report.outcome === 'rejected' ? 1 : 0;
}

type Options = { kind?: (typeof KINDS)[number]; dryRun: boolean };

/** The report from the running server, or null when no server owns the database. */
async function handOffToServer(
  databasePath: string,
  files: SourceFile[],
  options: Options,
  loadedBy: string,
): Promise<LoadReport | null> {
  const { OVERSIGHT_TOKEN, HOST, PORT } = env();
  const own = readHandoffNote(databasePath);
  // With a data officer's token, the batch goes to the server named in the environment even
  // when its note (readable only by the server's user) cannot be read.
  const note = OVERSIGHT_TOKEN
    ? {
        pid: own?.pid ?? 0,
        host: own?.host ?? HOST,
        port: own?.port ?? PORT,
        token: OVERSIGHT_TOKEN,
      }
    : own;
  if (!note) return null;
  process.stderr.write(
    `看板服务正在使用数据库，批次交由服务导入 / the dashboard server owns the database: handing the batch to it${note.pid ? ` (PID ${note.pid})` : ''}\n`,
  );
  try {
    return await handOff(note, {
      paths: files.map((f) => ({ name: f.name, path: f.path! })),
      ...options,
      loadedBy,
    });
  } catch (e) {
    if (!(e instanceof ServerUnreachableError)) throw e;
    process.stderr.write(
      '服务没有响应，改为直接导入 / the server did not answer: loading directly\n',
    );
    return null;
  }
}

async function loadDirectly(
  databasePath: string,
  files: SourceFile[],
  options: Options,
  loadedBy: string,
): Promise<LoadReport> {
  let db;
  try {
    db = await openDatabase(databasePath);
  } catch (e) {
    if (!(e instanceof DatabaseLockedError)) throw e;
    const pid = e.holderPid;
    fail(
      `数据库 ${databasePath} 正被另一个进程${pid ? `（PID ${pid}）` : ''}使用，且它不是可接收批次的看板服务。` +
        `请等它结束后重试，或启动看板（npm start）后再运行本命令。\n` +
        `The database ${databasePath} is in use by another process${pid ? ` (PID ${pid})` : ''} that is not a dashboard server able to take the batch. ` +
        `Wait for it to finish and retry, or start the dashboard (npm start) and run this command again.`,
      1,
    );
  }
  try {
    await applyMigrations(db);
    const progress = progressPrinter(process.stderr);
    const report = await load(db, files, {
      ...options,
      source: 'cli',
      loadedBy,
      onProgress: progress.update,
    });
    progress.done();
    return report;
  } finally {
    db.close();
  }
}

main().catch((e: unknown) => {
  // Unexpected failures: one readable line (in both languages where the error has them),
  // details only when asked for with DEBUG=1.
  const message = e instanceof Error ? e.message : String(e);
  const zh = typeof (e as { zh?: unknown }).zh === 'string' ? `${(e as { zh: string }).zh} / ` : '';
  process.stderr.write(`导入失败 / load failed: ${zh}${message}\n`);
  if (process.env.DEBUG) console.error(e);
  process.exit(1);
});
