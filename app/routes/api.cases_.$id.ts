import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireViewer } from '~/auth/guard.server';
import { db } from '~/db.server';
import { loadCase } from '~/cases/cases.server';
import { caseActorOf, idParam } from '~/cases/http.server';
import { toApiCaseDetail } from '~/cases/json.server';

const NOT_FOUND = { error: { zh: '没有这个整改事项', en: 'no such case' } };

/** GET /api/cases/:id — the case with its frozen flags, history and files; 404 outside scope. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request, { permission: 'view_cases' });
  const id = idParam(params.id);
  const detail = id === null ? null : await loadCase(db(), caseActorOf(viewer, request), id);
  if (!detail) return Response.json(NOT_FOUND, { status: 404 });
  return Response.json(toApiCaseDetail(detail));
}
