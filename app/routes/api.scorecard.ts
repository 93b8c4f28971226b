import type { LoaderFunctionArgs } from '@remix-run/node';
import { db } from '~/db.server';
import { jsonDocumentResponse } from '~/http/json-response.server';
import { loadScorecardDocument } from '~/weeks/oversight.server';
import { readPeriodParams } from '~/http/params.server';
import { viewerFor } from '~/auth/route-viewer.server';

/** GET /api/scorecard?week=2020-W34[&department=医保] — every district against its targets. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await viewerFor(request);
  const { period, department } = await readPeriodParams(new URL(request.url), db(), scope);
  if (!period) return Response.json({ noData: true, period: null, city: null, units: [] });
  const document = await loadScorecardDocument(db(), { scope, period, department });
  return jsonDocumentResponse(request, document);
}
