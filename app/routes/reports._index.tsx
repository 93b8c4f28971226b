import { redirect, type LoaderFunctionArgs } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { useFormat, type Formatters } from '~/i18n';
import { db } from '~/db.server';
import { readLang } from '~/http/lang.server';
import { parseReportOptions, parseReportWeek } from '~/reports/options.server';
import { loadReportArchive, reportRefusal, type ReportArchive } from '~/reports/report.server';
import { MAX_LAGGARDS, reportHref } from '~/reports/href';
import { viewerFor } from '~/auth/route-viewer.server';

/**
 * GET /reports — the weekly report archive for download, and a form that generates a report
 * now: it submits here with generate=1 and is sent on to /reports/2020-W34.pdf?….
 */
export async function loader({ request }: LoaderFunctionArgs) {
  // The archive holds exports: the same permission as downloading one.
  const { scope } = await viewerFor(request, 'export');
  const url = new URL(request.url);
  if (url.searchParams.get('generate') === '1') {
    const lang = await readLang(request);
    const week = parseReportWeek(url.searchParams.get('week') ?? '');
    if (!week.ok) throw reportRefusal(400, week.reason, lang);
    const options = parseReportOptions(url.searchParams);
    if (!options.ok) throw reportRefusal(400, options.reason, lang);
    throw redirect(reportHref(week.value.label, url.searchParams));
  }
  const archive = await loadReportArchive(db(), scope);
  return { ...archive, week: url.searchParams.get('week') ?? archive.latestWeek };
}

const WEEKDAYS = [
  'weekday.1',
  'weekday.2',
  'weekday.3',
  'weekday.4',
  'weekday.5',
  'weekday.6',
  'weekday.7',
] as const;

export default function ReportsRoute() {
  const data = useLoaderData<typeof loader>();
  const f = useFormat();
  return (
    <>
      <div className="page-head">
        <h1>{f.t('reports.heading')}</h1>
        <p className="muted">{f.t('reports.intro')}</p>
        <p className="muted">
          {data.schedule
            ? f.tf('reports.schedule', {
                day: f.t(WEEKDAYS[data.schedule.weekday - 1] ?? 'weekday.1'),
                time: data.schedule.time,
                zone: data.schedule.timeZone,
              })
            : f.t('reports.scheduleOff')}
        </p>
      </div>
      <GenerateForm data={data} week={data.week} f={f} />
      <Archive data={data} f={f} />
    </>
  );
}

function GenerateForm({
  data,
  week,
  f,
}: {
  data: ReportArchive;
  week: string | null;
  f: Formatters;
}) {
  return (
    <form method="get" action="/reports" className="filters" aria-label={f.t('reports.generate')}>
      <input type="hidden" name="generate" value="1" />
      <label>
        {f.t('reports.week')}
        <input
          name="week"
          defaultValue={week ?? ''}
          required
          pattern="\d{4}-[Ww]\d{2}"
          placeholder="2020-W34"
          size={9}
        />
      </label>
      <label>
        {f.t('reports.lang')}
        <select name="lang" defaultValue={f.lang}>
          <option value="zh">{f.t('reports.langZh')}</option>
          <option value="en">{f.t('reports.langEn')}</option>
        </select>
      </label>
      <label>
        {f.t('reports.district')}
        <select name="district" defaultValue="">
          <option value="">{f.t('reports.allDistricts')}</option>
          {data.districts
            .filter((d) => d.level !== 'city')
            .map((d) => (
              <option key={d.districtCode} value={d.districtCode}>
                {d.districtName}
              </option>
            ))}
        </select>
      </label>
      <label>
        {f.t('reports.laggards')}
        <input name="laggards" type="number" min={0} max={MAX_LAGGARDS} defaultValue={3} />
      </label>
      <button type="submit">{f.t('reports.submit')}</button>
    </form>
  );
}

function Archive({ data, f }: { data: ReportArchive; f: Formatters }) {
  return (
    <section className="panel" aria-labelledby="archive-heading">
      <h2 id="archive-heading">{f.t('reports.archive')}</h2>
      {data.reports.length === 0 ? (
        <p>{f.t('reports.none')}</p>
      ) : (
        <div className="table-scroll">
          <table className="table table--compact" data-testid="report-archive">
            <thead>
              <tr>
                <th scope="col">{f.t('reports.week')}</th>
                <th scope="col">{f.t('reports.district')}</th>
                <th scope="col">{f.t('reports.lang')}</th>
                <th scope="col">{f.t('reports.generatedAt')}</th>
                <th scope="col" className="num">
                  {f.t('reports.pages')}
                </th>
                <th scope="col" className="num">
                  {f.t('reports.size')}
                </th>
                <th scope="col">{f.t('reports.download')}</th>
              </tr>
            </thead>
            <tbody>
              {data.reports.map((r) => {
                const query = new URLSearchParams({ archived: '1', lang: r.lang });
                if (r.districtCode) query.set('district', r.districtCode);
                if (r.department) query.set('department', r.department);
                return (
                  <tr key={`${r.week}/${r.lang}/${r.districtCode}/${r.department}`}>
                    <td>{r.week}</td>
                    <td>{r.districtName ?? (r.districtCode || f.t('reports.allDistricts'))}</td>
                    <td>{r.lang === 'en' ? f.t('reports.langEn') : f.t('reports.langZh')}</td>
                    <td>{f.dateTime(r.generatedAt)}</td>
                    <td className="num">{f.number(r.pages)}</td>
                    <td className="num">{`${f.number(r.bytes / 1024)} KB`}</td>
                    <td>
                      {/* A resource route: a plain link, so the browser downloads the file. */}
                      <a href={reportHref(r.week, query)}>{f.t('reports.download')}</a>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
