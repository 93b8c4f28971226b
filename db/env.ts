/**
 * Configuration, parsed once from process.env with zod. Nothing else reads process.env.
 * (It lives in db/ because every layer — the server, the CLIs and the ETL — needs it and db/
 * is the one layer all of them may import.)
 */
import { z } from 'zod';

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_PATH: z.string().min(1).default('data/oversight.duckdb'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  /** Folder the server watches for nightly exports; '' turns the watcher off. */
  INBOX_DIR: z.string().default('data/inbox'),
  /**
   * DuckDB's buffer-pool cap. Past it, staging tables of a large load spill to disk instead of
   * growing the process (DuckDB's own default is 80% of RAM).
   */
  DUCKDB_MEMORY_LIMIT: z
    .string()
    .regex(/^\d+(\.\d+)?\s*(KB|MB|GB|KiB|MiB|GiB)$/i, 'e.g. 512MB or 2GB')
    .default('512MB'),
  /** Seconds a file must sit unchanged in the inbox before it counts as completely written. */
  INBOX_SETTLE_SECONDS: z.coerce.number().min(0).default(5),
});

export type Env = z.infer<typeof schema>;

let cached: Env | null = null;

export function readEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((i) => `  ${i.path.join('.')}: ${i.message}`)
      .join('\n');
    throw new Error(`Invalid environment / 环境变量有误:\n${problems}`);
  }
  return parsed.data;
}

/** The process's configuration, parsed on first use. */
export function env(): Env {
  cached ??= readEnv();
  return cached;
}
