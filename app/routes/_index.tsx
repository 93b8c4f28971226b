import type { LoaderFunctionArgs } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { CITY_SCOPE } from '../../db/scope';
import { listLoadedDistricts } from '../../db/queries/districts';
import { formatNumber, useLang, useT, type MessageKey } from '~/i18n';
import { db } from '~/lib/db.server';

export async function loader(_: LoaderFunctionArgs) {
  return { districts: await listLoadedDistricts(db(), CITY_SCOPE) };
}

export default function Overview() {
  const { districts } = useLoaderData<typeof loader>();
  const t = useT();
  const lang = useLang();
  if (districts.length === 0) return <EmptyState />;
  return (
    <section>
      <h1>{t('districts.heading')}</h1>
      <table className="table" data-testid="districts">
        <thead>
          <tr>
            <th>{t('districts.code')}</th>
            <th>{t('districts.name')}</th>
            <th>{t('districts.level')}</th>
            <th className="num">{t('districts.population')}</th>
            <th className="num">{t('districts.windowDays')}</th>
            <th>{t('districts.lastWindowDate')}</th>
            <th>{t('districts.lastOnline')}</th>
            <th className="num">{t('districts.complaints')}</th>
          </tr>
        </thead>
        <tbody>
          {districts.map((d) => (
            <tr key={d.districtCode}>
              <td>{d.districtCode}</td>
              <td>{d.districtName}</td>
              <td>{t(`level.${d.level}` as MessageKey)}</td>
              <td className="num">{formatNumber(lang, d.population)}</td>
              <td className="num">{formatNumber(lang, d.windowDays)}</td>
              <td>{d.lastWindowDate ?? t('common.none')}</td>
              <td>{d.lastOnlineSnapshot ?? t('common.none')}</td>
              <td className="num">{formatNumber(lang, d.complaints)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function EmptyState() {
  const t = useT();
  return (
    <section className="empty" data-testid="empty-state">
      <h1>{t('empty.heading')}</h1>
      <p>{t('empty.body')}</p>
      <pre>npm run etl -- path/to/exports/</pre>
      <p>{t('empty.demo')}</p>
      <pre>npm run demo</pre>
      <p>
        {t('empty.contract')} <a href="/templates/">/templates/</a>
      </p>
    </section>
  );
}
