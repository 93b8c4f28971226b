import type { LoaderFunctionArgs } from '@remix-run/node';
import { Link, useLoaderData, useLocation } from '@remix-run/react';
import { EmptyState } from '~/components/EmptyState';
import { EvidenceLinks } from '~/components/EvidenceLinks';
import { FlagItem } from '~/components/FlagItem';
import { FilterSelect } from '~/components/FilterSelect';
import { InCaseLink } from '~/components/CaseBadges';
import { OpenCaseForm } from '~/components/OpenCaseForm';
import { csrfToken } from '~/auth/csrf.server';
import { caseKey, mayOpen, type CaseState } from '../../../oversight/cases';
import { PeriodHeading } from '~/components/PageParts';
import { PeriodFilter } from '~/components/PeriodFilter';
import { useFormat } from '~/i18n';
import { db } from '~/db.server';
import { loadFlagsPage } from '~/routes/flags/flags-page.server';
import { readFlagsRequest } from '~/flags/request.server';
import { readWeekRange } from '~/http/params.server';
import { auditEvidenceView } from '~/auth/route-viewer.server';
import { FLAG_TYPES, type Period } from '../../../oversight/types';

/**
 * GET /flags?week=2020-W34[&type=…][&severity=…][&district=…][&department=…]
 * or with a week range, ?from=2020-W30&to=2020-W36[&…]: every week's flags, newest week first.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const { viewer, url, period, department, filter } = await readFlagsRequest(
    request,
    'view_evidence',
  );
  const { scope } = viewer;
  const range = readWeekRange(url);
  if (!period) return { empty: true as const };
  const weeks = range?.weeks ?? null;
  const page = await loadFlagsPage(db(), { scope, period, department, filter, weeks });
  await auditEvidenceView(request, viewer, `flags ${url.search}`);
  const shown: Period = range
    ? {
        kind: 'range',
        label: range.label,
        start: range.from.start,
        end: range.to.end,
      }
    : period;
  const weekRange = range ? { from: range.from.label, to: range.to.label } : null;
  return {
    empty: false as const,
    period,
    shown,
    weekRange,
    department,
    filter,
    ...page,
    mayOpenCases: mayOpen({ role: viewer.role, inScope: true }),
    csrf: csrfToken(request),
  };
}

export default function FlagsRoute() {
  const data = useLoaderData<typeof loader>();
  const f = useFormat();
  const location = useLocation();
  if (data.empty) return <EmptyState />;
  const { period, filter, weekRange } = data;
  const csvHref = `/flags.csv${location.search}`;
  return (
    <>
      <PeriodHeading title={f.t('flags.heading')} period={data.shown} />
      <p className="muted">{f.t('flags.intro')}</p>
      <PeriodFilter
        period={period}
        latestWeek={data.latestWeek}
        departments={data.departments}
        department={data.department}
      >
        <FilterSelect
          name="type"
          label={f.t('filter.type')}
          value={filter.type}
          all={f.t('filter.allTypes')}
          options={FLAG_TYPES.map((type) => ({ value: type, label: f.t(`flagType.${type}`) }))}
        />
        <FilterSelect
          name="severity"
          label={f.t('filter.severity')}
          value={filter.severity}
          all={f.t('filter.allSeverities')}
          options={(['high', 'medium', 'low'] as const).map((s) => ({
            value: s,
            label: f.t(`severity.${s}`),
          }))}
        />
        <FilterSelect
          name="district"
          label={f.t('filter.district')}
          value={filter.districtCode}
          all={f.t('filter.allDistricts')}
          options={data.districts.map((d) => ({ value: d.code, label: d.name }))}
        />
        <label>
          <span>{f.t('filter.fromWeek')}</span>
          <input
            type="week"
            name="from"
            defaultValue={weekRange?.from ?? ''}
            max={data.latestWeek ?? undefined}
          />
        </label>
        <label>
          <span>{f.t('filter.toWeek')}</span>
          <input
            type="week"
            name="to"
            defaultValue={weekRange?.to ?? ''}
            max={data.latestWeek ?? undefined}
          />
        </label>
      </PeriodFilter>
      <div className="toolbar">
        <span data-testid="flag-count">
          {f.tf('flags.count', { n: f.number(data.flags.length) })}
        </span>
        <a href={csvHref} download className="button" data-testid="download-csv">
          {f.t('flags.downloadCsv')}
        </a>
        {filter.type || filter.severity || filter.districtCode || data.department || weekRange ? (
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
            <FlagItem
              key={`${flag.period}/${flag.type}/${flag.districtCode}/${flag.department}`}
              flag={flag}
            >
              <EvidenceLinks
                subject={{
                  period: flag.period,
                  districtCode: flag.districtCode,
                  type: flag.type,
                  department: flag.department,
                }}
              />{' '}
              <FlagCase flag={flag} data={data} />
            </FlagItem>
          ))}
        </div>
      )}
    </>
  );
}

/** The case a flag is in, or — for those who open cases — the form to open one. */
function FlagCase({
  flag,
  data,
}: {
  flag: { districtCode: string; department: string; type: string; period: string };
  data: {
    cases: { caseId: number; state: CaseState; key: string }[];
    mayOpenCases: boolean;
    csrf: string | null;
  };
}) {
  const open = data.cases.find(
    (c) => c.key === caseKey(flag.districtCode, flag.department, flag.type),
  );
  if (open) return <InCaseLink id={open.caseId} state={open.state} />;
  if (!data.mayOpenCases || !data.csrf || !/^\d{4}-W\d{2}$/.test(flag.period)) return null;
  return <OpenCaseForm flag={flag} csrf={data.csrf} />;
}
