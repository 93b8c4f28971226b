/** Applies db/migrations/NNNN_*.sql in order, each once, each in its own transaction. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from './client';

/**
 * The folder beside this module, or under the working directory when this code runs from the
 * bundled server build (whose import.meta.url points into build/).
 */
function migrationsDir(): string {
  const beside = fileURLToPath(new URL('./migrations', import.meta.url));
  return existsSync(beside) ? beside : join(process.cwd(), 'db', 'migrations');
}

export async function applyMigrations(db: Db, dir = migrationsDir()): Promise<string[]> {
  await db.run({
    sql: 'CREATE TABLE IF NOT EXISTS schema_migrations (version VARCHAR PRIMARY KEY, applied_at TIMESTAMP NOT NULL)',
  });
  const done = new Set(
    (await db.all<{ version: string }>({ sql: 'SELECT version FROM schema_migrations' })).map(
      (r) => r.version,
    ),
  );
  const pending = readdirSync(dir)
    .filter((f) => /^\d{4}_.+\.sql$/.test(f) && !done.has(f))
    .sort();
  for (const file of pending) {
    const body = readFileSync(join(dir, file), 'utf8');
    await db.withTransaction(async (tx) => {
      await tx.connection.run(body);
      await tx.run({
        sql: 'INSERT INTO schema_migrations VALUES ($1, current_timestamp)',
        params: [file],
      });
    });
  }
  return pending;
}
