import type { LoaderFunctionArgs } from '@remix-run/node';
import { db } from '~/lib/db.server';
import { jsonDocumentResponse } from '~/lib/json-response.server';
import { loadScorecardDocument } from '~/lib/oversight.server';
import { readPeriodParams } from '~/lib/params.server';
import { viewerFor } from '~/lib/viewer.server';

/** GET /api/scorecard?week=2020-W34[&department=医保] — every district against its targets. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await viewerFor(request);
  const { period, department } = await readPeriodParams(new URL(request.url), db(), scope);
  if (!period) return Response.json({ noData: true, period: null, city: null, units: [] });
  const document = await loadScorecardDocument(db(), { scope, period, department });
  return jsonDocumentResponse(request, document);
}
