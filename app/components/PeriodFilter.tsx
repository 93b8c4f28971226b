/**
 * The period and department picker every page shares: a GET form, so each view is a URL that
 * can be bookmarked or sent on, plus previous / next / latest week links. Extra filters (the
 * flags page's type, severity, district) come in as children.
 */
import { Form, Link, useLocation } from '@remix-run/react';
import type { ReactNode } from 'react';
import { useT } from '~/i18n';
import { addDays, isoWeekOf, previousPeriod } from '../../oversight/period';
import type { Period } from '../../oversight/types';

export interface PeriodFilterProps {
  period: Period;
  /** The latest complete week with data: no "next" beyond it. */
  latestWeek: string | null;
  departments: readonly string[];
  department: string | null;
  /** Query parameters kept across a new choice (the table's sort order). */
  keep?: Record<string, string | null | undefined>;
  children?: ReactNode;
}

/** The current URL with the period replaced (and other filters kept). */
export function usePeriodHref() {
  const location = useLocation();
  return (week: string | null) => {
    const params = new URLSearchParams(location.search);
    params.delete('period');
    if (week === null) params.delete('week');
    else params.set('week', week);
    const search = params.toString();
    return `${location.pathname}${search ? `?${search}` : ''}`;
  };
}

export function PeriodFilter({
  period,
  latestWeek,
  departments,
  department,
  keep = {},
  children,
}: PeriodFilterProps) {
  const t = useT();
  const location = useLocation();
  const href = usePeriodHref();
  const isWeek = period.kind === 'week';
  const previous = isWeek ? previousPeriod(period).label : null;
  const next = isWeek ? isoWeekOf(addDays(period.start, 7)) : null;
  const hasNext = next !== null && latestWeek !== null && next <= latestWeek;
  return (
    // Remounted when the URL changes, so the fields show what the page shows.
    <Form
      method="get"
      className="filters no-print"
      role="search"
      aria-label={t('filter.label')}
      key={location.search}
    >
      {isWeek ? (
        <label>
          <span>{t('filter.week')}</span>
          <input
            type="week"
            name="week"
            defaultValue={period.label}
            max={latestWeek ?? undefined}
          />
        </label>
      ) : (
        <label>
          <span>{t('filter.period')}</span>
          <input type="text" name="period" defaultValue={period.label} size={24} />
        </label>
      )}
      <label>
        <span>{t('filter.department')}</span>
        <select name="department" defaultValue={department ?? ''}>
          <option value="">{t('filter.allDepartments')}</option>
          {departments.map((d) => (
            <option key={d} value={d}>
              {d}
            </option>
          ))}
        </select>
      </label>
      {children}
      {Object.entries(keep).map(([name, value]) =>
        value ? <input key={name} type="hidden" name={name} value={value} /> : null,
      )}
      <button type="submit">{t('filter.apply')}</button>
      <span className="filters__links">
        {previous ? <Link to={href(previous)}>{t('filter.previous')}</Link> : null}
        {hasNext ? <Link to={href(next)}>{t('filter.next')}</Link> : null}
        {latestWeek && latestWeek !== period.label ? (
          <Link to={href(null)}>{t('filter.latest')}</Link>
        ) : null}
      </span>
    </Form>
  );
}
