/**
 * The dashboard server: owns the DuckDB file for as long as it runs, serves the Remix app,
 * takes ETL batches handed over by `npm run etl`, and loads what lands in the inbox.
 */
import { timingSafeEqual } from 'node:crypto';
import { createRequestHandler } from '@remix-run/express';
import type { ServerBuild } from '@remix-run/node';
import express from 'express';
import { z } from 'zod';
import { writeRateLimit } from './app/auth/rate-limit.server';
import {
  resolveSessionSecret,
  SessionSecretError,
  setSessionSecret,
} from './app/auth/secret.server';
import {
  cspLoadContext,
  noStore,
  sameOriginWrites,
  securityHeaders,
} from './app/auth/security-headers.server';
import { startReportSchedule } from './app/reports/schedule.server';
import { DatabaseLockedError, openDatabase, type Db } from './db/client';
import { env } from './db/env';
import { setProcessDb } from './db/handle';
import { applyMigrations } from './db/migrate';
import { KINDS } from './etl/contract';
import { HANDOFF_PATH, removeHandoffNote, writeHandoffNote } from './etl/handoff';
import { InboxWatcher } from './etl/inbox';
import { load } from './etl/load';
import { ensureRollups } from './etl/rollups';
import { viewerOfApiToken } from './app/auth/tokens.server';
import { can } from './app/auth/roles';
import { recordAudit } from './db/queries/audit';

const config = env();
const production = config.NODE_ENV === 'production';

// No weak or missing session secret outside demo mode: refuse to start, saying how to fix it.
try {
  setSessionSecret(resolveSessionSecret(config));
} catch (e) {
  if (!(e instanceof SessionSecretError)) throw e;
  console.error(`看板无法启动 / the dashboard cannot start:\n${e.zh}\n${e.en}`);
  process.exit(1);
}

let db: Db;
try {
  // Serving: SQL may not touch files or the network, and the settings are frozen.
  db = await openDatabase(config.DATABASE_PATH, { lockDown: true });
} catch (e) {
  if (e instanceof DatabaseLockedError) {
    console.error(
      `数据库 ${config.DATABASE_PATH} 正被另一个进程${e.holderPid ? `（PID ${e.holderPid}）` : ''}使用，看板无法启动。请先结束该进程（例如正在运行的 npm run etl 或另一个看板）。\n` +
        `The database ${config.DATABASE_PATH} is in use by another process${e.holderPid ? ` (PID ${e.holderPid})` : ''}; stop it (a running npm run etl or another dashboard) and start again.`,
    );
    process.exit(1);
  }
  throw e;
}
await applyMigrations(db);
// Rollups made by another version of the rules (or none yet, after an upgrade) are rebuilt
// before the first request; until then readers would fall back to the raw tables.
const rebuilt = await db.withTransaction((tx) => ensureRollups(tx));
if (rebuilt)
  console.log(
    `每周汇总已重建 / weekly rollups rebuilt: ${rebuilt.weeks} weeks, ${Math.round(rebuilt.ms)} ms`,
  );
setProcessDb(db);

const viteDevServer = production
  ? undefined
  : await import('vite').then((vite) => vite.createServer({ server: { middlewareMode: true } }));

const app = express();
app.disable('x-powered-by');
// Security headers and the client address first, then the write budget and the Origin rule.
app.use(securityHeaders({ development: !production }));
app.use(writeRateLimit(config.WRITE_RATE_PER_MINUTE));
app.use(sameOriginWrites());

const handoffRequest = z.object({
  paths: z.array(z.object({ name: z.string(), path: z.string() })).min(1),
  kind: z.enum(KINDS).optional(),
  dryRun: z.boolean().optional(),
  loadedBy: z.string().min(1),
});

