import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react';
import { CaseStateBadge, WarningCard } from '~/components/CaseBadges';
import { FlagItem } from '~/components/FlagItem';
import { isMessageKey, useFormat, type Formatters } from '~/i18n';
import { db } from '~/db.server';
import { requireViewer } from '~/auth/guard.server';
import { csrfToken, verifyCsrf } from '~/auth/csrf.server';
import { CSRF_FIELD } from '~/auth/constants';
import { auditEvidenceView } from '~/auth/route-viewer.server';
import { actOnCase } from '~/cases/cases.server';
import { storeAttachments } from '~/cases/case-files.server';
import { caseActorOf, idParam, readCaseForm } from '~/cases/http.server';
import { caseActionInput, formFields, inputProblem } from '~/cases/input';
import { loadCasePage } from './case-page.server';
import {
  ACTION_NAMES,
  KIND_NAMES,
  type CaseAction,
  type CaseState,
} from '../../../oversight/cases';

const notFound = () =>
  Response.json({ error: { zh: '没有这个整改事项', en: 'no such case' } }, { status: 404 });

/** GET /cases/:id — a case outside the viewer's districts is "no such case". */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request, { permission: 'view_cases' });
  const id = idParam(params.id);
  const page = id === null ? null : await loadCasePage(db(), caseActorOf(viewer, request), id);
  if (!page) throw notFound();
  await auditEvidenceView(request, viewer, `case #${id}`);
  return { ...page, csrf: csrfToken(request) };
}

/** POST /cases/:id — one action (a button or form on the page), files attached to a response. */
export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requireViewer(request, { permission: 'view_cases' });
  const id = idParam(params.id);
  if (id === null) throw notFound();
  const read = await readCaseForm(request);
  if (!read.ok) return { error: read.reason };
  const { form } = read;
  verifyCsrf(request, form);
  const input = caseActionInput.safeParse(formFields(form));
  if (!input.success) return { error: inputProblem(input.error) };
  const files = form.getAll('files').filter((v): v is File => v instanceof File);
  const stored = await storeAttachments(files);
  if (!stored.ok) return { error: stored.reason };
  const result = await actOnCase(
    db(),
    caseActorOf(viewer, request),
    id,
    input.data,
    Date.now(),
    stored.stored,
  );
  if (!result.ok) {
    if (result.status === 404) throw notFound();
    return { error: result.reason };
  }
  return redirect(`/cases/${id}?done=${input.data.action}`);
}

type PageData = ReturnType<typeof useLoaderData<typeof loader>>;

