import type { LoaderFunctionArgs } from '@remix-run/node';
import { Link, useLoaderData, useLocation } from '@remix-run/react';
import { EmptyState } from '~/components/EmptyState';
import { FlagItem } from '~/components/FlagItem';
import { PeriodHeading } from '~/components/PageParts';
import { PeriodFilter } from '~/components/PeriodFilter';
import { useFormat } from '~/i18n';
import { db } from '~/lib/db.server';
import { loadFlagsPage } from '~/lib/flags-page.server';
import { readFlagFilter, readPeriodParams } from '~/lib/params.server';
import { viewerScope } from '~/lib/viewer.server';
import { FLAG_TYPES } from '~/oversight/types';

/** GET /flags?week=2020-W34[&type=…][&severity=…][&district=…][&department=…] */
export async function loader({ request }: LoaderFunctionArgs) {
  const scope = await viewerScope(request);
  const url = new URL(request.url);
  const { period, department } = await readPeriodParams(url, db(), scope);
  const filter = readFlagFilter(url);
  if (!period) return { empty: true as const };
  const page = await loadFlagsPage(db(), { scope, period, department, filter });
  return { empty: false as const, period, department, filter, ...page };
}

export default function FlagsRoute() {
  const data = useLoaderData<typeof loader>();
  const f = useFormat();
  const location = useLocation();
  if (data.empty) return <EmptyState />;
  const { period, filter } = data;
  const csvHref = `/flags.csv${location.search}`;
  return (
    <>
      <PeriodHeading title={f.t('flags.heading')} period={period} />
      <p className="muted">{f.t('flags.intro')}</p>
      <PeriodFilter
        period={period}
        latestWeek={data.latestWeek}
        departments={data.departments}
        department={data.department}
      >
        <label>
          <span>{f.t('filter.type')}</span>
          <select name="type" defaultValue={filter.type ?? ''}>
            <option value="">{f.t('filter.allTypes')}</option>
            {FLAG_TYPES.map((type) => (
              <option key={type} value={type}>
                {f.t(`flagType.${type}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{f.t('filter.severity')}</span>
          <select name="severity" defaultValue={filter.severity ?? ''}>
            <option value="">{f.t('filter.allSeverities')}</option>
            {(['high', 'medium', 'low'] as const).map((s) => (
              <option key={s} value={s}>
                {f.t(`severity.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{f.t('filter.district')}</span>
          <select name="district" defaultValue={filter.districtCode ?? ''}>
            <option value="">{f.t('filter.allDistricts')}</option>
            {data.districts.map((d) => (
              <option key={d.code} value={d.code}>
                {d.name}
              </option>
            ))}
          </select>
        </label>
      </PeriodFilter>
      <div className="toolbar">
        <span data-testid="flag-count">
          {f.tf('flags.count', { n: f.number(data.flags.length) })}
        </span>
        <a href={csvHref} download className="button" data-testid="download-csv">
          {f.t('flags.downloadCsv')}
        </a>
        {filter.type || filter.severity || filter.districtCode || data.department ? (
          <Link to={`/flags?${period.kind === 'week' ? 'week' : 'period'}=${period.label}`}>
            {f.t('filter.reset')}
          </Link>
        ) : null}
      </div>
      {data.flags.length === 0 ? (
        <p className="notice">{f.t('flags.none')}</p>
      ) : (
        <div className="flag-list">
          {data.flags.map((flag) => (
            <FlagItem key={`${flag.type}/${flag.districtCode}/${flag.department}`} flag={flag} />
          ))}
        </div>
      )}
    </>
  );
}
