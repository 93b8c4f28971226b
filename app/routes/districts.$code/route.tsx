import type { LoaderFunctionArgs } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useMemo } from 'react';
import { buildCalendarOption, buildCalendarTable } from '~/charts/calendar';
import { buildComplaintsOption, buildComplaintsTable } from '~/charts/complaints';
import { buildOnlineOption, buildOnlineTable } from '~/charts/online';
import { buildTicketsOption, buildTicketsTable, throttledDates } from '~/charts/tickets';
import { buildTimelineOption, buildTimelineTable } from '~/charts/timeline';
import type { ChartTable } from '~/charts/common';
import type { EChartsOption } from 'echarts';
import { EChart } from '~/components/EChart';
import { EmptyState } from '~/components/EmptyState';
import { FlagItem } from '~/components/FlagItem';
import { formatMetricTarget, formatMetricValue } from '~/components/format-metric';
import { RankChange } from '~/components/LeagueTable';
import { periodQuery } from '~/components/links';
import { NoDataForPeriod } from '~/components/PageParts';
import { PeriodFilter } from '~/components/PeriodFilter';
import { StatusBadge } from '~/components/StatusBadge';
import { fillMessage, isMessageKey, translator, useFormat, type Lang } from '~/i18n';
import { db } from '~/db.server';
import { loadDistrictPage, type DistrictPage } from '~/routes/districts.$code/district.server';
import { notFound, readDistrictCode, readPeriodParams } from '~/http/params.server';
import { requireDistrictInScope, viewerFor } from '~/auth/route-viewer.server';
import { METRICS } from '../../../oversight/types';

/** GET /districts/230102?week=2020-W34[&department=医保] */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const code = readDistrictCode(params.code);
  const viewer = await viewerFor(request);
  requireDistrictInScope(viewer, code);
  const { scope } = viewer;
  const { period, department } = await readPeriodParams(new URL(request.url), db(), scope);
  if (!period) return { empty: true as const };
  const page = await loadDistrictPage(db(), { scope, period, department, districtCode: code });
  if (!page) {
    throw notFound(
      fillMessage(translator('zh')('district.notFound'), { code }),
      fillMessage(translator('en')('district.notFound'), { code }),
    );
  }
  return { empty: false as const, ...page };
}

export default function DistrictRoute() {
  const data = useLoaderData<typeof loader>();
  if (data.empty) return <EmptyState />;
  return <DistrictView data={data} />;
}

type Data = DistrictPage;

function DistrictView({ data }: { data: Data }) {
  const f = useFormat();
  const { unit, period, department } = data;
  const back = `/${periodQuery(period, department)}`;
  const levelKey = `level.${unit.level}`;
  const levelName = isMessageKey(levelKey) ? f.t(levelKey) : unit.level;
  return (
    <>
      <div className="page-head">
        <p className="crumbs no-print">
          <Link to={back}>{f.t('nav.overview')}</Link> ›
        </p>
        <h1>
          {unit.districtName}{' '}
          <span className="muted small">
            {unit.districtCode} · {levelName}
          </span>
        </h1>
        <p className="district-rank" data-testid="district-rank">
          {unit.rank === null ? (
            f.t('district.unranked')
          ) : (
            <>
              <strong>{f.tf('district.rank', { rank: unit.rank, total: data.rankedCount })}</strong>{' '}
              <RankChange change={unit.rankChange} f={f} />{' '}
              {unit.score !== null ? (
                <span className="muted">
                  {f.tf('district.score', { score: f.number(unit.score, 2) })}
                </span>
              ) : null}
            </>
          )}
        </p>
        <p className="muted">
          {f.tf('period.range', {
            label: period.label,
            start: f.date(period.start),
            end: f.date(period.end),
          })}
        </p>
      </div>
      <PeriodFilter
        period={period}
        latestWeek={data.latestWeek}
        departments={data.departments}
        department={department}
      />
      {unit.rank === null ? <NoDataForPeriod period={period} latestWeek={data.latestWeek} /> : null}
      <section className="panel" aria-labelledby="metrics-heading">
        <h2 id="metrics-heading">{f.t('district.metrics')}</h2>
        <ul className="metric-grid" data-testid="district-metrics">
          {METRICS.map((m) => {
            const metric = unit.metrics[m];
            return (
              <li key={m} className={`metric metric--${metric.status}`}>
                <span className="metric__name">{f.t(`metric.${m}`)}</span>
                <span className="metric__value">{formatMetricValue(f, metric)}</span>
                <span className="metric__target">{formatMetricTarget(f, metric)}</span>
                <StatusBadge status={metric.status} />
              </li>
            );
          })}
        </ul>
      </section>
      <Charts data={data} />
      <section className="panel" aria-labelledby="district-flags-heading">
        <h2 id="district-flags-heading">
          {f.t('district.flags')} <span className="muted">{f.number(data.flags.length)}</span>
        </h2>
        {data.flags.length === 0 ? (
          <p>{f.t('district.noFlags')}</p>
        ) : (
          <div className="flag-list">
            {data.flags.map((flag) => (
              <FlagItem key={`${flag.type}/${flag.department}`} flag={flag} linkDistrict={false} />
            ))}
          </div>
        )}
      </section>
    </>
  );
}

