import type { ActionFunctionArgs } from '@remix-run/node';
import { requireViewer } from '~/auth/guard.server';
import { verifyCsrf } from '~/auth/csrf.server';
import { db } from '~/db.server';
import { actOnCase } from '~/cases/cases.server';
import { caseActorOf, idParam, caseResponse, readJsonBody } from '~/cases/http.server';
import { caseActionInput, inputProblem } from '~/cases/input';
import { toApiCase } from '~/cases/json.server';
import { badRequest } from '~/http/params.server';

/**
 * POST /api/cases/:id/actions {"action": "acknowledge"|"respond"|"verify"|"reject"|"close"|
 * "override", "measures"?, "responded_on"?, "reason"?, "revision"?} → the case; an action the
 * case's state does not allow is 409 with the reason in both languages, an id outside the
 * caller's scope 404.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requireViewer(request, { permission: 'view_cases', allowTokenWrite: true });
  verifyCsrf(request);
  const id = idParam(params.id);
  if (id === null) {
    return Response.json(
      { error: { zh: '没有这个整改事项', en: 'no such case' } },
      { status: 404 },
    );
  }
  const input = caseActionInput.safeParse(await readJsonBody(request));
  if (!input.success) {
    const problem = inputProblem(input.error);
    throw badRequest(problem.zh, problem.en);
  }
  const result = await actOnCase(db(), caseActorOf(viewer, request), id, input.data);
  return caseResponse(result, toApiCase);
}
