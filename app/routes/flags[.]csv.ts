import type { LoaderFunctionArgs } from '@remix-run/node';
import { db } from '~/lib/db.server';
import { buildFlagsCsv, contentDisposition, flagsCsvFileName } from '~/lib/flags-csv.server';
import { readLang } from '~/lib/lang.server';
import { loadFlags } from '~/lib/oversight.server';
import { readFlagFilter, readPeriodParams } from '~/lib/params.server';
import { viewerScope } from '~/lib/viewer.server';

/** GET /flags.csv — the flags page's list with the same filters, for Excel. */
export async function loader({ request }: LoaderFunctionArgs) {
  const scope = await viewerScope(request);
  const url = new URL(request.url);
  const { period, department } = await readPeriodParams(url, db(), scope);
  const filter = readFlagFilter(url);
  const lang = await readLang(request);
  const flags = period ? await loadFlags(db(), { scope, period, department }, filter) : [];
  const name = flagsCsvFileName(lang, period?.label ?? 'empty');
  return new Response(buildFlagsCsv(flags, lang), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': contentDisposition(
        name,
        flagsCsvFileName('en', period?.label ?? 'empty'),
      ),
      'Cache-Control': 'no-store',
    },
  });
}
