import type { LoaderFunctionArgs } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useMemo } from 'react';
import { buildHeatGridOption, buildHeatGridTable } from '~/charts/heat-grid';
import { heatGridLabels } from '~/charts/labels';
import { EChart } from '~/components/EChart';
import { AttentionBlock } from '~/components/AttentionBlock';
import { EmptyState } from '~/components/EmptyState';
import { formatMetricTarget, formatMetricValue } from '~/components/format-metric';
import { KpiCard } from '~/components/KpiCard';
import { LeagueTable } from '~/components/LeagueTable';
import { periodQuery } from '~/components/links';
import { NoDataForPeriod, PeriodHeading } from '~/components/PageParts';
import { PeriodFilter } from '~/components/PeriodFilter';
import { SeverityBadge, STATUS_ICONS } from '~/components/StatusBadge';
import { formatters, useFormat, type Formatters } from '~/i18n';
import { db } from '~/db.server';
import { loadOverview, type Overview } from '~/routes/_index/overview.server';
import { readPeriodParams, readSort } from '~/http/params.server';
import { viewerFor } from '~/auth/route-viewer.server';
import { can } from '~/auth/roles';
import { caseCounts } from '~/cases/cases.server';
import { caseActorOf } from '~/cases/http.server';
import type { MetricName, Period } from '../../../oversight/types';

/** GET /?week=2020-W34&department=医保&sort=ticket_utilization&dir=asc */
export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await viewerFor(request);
  const { scope } = viewer;
  const url = new URL(request.url);
  const { period, department } = await readPeriodParams(url, db(), scope);
  const { sort, dir } = readSort(url);
  if (!period) return { empty: true as const };
  const [overview, cases] = await Promise.all([
    loadOverview(db(), { scope, period, department, sort, dir }),
    can(viewer.role, 'view_cases') ? caseCounts(db(), caseActorOf(viewer, request)) : null,
  ]);
  return { empty: false as const, period, department, sort, dir, ...overview, cases };
}

export default function OverviewPage() {
  const data = useLoaderData<typeof loader>();
  if (data.empty) return <EmptyState />;
  return <OverviewView data={data} />;
}

type OverviewData = Overview & {
  cases: { open: number; yellow: number; red: number; closed: number } | null;
  period: Period;
  department: string | null;
  sort: Parameters<typeof LeagueTable>[0]['sort'];
  dir: 'asc' | 'desc';
};

function OverviewView({ data }: { data: OverviewData }) {
  const f = useFormat();
  const { scorecard, period, department } = data;
  return (
    <>
      <PeriodHeading title={f.t('overview.heading')} period={period} />
      <PeriodFilter
        period={period}
        latestWeek={data.latestWeek}
        departments={data.departments}
        department={department}
        keep={{
          sort: data.sort === 'rank' ? null : data.sort,
          dir: data.dir === 'asc' ? null : data.dir,
        }}
      />
      {!scorecard.hasData ? (
        <NoDataForPeriod period={period} latestWeek={data.latestWeek} />
      ) : (
        <>
          <AttentionBlock
            attention={data.attention}
            period={period}
            previousPeriod={scorecard.previousPeriod}
            department={department}
          />
          <Kpis data={data} f={f} />
          <section className="panel" aria-labelledby="league-heading">
            <h2 id="league-heading">{f.t('league.heading')}</h2>
            <LeagueTable
              units={scorecard.units}
              sort={data.sort}
              dir={data.dir}
              linkSearch={periodQuery(period, department)}
              rankedCount={data.rankedCount}
            />
          </section>
          <div className="split">
            <FlagSummary data={data} />
            <HeatGrid data={data} />
          </div>
        </>
      )}
    </>
  );
}

