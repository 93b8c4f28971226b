import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { requireViewer } from '~/auth/guard.server';
import { verifyCsrf } from '~/auth/csrf.server';
import { db } from '~/db.server';
import { caseActorOf, caseResponse, readJsonBody } from '~/cases/http.server';
import { loadCaseList, openCase } from '~/cases/cases.server';
import { caseListInput, inputProblem, openCaseInput } from '~/cases/input';
import { toApiCase } from '~/cases/json.server';
import { badRequest } from '~/http/params.server';

/** GET /api/cases[?state=][&warning=][&district=][&department=][&kind=][&sort=] */
export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request, { permission: 'view_cases' });
  const url = new URL(request.url);
  const query = caseListInput.safeParse(Object.fromEntries(url.searchParams));
  if (!query.success) {
    const problem = inputProblem(query.error);
    throw badRequest(problem.zh, problem.en);
  }
  const { district, open, ...filter } = query.data;
  const cases = await loadCaseList(db(), caseActorOf(viewer, request), {
    ...filter,
    districtCode: district,
    open: open === '1',
  });
  return Response.json(cases.map(toApiCase));
}

/**
 * POST /api/cases {"district_code", "department", "flag_types": [...], "week",
 * "kind": "immediate"|"deadline"|"long_term", "due_date"?, "note"?} → 201 with the case.
 */
export async function action({ request }: ActionFunctionArgs) {
  const viewer = await requireViewer(request, { permission: 'view_cases', allowTokenWrite: true });
  verifyCsrf(request);
  const input = openCaseInput.safeParse(await readJsonBody(request));
  if (!input.success) {
    const problem = inputProblem(input.error);
    throw badRequest(problem.zh, problem.en);
  }
  const result = await openCase(db(), caseActorOf(viewer, request), input.data);
  return caseResponse(result, (c) => toApiCase(c), 201);
}
