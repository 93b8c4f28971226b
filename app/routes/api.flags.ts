import type { LoaderFunctionArgs } from '@remix-run/node';
import { toApiFlag } from '~/lib/flag-json.server';
import { db } from '~/lib/db.server';
import { loadFlags } from '~/lib/oversight.server';
import { readFlagFilter, readPeriodParams } from '~/lib/params.server';
import { viewerScope } from '~/lib/viewer.server';

/** GET /api/flags?week=2020-W34[&type=…][&district=…][&department=…][&severity=…] */
export async function loader({ request }: LoaderFunctionArgs) {
  const scope = await viewerScope(request);
  const url = new URL(request.url);
  const { period, department } = await readPeriodParams(url, db(), scope);
  const filter = readFlagFilter(url);
  if (!period) return Response.json([]);
  const flags = await loadFlags(db(), { scope, period, department }, filter);
  return Response.json(flags.map(toApiFlag));
}
