import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireViewer } from '~/auth/guard.server';
import { auditEvent } from '~/auth/audit.server';
import { db } from '~/db.server';
import { loadCaseFile } from '~/cases/cases.server';
import { caseActorOf, idParam } from '~/cases/http.server';
import { contentDisposition } from '~/flags/csv.server';

const notFound = () =>
  Response.json({ error: { zh: '没有这个附件', en: 'no such file' } }, { status: 404 });

/**
 * GET /cases/:id/files/:fileId — a file attached to a response, as stored; refused (404) when
 * the case is outside the viewer's scope or the stored bytes no longer match their hash.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request, { permission: 'view_cases' });
  const caseId = idParam(params.id);
  const fileId = idParam(params.fileId);
  if (caseId === null || fileId === null) throw notFound();
  const found = await loadCaseFile(db(), caseActorOf(viewer, request), caseId, fileId);
  if (!found) throw notFound();
  const { file, bytes } = found;
  await auditEvent(db(), request, viewer, 'case_file', {
    target: `case #${caseId}`,
    detail: { file: file.fileName, sha256: file.sha256 },
  });
  return new Response(new Uint8Array(bytes), {
    headers: {
      'Content-Type': file.mediaType,
      'Content-Disposition': contentDisposition(file.fileName, `case-${caseId}-file-${fileId}`),
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  });
}
