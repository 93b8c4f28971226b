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
  /** Where the server archives the weekly PDF reports it generates on schedule. */
  REPORT_DIR: z.string().min(1).default('data/reports'),
  /**
   * When the server generates last week's city-wide report: a weekday and a 24-hour time in
   * REPORT_TIMEZONE ("MON 07:00"), or "off".
   */
  REPORT_SCHEDULE: z
    .string()
    .trim()
    .regex(
      /^(off|(MON|TUE|WED|THU|FRI|SAT|SUN) ([01]\d|2[0-3]):[0-5]\d)$/i,
      'a weekday and time such as "MON 07:00", or "off"',
    )
    .default('MON 07:00'),
  /** The clock REPORT_SCHEDULE is read on: the readers' (Beijing time), whatever the server's. */
  REPORT_TIMEZONE: z
    .string()
    .refine((zone) => {
      try {
        new Intl.DateTimeFormat('en-US', { timeZone: zone });
        return true;
      } catch {
        return false;
      }
    }, 'an IANA time zone such as Asia/Shanghai')
    .default('Asia/Shanghai'),
  /** How many districts at the bottom of the ranking get a page of their own in the report. */
  REPORT_LAGGARDS: z.coerce.number().int().min(0).max(20).default(3),
  /**
   * HMAC key for CSRF tokens and the login form's cookie (app/auth/secret.server.ts). The
   * server refuses to start without a strong one (≥ 256 random bits) unless OVERSIGHT_DEMO is on.
   */
  SESSION_SECRET: z.string().optional(),
  /** `npm run demo`: a random session secret kept beside the database stands in for one. */
  OVERSIGHT_DEMO: z.stringbool().default(false),
  /** A session unused this long has ended. */
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(1440).default(60),
  /** A session ends this long after sign-in however active it is (a working day and then some). */
  SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(720).default(12),
  /** Wrong passwords for one username before it is locked (an address gets four times as many). */
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
  LOGIN_LOCK_MINUTES: z.coerce.number().int().min(1).max(1440).default(15),
  /**
   * `npm run etl` while the dashboard runs: a data officer's API token (`npm run user -- token`)
   * to hand the batch over with, for users who cannot read the server's own note.
   */
  OVERSIGHT_TOKEN: z.string().min(1).optional(),
  /** Rectification cases (oversight/cases.ts): working days allowed by kind. */
  CASE_IMMEDIATE_DAYS: z.coerce.number().int().min(1).max(60).default(5),
  CASE_DEADLINE_DAYS: z.coerce.number().int().min(1).max(120).default(15),
  /** Complete weeks without the case's flags, after the response, before it may be closed. */
  CASE_VERIFY_WEEKS: z.coerce.number().int().min(1).max(26).default(2),
  /** Weeks after closing in which a returning flag of the same type reopens the case (回头看). */
  CASE_REOPEN_WEEKS: z.coerce.number().int().min(0).max(52).default(8),
  /** Open a case for a high-severity flag open this many weeks with none; "off" by default. */
  CASE_AUTO_OPEN_WEEKS: z
    .union([z.literal('off'), z.coerce.number().int().min(1).max(52)])
    .default('off'),
  /** Where files attached to case responses are kept (by SHA-256), outside the database. */
  CASE_FILES_DIR: z.string().min(1).default('data/case-files'),
  /** Largest attached file, in megabytes. */
  CASE_FILE_MAX_MB: z.coerce.number().min(0.1).max(100).default(10),
  /** State-changing requests (form posts, uploads) per client address per minute. */
  WRITE_RATE_PER_MINUTE: z.coerce.number().int().min(1).default(60),
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