let handoffToken = '';
app.post(HANDOFF_PATH, express.json({ limit: '1mb' }), async (req, res) => {
  const bearer = (req.headers.authorization ?? '').replace(/^Bearer /, '');
  const given = Buffer.from(bearer);
  const expected = Buffer.from(handoffToken);
  // The server's own note token (the CLI run by the server's OS user), or a data officer's API
  // token. No note token until the note is written: never compare against ''.
  const byNote =
    handoffToken !== '' && given.length === expected.length && timingSafeEqual(given, expected);
  const officer = byNote ? null : await viewerOfApiToken(db, bearer);
  if (!byNote && !officer) {
    res.status(401).json({ error: 'unauthorized', zh: 'API 令牌无效或已撤销' });
    return;
  }
  if (officer && !can(officer.role, 'load_data')) {
    res.status(403).json({
      error: `${officer.username} may not load data (role ${officer.role})`,
      zh: `${officer.username} 无权导入数据（角色 ${officer.role}）`,
    });
    return;
  }
  const body = handoffRequest.safeParse(req.body);
  if (!body.success) {
    res.status(400).json({ error: body.error.issues.map((i) => i.message).join('; ') });
    return;
  }
  try {
    const loadedBy = officer?.username ?? body.data.loadedBy;
    const report = await load(db, body.data.paths, {
      kind: body.data.kind,
      dryRun: body.data.dryRun,
      source: 'cli',
      loadedBy,
    });
    if (!report.dryRun) {
      await recordAudit(db, {
        actor: officer ? officer.username : `cli:${loadedBy}`,
        actorRole: officer?.role ?? null,
        action: 'load',
        target: report.files.map((f) => f.file).join(', '),
        detail: { batchId: report.batchId, outcome: report.outcome, errors: report.errorCount },
        ip: req.ip ?? null,
      });
    }
    res.json(report);
  } catch (e) {
    // Errors that carry a Chinese message are the user's to fix (e.g. two files with one name).
    const zh = (e as { zh?: unknown }).zh;
    if (typeof zh === 'string') {
      res.status(400).json({ error: (e as Error).message, zh });
      return;
    }
    console.error('handed-over batch failed', e);
    res.status(500).json({ error: (e as Error).message });
  }
});

if (viteDevServer) {
  app.use(viteDevServer.middlewares);
} else {
  app.use('/assets', express.static('build/client/assets', { immutable: true, maxAge: '1y' }));
  app.use(express.static('build/client', { maxAge: '1h' }));
}
app.use(express.static('public', { maxAge: '1h' }));

const build = viteDevServer
  ? () => viteDevServer.ssrLoadModule('virtual:remix/server-build') as Promise<ServerBuild>
  : ((await import(new URL('./build/server/index.js', import.meta.url).href)) as ServerBuild);
app.all(
  '*',
  noStore,
  createRequestHandler({ build, mode: config.NODE_ENV, getLoadContext: cspLoadContext }),
);

const server = app.listen(config.PORT, config.HOST, () => {
  handoffToken = writeHandoffNote(config.DATABASE_PATH, config.HOST, config.PORT).token;
  console.log(
    `看板已启动 / dashboard ready: http://${config.HOST === '0.0.0.0' ? 'localhost' : config.HOST}:${config.PORT}`,
  );
});

const inbox = config.INBOX_DIR
  ? new InboxWatcher(config.INBOX_DIR, config.INBOX_SETTLE_SECONDS * 1000, (batch) =>
      load(db, batch.files, { source: 'inbox', loadedBy: 'inbox' }),
    )
  : null;
inbox?.start();

// Last week's city-wide PDF report into REPORT_DIR at REPORT_SCHEDULE (Mondays 07:00, Beijing).
const reportSchedule = startReportSchedule(db, config);

let stopping = false;
async function shutdown() {
  if (stopping) return;
  stopping = true;
  removeHandoffNote(config.DATABASE_PATH);
  await inbox?.stop();
  await reportSchedule?.stop();
  server.close();
  await viteDevServer?.close();
  db.close();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown());
process.on('SIGTERM', () => void shutdown());
