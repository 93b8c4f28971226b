/**
 * What every road out for flags (the page, its CSV, the JSON API) reads from a request: the
 * viewer allowed to `permission`, the period and department, the filters, with a district
 * named in them checked against the viewer's scope — in one place, so no road can skip a step.
 */
import { db } from '../db.server';
import { readFlagFilter, readPeriodParams } from '../http/params.server';
import type { Permission } from '../auth/roles';
import { requireDistrictInScope, viewerFor } from '../auth/route-viewer.server';

export async function readFlagsRequest(request: Request, permission: Permission) {
  const viewer = await viewerFor(request, permission);
  const url = new URL(request.url);
  const { period, department } = await readPeriodParams(url, db(), viewer.scope);
  const filter = readFlagFilter(url);
  requireDistrictInScope(viewer, filter.districtCode);
  return { viewer, url, period, department, filter };
}