function Kpis({ data, f }: { data: OverviewData; f: Formatters }) {
  const { city, cityPrevious } = data.scorecard;
  const change = (m: MetricName) => {
    const now = city.metrics[m].value;
    const before = cityPrevious[m].value;
    return now === null || before === null ? null : now - before;
  };
  const rateCard = (m: MetricName, label: string, big?: string) => {
    const metric = city.metrics[m];
    return (
      <KpiCard
        key={m}
        testId={`kpi-${m}`}
        label={label}
        value={big ?? f.percent(metric.value)}
        target={formatMetricTarget(f, metric)}
        status={metric.status}
        change={change(m)}
        changeUnit="points"
        direction={metric.direction}
        previous={f.percent(cityPrevious[m].value)}
        extra={big ? <p className="kpi__sub">{f.percent(metric.value)}</p> : undefined}
      />
    );
  };
  const online = city.metrics.online_rate;
  const onlineCounts =
    online.numerator !== null && online.denominator !== null
      ? `${f.number(online.numerator)} / ${f.number(online.denominator)}`
      : formatMetricValue(f, online);
  return (
    <section className="kpis" aria-label={f.t('overview.kpis')}>
      {rateCard('online_rate', f.t('kpi.online'), onlineCounts)}
      {rateCard('ticket_utilization', f.t('kpi.utilization'))}
      {rateCard('demand_coverage', f.t('kpi.coverage'))}
      <KpiCard
        testId="kpi-complaints"
        label={f.t('kpi.complaints')}
        value={f.number(city.complaints.count)}
        change={
          data.previousComplaints === null ? null : city.complaints.count - data.previousComplaints
        }
        changeUnit="count"
        direction="lower_is_better"
        previous={f.number(data.previousComplaints)}
      />
      {rateCard('complaint_resolution_rate', f.t('metric.complaint_resolution_rate'))}
      {rateCard('supervision_coverage', f.t('kpi.supervision'))}
      {data.cases ? (
        <KpiCard
          testId="kpi-cases"
          label={f.t('cases.kpi.card')}
          value={<Link to="/cases?open=1">{f.number(data.cases.open)}</Link>}
          change={null}
          changeUnit="count"
          extra={
            <p className="kpi__sub">
              <Link to="/cases?warning=red" data-testid="kpi-cases-red">
                {f.t('cases.kpi.red')} {f.number(data.cases.red)}
              </Link>
              {' · '}
              <Link to="/cases?warning=yellow">
                {f.t('cases.kpi.yellow')} {f.number(data.cases.yellow)}
              </Link>
            </p>
          }
        />
      ) : null}
    </section>
  );
}

function FlagSummary({ data }: { data: OverviewData }) {
  const f = useFormat();
  const total = data.flagCounts.reduce((s, c) => s + c.count, 0);
  return (
    <section className="panel" aria-labelledby="flags-heading" data-testid="flag-summary">
      <h2 id="flags-heading">
        {f.t('flagSummary.heading')}{' '}
        <span className="muted">{f.tf('flagSummary.total', { n: f.number(total) })}</span>
      </h2>
      {data.flagCounts.length === 0 ? (
        <p>{f.t('flagSummary.none')}</p>
      ) : (
        <ul className="flag-counts">
          {data.flagCounts.map((c) => (
            <li key={c.type}>
              <Link to={`/flags${periodQuery(data.period, data.department, { type: c.type })}`}>
                <span className="flag-counts__name">{f.t(`flagType.${c.type}`)}</span>
                <span className="flag-counts__n">{f.number(c.count)}</span>
              </Link>
              {c.high > 0 ? (
                <span className="flag-counts__high">
                  <SeverityBadge severity="high" /> {f.number(c.high)}
                </span>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function HeatGrid({ data }: { data: OverviewData }) {
  const f = useFormat();
  const lang = f.lang;
  const { history, scorecard } = data;
  const labels = useMemo(() => heatGridLabels(formatters(lang), STATUS_ICONS), [lang]);
  // Districts in rank order, whatever the table is sorted by.
  const rows = useMemo(() => {
    const order = [...scorecard.units].sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity));
    const byKey = new Map(history.cells.map((c) => [`${c.districtCode}/${c.week}`, c]));
    return order.flatMap((u) =>
      history.weeks.map((week) => ({
        districtName: u.districtName,
        week,
        status: byKey.get(`${u.districtCode}/${week}`)?.status ?? ('no_data' as const),
      })),
    );
  }, [history, scorecard.units]);
  const option = useMemo(() => buildHeatGridOption(rows, labels), [rows, labels]);
  const table = useMemo(() => buildHeatGridTable(rows, labels), [rows, labels]);
  const height = 150 + 24 * scorecard.units.length;
  return (
    <section className="panel" aria-labelledby="heat-heading">
      <h2 id="heat-heading" className="sr-only">
        {labels.title}
      </h2>
      <EChart
        option={option}
        ariaLabel={labels.title}
        height={height}
        table={table}
        tableLabel={f.t('common.showTable')}
        hideTableLabel={f.t('common.hideTable')}
        lang={lang}
        locale={f.locale}
      />
      <p className="muted small">{f.t('heat.rule')}</p>
    </section>
  );
}
