import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { Link, useActionData, useLoaderData, useLocation } from '@remix-run/react';
import { CaseStateBadge, WarningCard } from '~/components/CaseBadges';
import { FilterSelect } from '~/components/FilterSelect';
import { useFormat } from '~/i18n';
import { db } from '~/db.server';
import { requireViewer } from '~/auth/guard.server';
import { verifyCsrf } from '~/auth/csrf.server';
import { caseActorOf } from '~/cases/http.server';
import { openCase } from '~/cases/cases.server';
import { formFields, inputProblem, openCaseInput } from '~/cases/input';
import { loadCasesPage, readCaseListQuery } from './cases-page.server';
import {
  CASE_KINDS,
  CASE_STATES,
  KIND_NAMES,
  STATE_NAMES,
  WARNING_NAMES,
} from '../../../oversight/cases';

/** GET /cases[?state=][&warning=][&district=][&department=][&kind=][&sort=] — the ledger. */
export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request, { permission: 'view_cases' });
  const query = readCaseListQuery(new URL(request.url));
  return loadCasesPage(db(), caseActorOf(viewer, request), query);
}

/** POST /cases — a commission member or leader opens a case from a flag (the flags page's form). */
export async function action({ request }: ActionFunctionArgs) {
  const viewer = await requireViewer(request, { permission: 'view_cases' });
  const form = await request.formData();
  verifyCsrf(request, form);
  const input = openCaseInput.safeParse(formFields(form, ['flag_types']));
  if (!input.success) return { error: inputProblem(input.error) };
  const result = await openCase(db(), caseActorOf(viewer, request), input.data);
  if (!result.ok) return { error: result.reason };
  return redirect(`/cases/${result.case.caseId}`);
}

export default function CasesRoute() {
  const data = useLoaderData<typeof loader>();
  const refused = useActionData<typeof action>();
  const f = useFormat();
  const { search } = useLocation();
  const { filter, counts } = data;
  return (
    <>
      <div className="page-head">
        <h1>{f.t(data.inbox ? 'cases.inboxHeading' : 'cases.heading')}</h1>
        <p className="muted">{f.t(data.inbox ? 'cases.inboxIntro' : 'cases.intro')}</p>
      </div>
      {refused?.error ? (
        <p className="notice" role="alert" data-testid="case-error">
          {f.text(refused.error)}
        </p>
      ) : null}
      <ul className="kpis kpis--cases" data-testid="case-kpis">
        <li>
          <Link to="?open=1">
            {f.t('cases.kpi.open')} <strong data-testid="kpi-open">{f.number(counts.open)}</strong>
          </Link>
        </li>
        <li>
          <Link to="?warning=red">
            {f.t('cases.kpi.red')} <strong data-testid="kpi-red">{f.number(counts.red)}</strong>
          </Link>
        </li>
        <li>
          <Link to="?warning=yellow">
            {f.t('cases.kpi.yellow')}{' '}
            <strong data-testid="kpi-yellow">{f.number(counts.yellow)}</strong>
          </Link>
        </li>
        <li>
          <Link to="?state=closed">
            {f.t('cases.kpi.closed')}{' '}
            <strong data-testid="kpi-closed">{f.number(counts.closed)}</strong>
          </Link>
        </li>
      </ul>
      <form method="get" className="filters no-print" aria-label={f.t('filter.label')}>
        <FilterSelect
          name="state"
          label={f.t('cases.state')}
          value={filter.state}
          all={f.t('cases.allStates')}
          options={CASE_STATES.map((s) => ({ value: s, label: f.text(STATE_NAMES[s]) }))}
        />
        <FilterSelect
          name="warning"
          label={f.t('cases.warning')}
          value={filter.warning}
          all={f.t('cases.allWarnings')}
          options={(['red', 'yellow', 'none'] as const).map((w) => ({
            value: w,
            label: f.text(WARNING_NAMES[w]),
          }))}
        />
        <FilterSelect
          name="district"
          label={f.t('filter.district')}
          value={filter.district}
          all={f.t('filter.allDistricts')}
          options={data.districts.map((d) => ({ value: d.code, label: d.name }))}
        />
        <FilterSelect
          name="department"
          label={f.t('filter.department')}
          value={filter.department}
          all={f.t('filter.allDepartments')}
          options={data.departments.map((d) => ({ value: d, label: d }))}
        />
        <FilterSelect
          name="kind"
          label={f.t('cases.kind')}
          value={filter.kind}
          all={f.t('cases.allKinds')}
          options={CASE_KINDS.map((k) => ({ value: k, label: f.text(KIND_NAMES[k]) }))}
        />
        <FilterSelect
          name="sort"
          label={f.t('cases.sort')}
          value={filter.sort}
          options={(['id', 'deadline', 'district', 'state'] as const).map((s) => ({
            value: s,
            label: f.t(`cases.sort.${s}`),
          }))}
        />
        <button type="submit">{f.t('audit.apply')}</button>
      </form>
      <div className="toolbar">
        <span data-testid="case-count">
          {f.tf('cases.count', { n: f.number(data.cases.length) })}
        </span>
        <a href={`/cases.csv${search}`} download className="button" data-testid="cases-csv">
          {f.t('cases.downloadCsv')}
        </a>
      </div>
      {data.cases.length === 0 ? (
        <p className="notice">{f.t('cases.none')}</p>
      ) : (
        <div className="table-scroll">
          <table className="table table--compact" data-testid="cases">
            <thead>
              <tr>
                <th scope="col">{f.t('cases.id')}</th>
                <th scope="col">{f.t('cases.unit')}</th>
                <th scope="col">{f.t('cases.flags')}</th>
                <th scope="col">{f.t('cases.kind')}</th>
                <th scope="col">{f.t('cases.state')}</th>
                <th scope="col">{f.t('cases.deadline')}</th>
                <th scope="col">{f.t('cases.warning')}</th>
                <th scope="col">{f.t('cases.openedOn')}</th>
              </tr>
            </thead>
            <tbody>
              {data.cases.map((c) => (
                <tr key={c.caseId} data-testid="case-row" data-case={c.caseId}>
                  <td>
                    <Link to={`/cases/${c.caseId}`}>#{c.caseId}</Link>
                  </td>
                  <td>
                    {c.districtName} · {c.department}
                  </td>
                  <td>
                    {c.flagTypes.map((t) => f.t(`flagType.${t as 'ticket_throttling'}`)).join('、')}
                  </td>
                  <td>{f.text(KIND_NAMES[c.kind])}</td>
                  <td>
                    <CaseStateBadge state={c.state} />
                  </td>
                  <td>{f.date(c.deadline)}</td>
                  <td>
                    <WarningCard warning={c.warning} />
                  </td>
                  <td>{f.date(c.openedOn)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
