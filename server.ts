/**
 * The dashboard server: owns the DuckDB file for as long as it runs, serves the Remix app,
 * takes ETL batches handed over by `npm run etl`, and loads what lands in the inbox.
 */
import { timingSafeEqual } from 'node:crypto';
import { createRequestHandler } from '@remix-run/express';
import type { ServerBuild } from '@remix-run/node';
import express from 'express';
import { z } from 'zod';
import { DatabaseLockedError, openDatabase, type Db } from './db/client';
import { env } from './db/env';
import { setProcessDb } from './db/handle';
import { applyMigrations } from './db/migrate';
import { KINDS } from './etl/contract';
import { HANDOFF_PATH, removeHandoffNote, writeHandoffNote } from './etl/handoff';
import { InboxWatcher } from './etl/inbox';
import { load } from './etl/load';

const config = env();
const production = config.NODE_ENV === 'production';

let db: Db;
try {
  db = await openDatabase(config.DATABASE_PATH);
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
setProcessDb(db);

const viteDevServer = production
  ? undefined
  : await import('vite').then((vite) => vite.createServer({ server: { middlewareMode: true } }));

const app = express();
app.disable('x-powered-by');

const handoffRequest = z.object({
  paths: z.array(z.object({ name: z.string(), path: z.string() })).min(1),
  kind: z.enum(KINDS).optional(),
  dryRun: z.boolean().optional(),
  loadedBy: z.string().min(1),
});

let handoffToken = '';
app.post(HANDOFF_PATH, express.json({ limit: '1mb' }), async (req, res) => {
  const given = Buffer.from((req.headers.authorization ?? '').replace(/^Bearer /, ''));
  const expected = Buffer.from(handoffToken);
  // No token until the note is written: refuse rather than compare against ''.
  if (!handoffToken || given.length !== expected.length || !timingSafeEqual(given, expected)) {
    res.status(401).json({ error: 'unauthorized' });
    return;
  }
  const body = handoffRequest.safeParse(req.body);
  if (!body.success) {
    res.status(400).json({ error: body.error.issues.map((i) => i.message).join('; ') });
    return;
  }
  try {
    const report = await load(db, body.data.paths, {
      kind: body.data.kind,
      dryRun: body.data.dryRun,
      source: 'cli',
      loadedBy: body.data.loadedBy,
    });
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
app.all('*', createRequestHandler({ build, mode: config.NODE_ENV }));

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

let stopping = false;
async function shutdown() {
  if (stopping) return;
  stopping = true;
  removeHandoffNote(config.DATABASE_PATH);
  await inbox?.stop();
  server.close();
  await viteDevServer?.close();
  db.close();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown());
process.on('SIGTERM', () => void shutdown());
