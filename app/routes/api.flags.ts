import type { LoaderFunctionArgs } from '@remix-run/node';
import { toApiFlag } from '~/lib/flag-json.server';
import { db } from '~/lib/db.server';
import { loadFlags } from '~/lib/oversight.server';
import { readFlagsRequest } from '~/lib/flags-request.server';
import { auditEvidenceView } from '~/lib/viewer.server';

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
