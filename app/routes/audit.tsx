import type { LoaderFunctionArgs } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { z } from 'zod';
import { isMessageKey, useFormat, type Formatters } from '~/i18n';
import { AUDIT_ACTIONS, loadAuditLog, type AuditRow } from '~/auth/audit.server';
import { requireViewer } from '~/auth/guard.server';
import { db } from '~/db.server';
import { badRequest } from '~/http/params.server';

const PAGE_SIZE = 50;

/** An empty select ("all") arrives as ''; it means no filter. */
const blankToUndefined = (v: unknown) => (v === '' || v === null ? undefined : v);

const auditQuery = z.object({
  page: z.coerce.number().int().min(1).max(1_000_000).default(1),
  action: z.preprocess(blankToUndefined, z.enum(AUDIT_ACTIONS).optional()),
  user: z.preprocess(blankToUndefined, z.string().max(200).optional()),
});

/** GET /audit[?action=login_failure][&user=leader][&page=2] — admin and commission only. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireViewer(request, { permission: 'view_audit' });
  const url = new URL(request.url);
  const query = auditQuery.safeParse({
    page: url.searchParams.get('page') ?? undefined,
    action: url.searchParams.get('action'),
    user: url.searchParams.get('user'),
  });
  if (!query.success) {
    throw badRequest(
      '筛选条件无效：page 为正整数，action 为已知操作',
      'invalid filter: page must be a positive whole number and action a known action',
    );
  }
  const { page, action, user } = query.data;
  const log = await loadAuditLog(db(), { action, actor: user }, { page, pageSize: PAGE_SIZE });
  // The action list travels as data, so the page's browser bundle needs nothing from db/.
  return {
    ...log,
    actions: AUDIT_ACTIONS,
    filter: { action: action ?? '', user: user ?? '' },
  };
}

function word(f: Formatters, key: string, fallback: string): string {
  return isMessageKey(key) ? f.t(key) : fallback;
}

function pageHref(filter: { action: string; user: string }, page: number): string {
  const params = new URLSearchParams();
  if (filter.action) params.set('action', filter.action);
  if (filter.user) params.set('user', filter.user);
  if (page > 1) params.set('page', String(page));
  const query = params.toString();
  return query ? `?${query}` : '?';
}

export default function AuditRoute() {
  const data = useLoaderData<typeof loader>();
  const f = useFormat();
  const pages = Math.max(1, Math.ceil(data.total / data.pageSize));
  return (
    <>
      <div className="page-head">
        <h1>{f.t('audit.heading')}</h1>
        <p className="muted">{f.t('audit.intro')}</p>
      </div>
      <form method="get" className="filters no-print" aria-label={f.t('filter.label')}>
        <label>
          {f.t('audit.filterAction')}
          <select name="action" defaultValue={data.filter.action}>
            <option value="">{f.t('audit.all')}</option>
            {data.actions.map((a) => (
              <option key={a} value={a}>
                {word(f, `audit.action.${a}`, a)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {f.t('audit.filterActor')}
          <select name="user" defaultValue={data.filter.user}>
            <option value="">{f.t('audit.all')}</option>
            {data.actors.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">{f.t('audit.apply')}</button>
      </form>
      <section className="panel" aria-labelledby="audit-heading">
        <h2 id="audit-heading" className="sr-only">
          {f.t('audit.heading')}
        </h2>
        {data.rows.length === 0 ? (
          <p>{f.t('audit.none')}</p>
        ) : (
          <>
            <p className="muted">
              {f.tf('audit.total', { total: f.number(data.total), page: data.page, pages })}
            </p>
            <div className="table-scroll">
              <table className="table table--compact" data-testid="audit-log">
                <thead>
                  <tr>
                    <th scope="col">{f.t('audit.when')}</th>
                    <th scope="col">{f.t('audit.actor')}</th>
                    <th scope="col">{f.t('audit.role')}</th>
                    <th scope="col">{f.t('audit.action')}</th>
                    <th scope="col">{f.t('audit.target')}</th>
                    <th scope="col">{f.t('audit.detail')}</th>
                    <th scope="col">{f.t('audit.ip')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.rows.map((r) => (
                    <AuditLine key={r.auditId} row={r} f={f} />
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
        <p className="filters__links">
          {data.page > 1 ? (
            <Link to={pageHref(data.filter, data.page - 1)} rel="prev">
              {f.t('audit.newer')}
            </Link>
          ) : null}
          {data.page < pages ? (
            <Link to={pageHref(data.filter, data.page + 1)} rel="next">
              {f.t('audit.older')}
            </Link>
          ) : null}
        </p>
      </section>
    </>
  );
}

function AuditLine({ row, f }: { row: AuditRow; f: Formatters }) {
  const alert = row.action === 'login_failure';
  return (
    <tr className={alert ? 'row--alert' : undefined} data-action={row.action}>
      <td>{f.dateTime(row.occurredAt)}</td>
      <td>{row.actor}</td>
      <td>{row.actorRole ? word(f, `role.${row.actorRole}`, row.actorRole) : '—'}</td>
      <td>{word(f, `audit.action.${row.action}`, row.action)}</td>
      <td className="file">{row.target ?? '—'}</td>
      <td>{row.detail ? <code>{JSON.stringify(row.detail)}</code> : '—'}</td>
      <td>{row.ip ?? '—'}</td>
    </tr>
  );
}
