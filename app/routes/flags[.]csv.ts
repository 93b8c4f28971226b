import type { LoaderFunctionArgs } from '@remix-run/node';
import { db } from '~/lib/db.server';
import { buildFlagsCsv, contentDisposition, flagsCsvFileName } from '~/lib/flags-csv.server';
import { readLang } from '~/lib/lang.server';
import { loadFlagsOfWeeks } from '~/lib/flags-page.server';
import { readFlagFilter, readPeriodParams, readWeekRange } from '~/lib/params.server';
import { viewerScope } from '~/lib/viewer.server';

/** GET /flags.csv — the flags page's list with the same filters (and week range), for Excel. */
export async function loader({ request }: LoaderFunctionArgs) {
  const scope = await viewerScope(request);
  const url = new URL(request.url);
  const { period, department } = await readPeriodParams(url, db(), scope);
  const filter = readFlagFilter(url);
  const range = readWeekRange(url);
  const lang = await readLang(request);
  const flags = period
    ? await loadFlagsOfWeeks(db(), { scope, period, department }, filter, range?.weeks ?? null)
    : [];
  const label = period
    ? range
      ? `${range.from.label}..${range.to.label}`
      : period.label
    : 'empty';
  const name = flagsCsvFileName(lang, label);
  return new Response(buildFlagsCsv(flags, lang), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': contentDisposition(name, flagsCsvFileName('en', label)),
      'Cache-Control': 'no-store',
    },
  });
}
