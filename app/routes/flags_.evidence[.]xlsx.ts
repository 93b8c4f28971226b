import type { LoaderFunctionArgs } from '@remix-run/node';
import { evidencePackageResponse } from '~/evidence/package.server';

/**
 * GET /flags/evidence.xlsx?week=2020-W34&district=230102[&type=…][&department=…] — the same
 * package as /flags/evidence.pdf, as an Excel workbook with the rows as typed cells.
 */
export function loader({ request }: LoaderFunctionArgs) {
  return evidencePackageResponse(request, 'xlsx');
}
