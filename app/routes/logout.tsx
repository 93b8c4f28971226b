import { redirect, type ActionFunctionArgs } from '@remix-run/node';
import { auditEvent } from '~/auth/audit.server';
import { LOGIN_PATH } from '~/auth/constants';
import { verifyCsrf } from '~/auth/csrf.server';
import { optionalViewer } from '~/auth/guard.server';
import { clearSessionCookie, endSession, sessionIdHash } from '~/auth/session.server';
import { db } from '~/db.server';

/**
 * POST /logout (form field `csrf`) — deletes the session row, so the cookie is worthless even
 * if it was copied, and records the sign-out. A GET changes nothing: a link or an <img> on
 * another site cannot sign anyone out.
 */
export async function action({ request }: ActionFunctionArgs) {
  const clear = { headers: { 'Set-Cookie': clearSessionCookie(request) } };
  // Nothing to end without a session cookie (it expired, or another tab signed out first).
  if (!sessionIdHash(request)) return redirect(LOGIN_PATH, clear);
  verifyCsrf(request, await request.formData());
  const viewer = await optionalViewer(request);
  await endSession(db(), request);
  if (viewer) await auditEvent(db(), request, viewer, 'logout');
  return redirect(LOGIN_PATH, clear);
}

export const loader = () => redirect('/');
