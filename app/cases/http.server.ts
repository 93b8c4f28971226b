/** What the case routes share: who the actor is, reading a JSON body, answering an outcome. */
import { clientIp } from '../auth/security-headers.server';
import type { Viewer } from '../auth/viewer.server';
import { badRequest } from '../http/params.server';
import type { CaseActorInfo, CaseOutcome, CaseView } from './cases.server';

export function caseActorOf(viewer: Viewer, request: Request): CaseActorInfo {
  return {
    username: viewer.username,
    role: viewer.role,
    scope: viewer.scope,
    ip: clientIp(request),
  };
}

/** The request's JSON body; a body that is not JSON is a 400 in both languages. */
export async function readJsonBody(request: Request): Promise<unknown> {
  try {
    return await request.json();
  } catch {
    throw badRequest('请求体须为 JSON', 'the request body must be JSON');
  }
}

/** A case outcome as JSON: the case (with `status`), or the refusal's status and reason. */
export function caseResponse(
  outcome: CaseOutcome,
  shape: (c: CaseView) => unknown,
  status = 200,
): Response {
  if (!outcome.ok) return Response.json({ error: outcome.reason }, { status: outcome.status });
  return Response.json(shape(outcome.case), { status });
}

/** A route's :id as a case id, or null (then the route answers 404). */
export function caseIdOf(param: string | undefined): number | null {
  if (!param || !/^\d{1,9}$/.test(param)) return null;
  return Number(param);
}