interface ChartSpec {
  key: string;
  title: string;
  option: EChartsOption;
  table: ChartTable;
  height?: number;
  wide?: boolean;
}

/** Every chart's option and table, built once per data and language. */
function useCharts(data: Data, lang: Lang): ChartSpec[] {
  return useMemo(() => {
    const t = translator(lang);
    const tf = (key: Parameters<typeof t>[0], values: Record<string, string | number>) =>
      fillMessage(t(key), values);
    const name = data.unit.districtName;
    const recent = data.daily.filter((d) => d.date >= data.recentFrom);
    const throttled = throttledDates(recent, data.throttledThreshold);
    const ticketsLabels = {
      title: t('tickets.title'),
      subtitle: `${name} · ${t('district.recent')}`,
      description: tf('tickets.description', {
        district: name,
        from: data.recentFrom,
        to: data.period.end,
        n: throttled.length,
      }),
      dateAxis: t('tickets.dateAxis'),
      countAxis: t('tickets.countAxis'),
      issued: t('tickets.issued'),
      capacity: t('tickets.capacity'),
      visitors: t('tickets.visitors'),
      throttled: t('tickets.throttled'),
      outOfQueue: t('tickets.outOfQueue'),
      yes: t('common.yes'),
      no: t('common.no'),
    };
    const ticketsOptions = { throttledThreshold: data.throttledThreshold };

    const forecast = data.forecast;
    const onlineLabels = {
      title: t('online.title'),
      subtitle: forecast
        ? forecast.reachedBy
          ? tf('online.forecastBy', { date: forecast.reachedBy })
          : t('online.forecastNever')
        : `${name} · ${t('district.longer')}`,
      dateAxis: t('online.dateAxis'),
      rateAxis: t('online.rateAxis'),
      rate: t('online.rate'),
      target: t('common.target'),
      forecast: t('online.forecast'),
      itemsOnline: t('online.itemsOnline'),
      eligible: t('online.eligible'),
    };

    const categories = Object.fromEntries(
      ['appointment', 'queue', 'phone', 'intermediary', 'attitude', 'online', 'other'].map((c) => [
        c,
        t(`category.${c}` as Parameters<typeof t>[0]),
      ]),
    );
    const complaintsLabels = {
      title: t('complaints.title'),
      subtitle: `${name} · ${t('district.recent')}`,
      weekAxis: t('complaints.weekAxis'),
      countAxis: t('complaints.countAxis'),
      rateAxis: t('complaints.rateAxis'),
      resolutionRate: t('complaints.resolutionRate'),
      categories,
      complaints: t('complaints.complaints'),
      closed: t('complaints.closed'),
      resolved: t('complaints.resolved'),
    };

    const actionTypes = Object.fromEntries(
      ['training', 'guidance', 'inspection', 'evaluation', 'rectification'].map((a) => [
        a,
        t(`action.${a}` as Parameters<typeof t>[0]),
      ]),
    );
    const timelineLabels = {
      title: t('timeline.title'),
      subtitle: `${name} · ${t('district.longer')}`,
      dateAxis: t('timeline.dateAxis'),
      rowAxis: t('timeline.rowAxis'),
      row: t('timeline.row'),
      delegation: t('timeline.delegation'),
      gapWithinGrace: t('timeline.gapWithinGrace'),
      gapBeyondGrace: t('timeline.gapBeyondGrace'),
      days: t('timeline.days'),
      actionTypes,
      event: t('timeline.event'),
      department: t('timeline.department'),
      unit: t('timeline.unit'),
      powers: t('timeline.powers'),
      gap: t('timeline.gap'),
    };
    const timelineOptions = { graceDays: data.graceDays, asOf: data.period.end };
    const { delegations, actions } = data.timeline;

    const calendarLabels = {
      title: t('calendar.title'),
      subtitle: `${name} · ${t('district.longer')}`,
      utilization: t('calendar.utilization'),
      date: t('calendar.date'),
      issued: t('calendar.issued'),
      capacity: t('calendar.capacity'),
    };
    const target = data.unit.metrics.ticket_utilization.target?.value;
    const calendarOptions = {
      range: [data.longerFrom, data.period.end] as [string, string],
      throttledThreshold: data.throttledThreshold,
      ...(target !== undefined ? { target } : {}),
    };
    const rows = Math.max(delegations.length, 1) + 1;
    return [
      {
        key: 'tickets',
        title: ticketsLabels.title,
        option: buildTicketsOption(recent, ticketsLabels, ticketsOptions),
        table: buildTicketsTable(recent, ticketsLabels, ticketsOptions),
        wide: true,
      },
      {
        key: 'complaints',
        title: complaintsLabels.title,
        option: buildComplaintsOption(data.complaints, complaintsLabels),
        table: buildComplaintsTable(data.complaints, complaintsLabels),
        wide: true,
      },
      {
        key: 'online',
        title: onlineLabels.title,
        option: buildOnlineOption(
          data.online,
          {
            target: data.onlineTarget,
            forecast: forecast ? { reachedBy: forecast.reachedBy, rate: forecast.rate } : null,
          },
          onlineLabels,
        ),
        table: buildOnlineTable(data.online, onlineLabels),
      },
      {
        key: 'timeline',
        title: timelineLabels.title,
        option: buildTimelineOption(delegations, actions, timelineLabels, timelineOptions),
        table: buildTimelineTable(delegations, actions, timelineLabels, timelineOptions),
        height: 200 + 48 * rows,
      },
      {
        key: 'calendar',
        title: calendarLabels.title,
        option: buildCalendarOption(data.daily, calendarLabels, calendarOptions),
        table: buildCalendarTable(data.daily, calendarLabels),
        height: 300,
        wide: true,
      },
    ];
  }, [data, lang]);
}

function Charts({ data }: { data: Data }) {
  const f = useFormat();
  const charts = useCharts(data, f.lang);
  return (
    <section className="panel" aria-labelledby="charts-heading">
      <h2 id="charts-heading" className="sr-only">
        {f.t('district.charts')}
      </h2>
      <div className="charts">
        {charts.map((c) => (
          <div key={c.key} className={c.wide ? 'chart chart--wide' : 'chart'} data-chart={c.key}>
            <EChart
              option={c.option}
              ariaLabel={`${data.unit.districtName} · ${c.title}`}
              height={c.height ?? 360}
              table={c.table}
              tableLabel={f.t('common.showTable')}
              hideTableLabel={f.t('common.hideTable')}
              lang={f.lang}
              locale={f.locale}
            />
          </div>
        ))}
      </div>
    </section>
  );
}
