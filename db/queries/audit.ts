/**
 * The audit log: who did what, when, from which address. Append-only by construction — this
 * module is the only one that touches audit_log and it exports an insert and two reads, no
 * UPDATE and no DELETE.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../client';

/** Every kind of recorded event. A new kind is added here and in the i18n `audit.action.*` keys. */
export const AUDIT_ACTIONS = [
  'login_success',
  'login_failure',
  'logout',
  'load',
  'export_csv',
  'export_pdf',
  'export_evidence',
  'view_evidence',
  'user_add',
  'user_passwd',
  'user_disable',
  'user_enable',
  'token_issue',
  'token_revoke',
  'target_change',
  'threshold_change',
  'case_open',
  'case_action',
  'case_file',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export function isAuditAction(value: unknown): value is AuditAction {
  return typeof value === 'string' && (AUDIT_ACTIONS as readonly string[]).includes(value);
}

export interface AuditEntry {
  /** Username, or `cli:<os user>` for the command line, `inbox` for the inbox watcher. */
  actor: string;
  actorRole: string | null;
  action: AuditAction;
  /** What was acted on: a username, a file name, a flag key, a report week… */
  target?: string | null;
  /** Anything else worth keeping, as a small JSON object (counts, ids, filters — never secrets). */
  detail?: Record<string, unknown> | null;
  ip?: string | null;
  /** Epoch milliseconds; now when absent. */
  at?: number;
}

/** A detail larger than this is cut: the log records facts about an event, not its payload. */
const MAX_DETAIL_CHARS = 4000;

function detailText(detail: Record<string, unknown> | null | undefined): string | null {
  if (!detail) return null;
  const text = JSON.stringify(detail);
  return text.length <= MAX_DETAIL_CHARS
    ? text
    : JSON.stringify({ truncated: true, start: text.slice(0, MAX_DETAIL_CHARS) });
}

export async function recordAudit(db: Executor, entry: AuditEntry): Promise<void> {
  const at = entry.at ?? Date.now();
  await db.run(sql`
    INSERT INTO audit_log (occurred_at, actor, actor_role, action, target, detail, ip)
    VALUES (epoch_ms(${at}::BIGINT), ${entry.actor}, ${entry.actorRole}, ${entry.action},
            ${entry.target ?? null}, ${detailText(entry.detail)}, ${entry.ip ?? null})`);
}

export interface AuditFilter {
  action?: AuditAction;
  /** Exact username (or `cli:…`) of the actor. */
  actor?: string;
}

export interface AuditRow {
  auditId: number;
  /** 'YYYY-MM-DD HH:MM:SS.mmm', UTC, as formatDateTime expects. */
  occurredAt: string;
  actor: string;
  actorRole: string | null;
  action: string;
  target: string | null;
  detail: Record<string, unknown> | null;
  ip: string | null;
}

export interface AuditPage {
  rows: AuditRow[];
  total: number;
  page: number;
  pageSize: number;
}

function whereOf(filter: AuditFilter): SQL {
  const conditions: SQL[] = [sql`true`];
  if (filter.action) conditions.push(sql`action = ${filter.action}`);
  if (filter.actor) conditions.push(sql`actor = ${filter.actor}`);
  return sql.join(conditions, sql` AND `);
}

function parseDetail(text: string | null): Record<string, unknown> | null {
  if (text === null) return null;
  const value: unknown = JSON.parse(text);
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : { value };
}

/** One page of the log, newest first; page counts from 1. */
export async function listAudit(
  db: Executor,
  filter: AuditFilter,
  { page, pageSize }: { page: number; pageSize: number },
): Promise<AuditPage> {
  const where = whereOf(filter);
  const [count] = await db.all<{ n: number }>(
    sql`SELECT count(*)::INTEGER AS n FROM audit_log WHERE ${where}`,
  );
  const rows = await db.all<Omit<AuditRow, 'detail'> & { detail: string | null }>(sql`
    SELECT audit_id AS "auditId", strftime(occurred_at, '%Y-%m-%d %H:%M:%S.%g') AS "occurredAt",
           actor, actor_role AS "actorRole", action, target, detail, ip
    FROM audit_log WHERE ${where}
    ORDER BY occurred_at DESC, audit_id DESC
    LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`);
  return {
    rows: rows.map((r) => ({ ...r, detail: parseDetail(r.detail) })),
    total: count?.n ?? 0,
    page,
    pageSize,
  };
}

/** Everyone who appears in the log, for the viewer's actor filter. */
export async function listAuditActors(db: Executor): Promise<string[]> {
  const rows = await db.all<{ actor: string }>(
    sql`SELECT DISTINCT actor FROM audit_log ORDER BY actor`,
  );
  return rows.map((r) => r.actor);
}