export default function CaseRoute() {
  const data = useLoaderData<typeof loader>();
  const refused = useActionData<typeof action>();
  const [params] = useSearchParams();
  const f = useFormat();
  const c = data.case;
  const done = params.get('done');
  return (
    <>
      <div className="page-head">
        <p>
          <Link to="/cases">{f.t('cases.back')}</Link>
        </p>
        <h1 data-testid="case-heading">
          {f.tf('cases.heading.case', { id: c.caseId })} · {c.districtName} · {c.department}
        </h1>
        <p className="case-summary">
          <CaseStateBadge state={c.state} /> <WarningCard warning={c.warning} />{' '}
          <span>{f.text(KIND_NAMES[c.kind])}</span>{' '}
          <span data-testid="case-deadline">
            {f.tf('cases.deadlineLine', { date: f.date(c.deadline), n: c.allowedWorkingDays })}
          </span>
          {c.closedByOverride ? (
            <strong className="override" data-testid="override-mark">
              {' '}
              {f.t('cases.overrideMark')}
            </strong>
          ) : null}
          {c.reopenCount > 0 ? (
            <span data-testid="reopened"> {f.tf('cases.reopened', { n: c.reopenCount })}</span>
          ) : null}
          {c.openedAutomatically ? <span> {f.t('cases.openedAuto')}</span> : null}
        </p>
        {c.note ? (
          <p>
            {f.t('cases.note')}：{c.note}
          </p>
        ) : null}
      </div>
      {done ? (
        <p className="notice" role="status" data-testid="case-done">
          {f.tf('cases.done', {
            action: f.text(ACTION_NAMES[done as CaseAction] ?? { zh: done, en: done }),
          })}
        </p>
      ) : null}
      {refused?.error ? (
        <p className="notice" role="alert" data-testid="case-error">
          {f.text(refused.error)}
        </p>
      ) : null}
      <Actions data={data} f={f} />
      <section className="panel" aria-labelledby="today-heading">
        <h2 id="today-heading">{f.t('cases.today')}</h2>
        {data.today ? (
          <ul data-testid="case-today">
            {c.flagTypes.map((t) => (
              <li key={t}>
                {f.t(`flagType.${t as 'ticket_throttling'}`)}：
                {f.tf(data.today!.present.includes(t) ? 'cases.todayStill' : 'cases.todayClear', {
                  week: data.today!.week,
                })}
              </li>
            ))}
          </ul>
        ) : null}
        {data.today && data.today.flags.length > 0 ? (
          <div className="flag-list" data-testid="case-today-flags">
            {data.today.flags.map((flag) => (
              <FlagItem key={flag.type} flag={flag} />
            ))}
          </div>
        ) : null}
        <h3>{f.t('cases.weeksAfter')}</h3>
        {data.weeks.length === 0 ? (
          <p className="muted">{f.t('cases.noWeeks')}</p>
        ) : (
          <table className="table table--compact" data-testid="case-weeks">
            <thead>
              <tr>
                <th scope="col">{f.t('cases.week')}</th>
                <th scope="col">{f.t('cases.reported')}</th>
                <th scope="col">{f.t('cases.flagged')}</th>
              </tr>
            </thead>
            <tbody>
              {data.weeks.map((w) => {
                const flagged = w.flagTypes.filter((t) => c.flagTypes.includes(t));
                return (
                  <tr key={w.week} className={flagged.length ? 'row--alert' : undefined}>
                    <td>{w.week}</td>
                    <td>{f.t(w.reported ? 'cases.yes' : 'cases.no')}</td>
                    <td>
                      {flagged.length
                        ? flagged.map((t) => f.t(`flagType.${t as 'ticket_throttling'}`)).join('、')
                        : f.t('cases.no')}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </section>
      <section className="panel" aria-labelledby="frozen-heading">
        <h2 id="frozen-heading">{f.t('cases.frozen')}</h2>
        <div className="flag-list">
          {data.frozen.map((flag) => (
            <FlagItem key={flag.type} flag={{ ...flag, sources: [] }} />
          ))}
        </div>
      </section>
      <section className="panel" aria-labelledby="timeline-heading">
        <h2 id="timeline-heading">{f.t('cases.timeline')}</h2>
        <ol className="timeline" data-testid="case-timeline">
          {data.events.map((e) => (
            <li
              key={e.eventId}
              data-action={e.action}
              className={e.action === 'override' ? 'override' : undefined}
            >
              <strong>
                {f.text(
                  ACTION_NAMES[e.action as CaseAction | 'open'] ?? { zh: e.action, en: e.action },
                )}
              </strong>{' '}
              <span className="muted">{f.dateTime(e.occurredAt)}</span>{' '}
              <span>
                {e.actorRole
                  ? f.tf('cases.by', { actor: e.actor, role: roleName(f, e.actorRole) })
                  : f.t('cases.system')}
              </span>{' '}
              {e.toState ? <CaseStateBadge state={e.toState as CaseState} /> : null}
              {e.text ? <p>{e.text}</p> : null}
              {e.detail && typeof e.detail.respondedOn === 'string' ? (
                <p className="muted">
                  {f.t('cases.respondedOn')}：{f.date(e.detail.respondedOn)}
                  {e.detail.lateBy ? ` · ${f.t('cases.late')}` : ''}
                </p>
              ) : null}
              <FilesOf eventId={e.eventId} data={data} />
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}

function roleName(f: Formatters, role: string): string {
  const key = `role.${role}`;
  return isMessageKey(key) ? f.t(key) : role;
}

function FilesOf({ eventId, data }: { eventId: number; data: PageData }) {
  const files = data.files.filter((file) => file.eventId === eventId);
  if (files.length === 0) return null;
  return (
    <ul className="sources" data-testid="case-files">
      {files.map((file) => (
        <li key={file.fileId}>
          <a href={`/cases/${data.case.caseId}/files/${file.fileId}`}>{file.fileName}</a>{' '}
          <code title={file.sha256}>{file.sha256.slice(0, 12)}</code>
        </li>
      ))}
    </ul>
  );
}

/** The forms for what the viewer may do now; close waits for the data, saying why. */
function Actions({ data, f }: { data: PageData; f: Formatters }) {
  const c = data.case;
  if (c.actions.length === 0) {
    return (
      <section className="panel" aria-labelledby="actions-heading">
        <h2 id="actions-heading">{f.t('cases.actions')}</h2>
        <p className="muted">{f.t('cases.noActions')}</p>
      </section>
    );
  }
  const hidden = (action: CaseAction) => (
    <>
      <input type="hidden" name={CSRF_FIELD} value={data.csrf ?? ''} />
      <input type="hidden" name="action" value={action} />
      <input type="hidden" name="revision" value={c.revision} />
    </>
  );
  const name = (a: CaseAction) => f.text(ACTION_NAMES[a]);
  return (
    <section
      className="panel case-actions"
      aria-labelledby="actions-heading"
      data-testid="case-actions"
    >
      <h2 id="actions-heading">{f.t('cases.actions')}</h2>
      {c.actions.map((action) => {
        if (action === 'respond') {
          return (
            <Form key={action} method="post" encType="multipart/form-data" className="case-form">
              {hidden(action)}
              <label>
                <span>{f.t('cases.measures')}</span>
                <textarea name="measures" required maxLength={4000} />
              </label>
              <label>
                <span>{f.t('cases.respondedOn')}</span>
                <input type="date" name="responded_on" min={c.weekStart} />
              </label>
              <label>
                <span>{f.t('cases.files')}</span>
                <input
                  type="file"
                  name="files"
                  multiple
                  accept=".pdf,.png,.jpg,.jpeg,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.wps"
                />
                <small className="muted">{f.tf('cases.filesHint', data.limits)}</small>
              </label>
              <button type="submit" className="button">
                {name(action)}
              </button>
            </Form>
          );
        }
        if (action === 'reject' || action === 'override') {
          return (
            <Form key={action} method="post" className="case-form">
              {hidden(action)}
              <label>
                <span>{f.t('cases.reason')}</span>
                <textarea name="reason" required maxLength={4000} />
              </label>
              <button type="submit" className="button">
                {name(action)}
              </button>
            </Form>
          );
        }
        const blocked = action === 'close' && !c.verification.clear;
        return (
          <Form key={action} method="post" className="case-form">
            {hidden(action)}
            <button type="submit" className="button" disabled={blocked} data-action={action}>
              {name(action)}
            </button>
            {blocked && c.verification.reason ? (
              <p className="muted" data-testid="close-blocked">
                {f.tf('cases.closeBlocked', { reason: f.text(c.verification.reason) })}
              </p>
            ) : null}
          </Form>
        );
      })}
    </section>
  );
}
