import type { LoaderFunctionArgs } from '@remix-run/node';
import { db } from '~/db.server';
import { buildFlagsCsv, contentDisposition, flagsCsvFileName } from '~/flags/csv.server';
import { readLang } from '~/http/lang.server';
import { loadFlagsOfWeeks } from '~/routes/flags/flags-page.server';
import { readFlagsRequest } from '~/flags/request.server';
import { readWeekRange } from '~/http/params.server';
import { auditEvent } from '~/auth/audit.server';

/** GET /flags.csv — the flags page's list with the same filters (and week range), for Excel. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { viewer, url, period, department, filter } = await readFlagsRequest(request, 'export');
  const { scope } = viewer;
  const range = readWeekRange(url);
  const lang = await readLang(request);
  const flags = period
    ? await loadFlagsOfWeeks(db(), { scope, period, department }, filter, range?.weeks ?? null)
    : [];
  const label = period ? (range?.label ?? period.label) : 'empty';
  const name = flagsCsvFileName(lang, label);
  await auditEvent(db(), request, viewer, 'export_csv', {
    target: name,
    detail: { query: url.search, flags: flags.length },
  });
  return new Response(buildFlagsCsv(flags, lang), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': contentDisposition(name, flagsCsvFileName('en', label)),
      'Cache-Control': 'no-store',
    },
  });
}
