/**
 * Whose eyes a request is for, as the routes ask it: the guard (app/auth/guard.server.ts)
 * signs the viewer in or refuses, and every query then takes `viewer.scope`, so scoping is
 * enforced in the query layer (db/scope.ts) on every road out.
 */
import type { Permission } from './roles';
import { forbidden, requireViewer, type Viewer } from './guard.server';
import { auditEvent } from './audit.server';
import { db } from '../db.server';

export type { Viewer };

/** The signed-in viewer allowed to `permission` (default: read the dashboard). */
export function viewerFor(request: Request, permission: Permission = 'view_dashboard') {
  return requireViewer(request, { permission });
}

/**
 * A district named in the URL must lie within the viewer's scope: a tampered code is refused
 * outright rather than answered with an empty page that confirms the district exists.
 */
export function requireDistrictInScope(viewer: Viewer, districtCode: string | undefined | null) {
  if (!districtCode || viewer.scope.kind === 'city') return;
  if (!viewer.scope.districtCodes.includes(districtCode)) {
    throw forbidden('您的账号无权查看该区县的数据', 'your account may not see this district');
  }
}

/**
 * Discipline commissions' look-ups of flag evidence are recorded (who looked at what, when):
 * their findings are sensitive, and so is what they were looking into.
 */
export async function auditEvidenceView(request: Request, viewer: Viewer, target: string) {
  if (viewer.role !== 'commission') return;
  await auditEvent(db(), request, viewer, 'view_evidence', { target });
}
