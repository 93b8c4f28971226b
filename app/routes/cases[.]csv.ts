import type { LoaderFunctionArgs } from '@remix-run/node';
import { auditEvent } from '~/auth/audit.server';
import { requireViewer } from '~/auth/guard.server';
import { db } from '~/db.server';
import { loadCaseList } from '~/cases/cases.server';
import { buildCasesCsv } from '~/cases/csv.server';
import { caseActorOf } from '~/cases/http.server';
import { contentDisposition } from '~/flags/csv.server';
import { readLang } from '~/http/lang.server';
import { readCaseListQuery } from '~/routes/cases._index/cases-page.server';

/** GET /cases.csv — the ledger with the page's filters, for those who may export. */
export async function loader({ request }: LoaderFunctionArgs) {
  // Everyone who may export may read cases (app/auth/roles.ts).
  const viewer = await requireViewer(request, { permission: 'export' });
  const { district, open, ...filter } = readCaseListQuery(new URL(request.url));
  const cases = await loadCaseList(db(), caseActorOf(viewer, request), {
    ...filter,
    districtCode: district,
    open: open === '1',
  });
  const lang = await readLang(request);
  const name = lang === 'zh' ? '整改台账.csv' : 'cases.csv';
  await auditEvent(db(), request, viewer, 'export_csv', {
    target: name,
    detail: { query: new URL(request.url).search, cases: cases.length },
  });
  return new Response(buildCasesCsv(cases, lang), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': contentDisposition(name, 'cases.csv'),
      'Cache-Control': 'no-store',
    },
  });
}
