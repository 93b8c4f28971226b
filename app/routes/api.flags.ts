import type { LoaderFunctionArgs } from '@remix-run/node';
import { toApiFlag } from '~/flags/json.server';
import { db } from '~/db.server';
import { loadFlags } from '~/weeks/oversight.server';
import { readFlagsRequest } from '~/flags/request.server';
import { auditEvidenceView } from '~/auth/route-viewer.server';

/** GET /api/flags?week=2020-W34[&type=…][&district=…][&department=…][&severity=…] */
export async function loader({ request }: LoaderFunctionArgs) {
  const { viewer, url, period, department, filter } = await readFlagsRequest(
    request,
    'view_evidence',
  );
  const { scope } = viewer;
  if (!period) return Response.json([]);
  const flags = await loadFlags(db(), { scope, period, department }, filter);
  await auditEvidenceView(request, viewer, `/api/flags${url.search}`);
  return Response.json(flags.map(toApiFlag));
}
