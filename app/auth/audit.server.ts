/**
 * Recording what people do, from loaders and actions:
 *
 *   await auditEvent(db(), request, viewer, 'export_csv', { target: 'flags 2020-W34', detail });
 *
 * Who (username and role), what, when, and from which address — the address comes from the
 * request header the security middleware sets (clientIp). For the CLI, `cliActor()` names the
 * operating-system user, since there is no signed-in one.
 */
import { userInfo } from 'node:os';
import type { Executor } from '../../db/client';
import {
  AUDIT_ACTIONS,
  listAudit,
  listAuditActors,
  recordAudit,
  type AuditAction,
  type AuditFilter,
  type AuditPage,
} from '../../db/queries/audit';
import { clientIp } from './security-headers.server';
import type { Viewer } from './viewer.server';

export { AUDIT_ACTIONS, type AuditAction };
export type { AuditRow } from '../../db/queries/audit';

export interface Actor {
  actor: string;
  actorRole: string | null;
  ip: string | null;
}

export function actorOf(viewer: Viewer, request: Request): Actor {
  return { actor: viewer.username, actorRole: viewer.role, ip: clientIp(request) };
}

/** The command line's actor: `cli:<OS user>`, no role, no address. */
export function cliActor(): Actor {
  return { actor: `cli:${userInfo().username}`, actorRole: null, ip: null };
}

export async function auditEvent(
  db: Executor,
  request: Request,
  viewer: Viewer,
  action: AuditAction,
  what: { target?: string | null; detail?: Record<string, unknown> | null } = {},
): Promise<void> {
  await recordAudit(db, { ...actorOf(viewer, request), action, ...what });
}

/** The audit page's question: one page of entries, newest first, and who can be filtered by. */
export async function loadAuditLog(
  db: Executor,
  filter: AuditFilter,
  page: { page: number; pageSize: number },
): Promise<AuditPage & { actors: string[] }> {
  const [entries, actors] = await Promise.all([listAudit(db, filter, page), listAuditActors(db)]);
  return { ...entries, actors };
}
