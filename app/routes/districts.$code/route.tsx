import { can } from '~/auth/roles';
import { loadCaseList } from '~/cases/cases.server';
import { caseActorOf } from '~/cases/http.server';
import { CaseStateBadge, WarningCard } from '~/components/CaseBadges';
import type { LoaderFunctionArgs } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useMemo } from 'react';
import { buildCalendarOption, buildCalendarTable } from '~/charts/calendar';
import { buildComplaintsOption, buildComplaintsTable } from '~/charts/complaints';
import { buildOnlineOption, buildOnlineTable } from '~/charts/online';
import { buildTicketsOption, buildTicketsTable, throttledDates } from '~/charts/tickets';
import { buildTimelineOption, buildTimelineTable } from '~/charts/timeline';
import type { ChartTable } from '~/charts/common';
import {
  calendarLabels,
  complaintsLabels,
  onlineLabels,
  ticketsLabels,
  timelineLabels,
} from '~/charts/labels';
import type { EChartsOption } from 'echarts';
import { EChart } from '~/components/EChart';
import { EmptyState } from '~/components/EmptyState';
import { EvidenceLinks } from '~/components/EvidenceLinks';
import { FlagItem } from '~/components/FlagItem';
import { formatMetricTarget, formatMetricValue } from '~/components/format-metric';
import { RankChange } from '~/components/LeagueTable';
import { periodQuery } from '~/components/links';
import { NoDataForPeriod } from '~/components/PageParts';
import { PeriodFilter } from '~/components/PeriodFilter';
import { hasNoTarget, StatusBadge } from '~/components/StatusBadge';
import { fillMessage, formatters, isMessageKey, translator, useFormat, type Lang } from '~/i18n';
import { db } from '~/db.server';
import { loadDistrictPage, type DistrictPage } from '~/routes/districts.$code/district.server';
import { notFound, readDistrictCode, readPeriodParams } from '~/http/params.server';
import { auditEvidenceView, requireDistrictInScope, viewerFor } from '~/auth/route-viewer.server';
import { METRICS } from '../../../oversight/types';

/** GET /districts/230102?week=2020-W34[&department=医保] */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const code = readDistrictCode(params.code);
  const viewer = await viewerFor(request);
  requireDistrictInScope(viewer, code);
  const { scope } = viewer;
  const { period, department } = await readPeriodParams(new URL(request.url), db(), scope);
  if (!period) return { empty: true as const };
  const [page, cases] = await Promise.all([
    loadDistrictPage(db(), { scope, period, department, districtCode: code }),
    can(viewer.role, 'view_cases')
      ? loadCaseList(db(), caseActorOf(viewer, request), { districtCode: code, open: true })
      : Promise.resolve([]),
  ]);
  if (!page) {
    throw notFound(
      fillMessage(translator('zh')('district.notFound'), { code }),
      fillMessage(translator('en')('district.notFound'), { code }),
    );
  }
  // The page carries its flags' evidence: a commission member's look at it is on the record,
  // as on /flags.
  if (page.flags.length > 0) {
    await auditEvidenceView(request, viewer, `districts/${code} ${new URL(request.url).search}`);
  }
  return { empty: false as const, ...page, cases };
}

export default function DistrictRoute() {
  const data = useLoaderData<typeof loader>();
  if (data.empty) return <EmptyState />;
  return <DistrictView data={data} />;
}

type Data = DistrictPage & {
  cases: Awaited<ReturnType<typeof loadCaseList>>;
};

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
                <StatusBadge status={metric.status} noTarget={hasNoTarget(metric)} />
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
          <>
            <p className="no-print" data-testid="district-evidence">
              {f.t('district.evidencePackage')}{' '}
              <EvidenceLinks
                subject={{ period: period.label, districtCode: unit.districtCode, department }}
              />
            </p>
            <div className="flag-list">
              {data.flags.map((flag) => (
                <FlagItem
                  key={`${flag.type}/${flag.department}`}
                  flag={flag}
                  linkDistrict={false}
                />
              ))}
            </div>
          </>
        )}
      </section>
      {data.cases.length > 0 ? (
        <section className="panel" aria-labelledby="district-cases-heading">
          <h2 id="district-cases-heading">
            {f.t('district.cases')} <span className="muted">{f.number(data.cases.length)}</span>
          </h2>
          <ul className="district-cases" data-testid="district-cases">
            {data.cases.map((c) => (
              <li key={c.caseId}>
                <Link to={`/cases/${c.caseId}`}>#{c.caseId}</Link> {c.department} ·{' '}
                {c.flagTypes.map((t) => f.t(`flagType.${t as 'ticket_throttling'}`)).join('、')}{' '}
                <CaseStateBadge state={c.state} /> <WarningCard warning={c.warning} />{' '}
                <span className="muted">
                  {f.tf('cases.deadlineLine', {
                    date: f.date(c.deadline),
                    n: c.allowedWorkingDays,
                  })}
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
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
    const f = formatters(lang);
    const name = data.unit.districtName;
    const recent = data.daily.filter((d) => d.date >= data.recentFrom);
    const tickets = ticketsLabels(f, {
      district: name,
      from: data.recentFrom,
      to: data.period.end,
      throttledDays: throttledDates(recent, data.throttledThreshold).length,
    });
    const ticketsOptions = { throttledThreshold: data.throttledThreshold };

    const forecast = data.forecast;
    const online = onlineLabels(f, { district: name, forecast });
    const complaints = complaintsLabels(f, `${name} · ${f.t('district.recent')}`);
    const timeline = timelineLabels(f, name);
    const timelineOptions = { graceDays: data.graceDays, asOf: data.period.end };
    const { delegations, actions } = data.timeline;

    const calendar = calendarLabels(f, name);
    const target = data.unit.metrics.ticket_utilization.target?.value;
    const calendarOptions = {
      range: [data.longerFrom, data.period.end] as [string, string],
      throttledThreshold: data.throttledThreshold,
      markedDays: data.markedDays,
      ...(target !== undefined ? { target } : {}),
    };
    const rows = Math.max(delegations.length, 1) + 1;
    return [
      {
        key: 'tickets',
        title: tickets.title,
        option: buildTicketsOption(recent, tickets, ticketsOptions),
        table: buildTicketsTable(recent, tickets, ticketsOptions),
        wide: true,
      },
      {
        key: 'complaints',
        title: complaints.title,
        option: buildComplaintsOption(data.complaints, complaints),
        table: buildComplaintsTable(data.complaints, complaints),
        wide: true,
      },
      {
        key: 'online',
        title: online.title,
        option: buildOnlineOption(
          data.online,
          {
            target: data.onlineTarget,
            forecast: forecast ? { reachedBy: forecast.reachedBy, rate: forecast.rate } : null,
          },
          online,
        ),
        table: buildOnlineTable(data.online, online),
      },
      {
        key: 'timeline',
        title: timeline.title,
        option: buildTimelineOption(delegations, actions, timeline, timelineOptions),
        table: buildTimelineTable(delegations, actions, timeline, timelineOptions),
        height: 200 + 48 * rows,
      },
      {
        key: 'calendar',
        title: calendar.title,
        option: buildCalendarOption(data.daily, calendar, calendarOptions),
        table: buildCalendarTable(data.daily, calendar),
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
