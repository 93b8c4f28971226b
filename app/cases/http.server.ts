/** What the case routes share: who the actor is, reading a body, answering an outcome. */
import {
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
} from '@remix-run/node';
import { env } from '../../db/env';
import type { Bilingual } from '../../oversight/bilingual';
import { MAX_FILES } from './case-files.server';
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

/** A route's numeric id (a case's, a file's), or null: the route then answers 404. */
export function idParam(param: string | undefined): number | null {
  if (!param || !/^\d{1,9}$/.test(param)) return null;
  return Number(param);
}

/** A form without files: reasons and measures, never more than this. */
const SMALL_FORM_BYTES = 64 * 1024;

/**
 * The request with its body cut off past `maxBytes`, whatever Content-Length says (or when
 * it says nothing): reading it then fails, and `over()` tells that this was why.
 */
function limitedBody(request: Request, maxBytes: number): { request: Request; over(): boolean } {
  let seen = 0;
  if (!request.body) return { request, over: () => false };
  const body = request.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        seen += chunk.byteLength;
        if (seen > maxBytes) controller.error(new Error('body too large'));
        else controller.enqueue(chunk);
      },
    }),
  );
  const init = { method: request.method, headers: request.headers, body, duplex: 'half' };
  return { request: new Request(request.url, init as RequestInit), over: () => seen > maxBytes };
}

/**
 * A case form's fields and files, or why it is refused. No request is buffered beyond what a
 * response may carry — MAX_FILES files of CASE_FILE_MAX_MB each — and each part is capped
 * while it streams in; a declared size over it is refused before anything is read.
 */
export async function readCaseForm(
  request: Request,
): Promise<{ ok: true; form: FormData } | { ok: false; reason: Bilingual }> {
  const { CASE_FILE_MAX_MB } = env();
  const partBytes = CASE_FILE_MAX_MB * 1024 * 1024;
  const multipart = (request.headers.get('Content-Type') ?? '').startsWith('multipart/form-data');
  const allowed = multipart ? MAX_FILES * partBytes + SMALL_FORM_BYTES : SMALL_FORM_BYTES;
  const tooLarge = {
    ok: false as const,
    reason: {
      zh: `提交的内容过大（附件最多 ${MAX_FILES} 个、每个不超过 ${CASE_FILE_MAX_MB} MB）`,
      en: `the form is too large (at most ${MAX_FILES} files of ${CASE_FILE_MAX_MB} MB each)`,
    },
  };
  if (Number(request.headers.get('Content-Length') ?? 0) > allowed) return tooLarge;
  const limited = limitedBody(request, allowed);
  try {
    if (!multipart) return { ok: true, form: await limited.request.formData() };
    const handler = unstable_createMemoryUploadHandler({ maxPartSize: partBytes });
    return { ok: true, form: await unstable_parseMultipartFormData(limited.request, handler) };
  } catch (e) {
    if (limited.over()) return tooLarge;
    if (!(e instanceof MaxPartSizeExceededError)) throw e;
    return {
      ok: false,
      reason: {
        zh: `附件超过 ${CASE_FILE_MAX_MB} MB`,
        en: `a file is larger than ${CASE_FILE_MAX_MB} MB`,
      },
    };
  }
}
