import { Link } from '@remix-run/react';
import { useFormat } from '~/i18n';
import type { Period } from '../../oversight/types';

export function PeriodHeading({ title, period }: { title: string; period: Period }) {
  const f = useFormat();
  return (
    <div className="page-head">
      <h1>{title}</h1>
      <p className="muted">
        {f.tf('period.range', {
          label: period.label,
          start: f.date(period.start),
          end: f.date(period.end),
        })}
      </p>
    </div>
  );
}

export function NoDataForPeriod({
  period,
  latestWeek,
}: {
  period: Period;
  latestWeek: string | null;
}) {
  const f = useFormat();
  return (
    <section className="notice" data-testid="no-data">
      <h2>{f.t('noData.heading')}</h2>
      <p>
        {f.tf('noData.body', { period: period.label })}{' '}
        {latestWeek ? <Link to={`?week=${latestWeek}`}>{latestWeek}</Link> : null}
      </p>
    </section>
  );
}
