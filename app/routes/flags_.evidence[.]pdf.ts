import type { LoaderFunctionArgs } from '@remix-run/node';
import { evidencePackageResponse } from '~/evidence/package.server';

/**
 * GET /flags/evidence.pdf?week=2020-W34&district=230102[&type=ticket_throttling][&department=医保]
 * — the evidence package of one district's flags (or one of them) as a PDF; guarded and audited
 * as the flags CSV is.
 */
export function loader({ request }: LoaderFunctionArgs) {
  return evidencePackageResponse(request, 'pdf');
}
