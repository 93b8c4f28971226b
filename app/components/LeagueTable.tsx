/**
 * The district league table: every metric cell shows value, target and status in words; rank
 * with its movement; sortable by any column through the URL (?sort=…&dir=…), so a sorted view
 * is shareable and works without JavaScript.
 */
import { Link, useLocation } from '@remix-run/react';
import { useFormat, type Formatters } from '~/i18n';
import type { UnitScore } from '../../oversight/scorecard';
import { METRICS, type MetricName } from '../../oversight/types';
import { formatMetricCounts, formatMetricNumber, formatMetricTarget } from './format-metric';
import { hasNoTarget, SeverityBadge, StatusBadge } from './StatusBadge';

type SortKey = 'rank' | 'district' | 'complaints' | 'flags' | MetricName;

export function RankChange({ change, f }: { change: number | null; f: Formatters }) {
  if (change === null) return <span className="rank-change muted">{f.t('league.rankNew')}</span>;
  if (change === 0)
    return (
      <span className="rank-change muted" title={f.t('league.rankSame')}>
        <span aria-hidden="true">=</span>
        <span className="sr-only">{f.t('league.rankSame')}</span>
      </span>
    );
  const up = change > 0;
  const text = f.tf(up ? 'league.rankUp' : 'league.rankDown', { n: Math.abs(change) });
  return (
    <span className={`rank-change rank-change--${up ? 'up' : 'down'}`} title={text}>
      <span aria-hidden="true">
        {up ? '▲' : '▼'}
        {Math.abs(change)}
      </span>
      <span className="sr-only">{text}</span>
    </span>
  );
}

function SortHeader({
  column,
  label,
  sort,
  dir,
  className,
}: {
  column: SortKey;
  label: string;
  sort: SortKey;
  dir: 'asc' | 'desc';
  className?: string;
}) {
  const f = useFormat();
  const location = useLocation();
  const active = sort === column;
  const params = new URLSearchParams(location.search);
  params.set('sort', column);
  params.set('dir', active && dir === 'asc' ? 'desc' : 'asc');
  return (
    <th
      scope="col"
      className={className}
      aria-sort={active ? (dir === 'asc' ? 'ascending' : 'descending') : undefined}
    >
      <Link
        to={`${location.pathname}?${params.toString()}`}
        preventScrollReset
        title={f.tf('league.sortBy', { column: label })}
      >
        {label}
        {active ? <span aria-hidden="true">{dir === 'asc' ? ' ↑' : ' ↓'}</span> : null}
      </Link>
    </th>
  );
}

export interface LeagueTableProps {
  units: readonly UnitScore[];
  sort: SortKey;
  dir: 'asc' | 'desc';
  /** Query string for district links: the same period and department. */
  linkSearch: string;
  /** How many units the ranks are out of: shown when the table holds fewer (a scoped viewer). */
  rankedCount: number;
}

export function LeagueTable({ units, sort, dir, linkSearch, rankedCount }: LeagueTableProps) {
  const f = useFormat();
  // A table of fewer units than were ranked (a district officer's) says what ranks are out of.
  const ranked = units.filter((u) => u.rank !== null).length;
  const header = (column: SortKey, label: string, className?: string) => (
    <SortHeader column={column} label={label} sort={sort} dir={dir} className={className} />
  );
  return (
    <div className="table-scroll league">
      <table className="table" data-testid="league">
        <caption className="league__caption">{f.t('league.caption')}</caption>
        <thead>
          <tr>
            {header('rank', f.t('league.rank'), 'sticky-col')}
            {header('district', f.t('league.district'), 'sticky-col sticky-col--2')}
            {METRICS.map((m) => header(m, f.t(`metric.${m}`)))}
            {header('complaints', f.t('league.complaints'), 'num')}
            {header('flags', f.t('league.flags'))}
          </tr>
        </thead>
        <tbody>
          {units.map((u) => (
            <tr key={u.districtCode} data-testid="league-row" data-district={u.districtCode}>
              <td className="sticky-col rank">
                {u.rank === null ? (
                  <span className="muted">{f.t('league.unranked')}</span>
                ) : (
                  <>
                    <strong>{u.rank}</strong>
                    {ranked < rankedCount ? (
                      <span className="muted"> / {f.number(rankedCount)}</span>
                    ) : null}{' '}
                    <RankChange change={u.rankChange} f={f} />
                  </>
                )}
              </td>
              <th scope="row" className="sticky-col sticky-col--2">
                <Link to={`/districts/${u.districtCode}${linkSearch}`}>{u.districtName}</Link>
                {u.score !== null ? (
                  <span className="muted score">
                    {f.t('league.score')} {f.number(u.score, 2)}
                  </span>
                ) : null}
              </th>
              {METRICS.map((m) => {
                const metric = u.metrics[m];
                const counts = formatMetricCounts(f, metric);
                return (
                  <td key={m} className={`metric metric--${metric.status}`}>
                    <span className="metric__value">{formatMetricNumber(f, m, metric.value)}</span>
                    {counts ? <span className="metric__counts">{counts}</span> : null}
                    <span className="metric__target">{formatMetricTarget(f, metric)}</span>
                    <StatusBadge status={metric.status} noTarget={hasNoTarget(metric)} />
                  </td>
                );
              })}
              <td className="num">{f.number(u.complaints.count)}</td>
              <td className="flags-cell">
                {u.flags.length === 0 ? (
                  <span className="muted">0</span>
                ) : (
                  <span title={u.flags.map((x) => f.t(`flagType.${x.type}`)).join(', ')}>
                    {f.number(u.flags.length)}{' '}
                    {u.flags.some((x) => x.severity === 'high') ? (
                      <SeverityBadge severity="high" />
                    ) : null}
                  </span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
