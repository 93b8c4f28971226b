/** Links to the weekly report, shared by the archive page (client code) and the server. */

/** More laggard pages than this is no longer a briefing. */
export const MAX_LAGGARDS = 20;

/** /reports/2020-W34.pdf with the report's options from a query (lang, district, …). */
export function reportHref(week: string, query: URLSearchParams): string {
  const kept = new URLSearchParams();
  for (const key of ['lang', 'district', 'department', 'laggards', 'archived']) {
    const v = query.get(key)?.trim();
    if (v) kept.set(key, v);
  }
  const search = kept.toString();
  return `/reports/${encodeURIComponent(week)}.pdf${search ? `?${search}` : ''}`;
}
