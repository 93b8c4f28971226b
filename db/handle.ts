/**
 * The server process's database, shared between the server entry (run by tsx) and the Remix
 * build (bundled by Vite), which load this module as two copies: the handle therefore lives on
 * globalThis under a registered symbol, not in a module variable.
 */
import type { Db } from './client';

const KEY = Symbol.for('fangguanfu.oversight.db');
type Holder = { [KEY]?: Db };

export function setProcessDb(db: Db | undefined): void {
  (globalThis as Holder)[KEY] = db;
}

export function processDb(): Db {
  const db = (globalThis as Holder)[KEY];
  if (!db)
    throw new Error('the database is not open: start the app with `npm start` or `npm run dev`');
  return db;
}
