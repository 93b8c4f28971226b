import type { LoaderFunctionArgs } from '@remix-run/node';
import { toApiFlag } from '~/lib/flag-json.server';
import { db } from '~/lib/db.server';
import { loadFlags } from '~/lib/oversight.server';
import { readFlagFilter, readPeriodParams } from '~/lib/params.server';
import { auditEvidenceView, requireDistrictInScope, viewerFor } from '~/lib/viewer.server';

/** GET /api/flags?week=2020-W34[&type=…][&district=…][&department=…][&severity=…] */
export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await viewerFor(request, 'view_evidence');
  const { scope } = viewer;
  const url = new URL(request.url);
  const { period, department } = await readPeriodParams(url, db(), scope);
  const filter = readFlagFilter(url);
  requireDistrictInScope(viewer, filter.districtCode);
  if (!period) return Response.json([]);
  const flags = await loadFlags(db(), { scope, period, department }, filter);
  await auditEvidenceView(request, viewer, `/api/flags${url.search}`);
  return Response.json(flags.map(toApiFlag));
}
