/**
 * Signed-in requests for route tests: a user of a given role with a live server-side session,
 * and Requests carrying its cookie, its CSRF token and our Origin, as a browser on the page
 * would send them. The session secret must be set (setSessionSecret) before use.
 */
import { cliActor } from '../../app/auth/audit.server';
import { CSRF_FIELD } from '../../app/auth/constants';
import { csrfToken } from '../../app/auth/csrf.server';
import { CLIENT_IP_HEADER } from '../../app/auth/security-headers.server';
import { createSession } from '../../app/auth/session.server';
import { addUser, issueToken } from '../../app/auth/users.server';
import type { Role } from '../../app/auth/roles';
import type { Db } from '../../db/client';

export const SITE = 'http://dash.test';
export const TEST_PASSWORD = 'ice lanterns on the songhua';

export interface SignedIn {
  username: string;
  /** The Cookie header value of the session. */
  cookie: string;
  /** The session's CSRF token, as the page's hidden field carries it. */
  csrf: string;
  /** A request from this browser; posts carry Origin: SITE. */
  request(path: string, init?: RequestInit): Request;
  /** A form post with the CSRF token added (unless `csrf: false`). */
  post(
    path: string,
    body: FormData | Record<string, string>,
    options?: { csrf?: boolean },
  ): Request;
}

/** Adds `username` with `role` (and districts, for a district officer) and signs them in. */
export async function signIn(
  db: Db,
  username: string,
  role: Role,
  districtCodes: string[] = [],
): Promise<SignedIn> {
  const userId = await addUser(
    db,
    { username, role, districtCodes, password: TEST_PASSWORD },
    cliActor(),
  );
  const { cookie: setCookie } = await createSession(db, new Request(`${SITE}/login`), userId, {
    ip: '10.0.0.1',
  });
  const cookie = setCookie.split(';')[0]!;
  const request = (path: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    headers.set('Cookie', cookie);
    headers.set(CLIENT_IP_HEADER, '10.0.0.1');
    if (init.method && init.method !== 'GET') headers.set('Origin', SITE);
    return new Request(`${SITE}${path}`, { ...init, headers });
  };
  const csrf = csrfToken(request('/'))!;
  return {
    username,
    cookie,
    csrf,
    request,
    post(path, body, options = {}) {
      const form = body instanceof FormData ? body : new URLSearchParams(body);
      if (options.csrf !== false) form.set(CSRF_FIELD, csrf);
      return request(path, { method: 'POST', body: form });
    },
  };
}

/** Adds `username` with `role` and returns a new API token of theirs (Authorization: Bearer). */
export async function tokenOf(
  db: Db,
  username: string,
  role: Role,
  districtCodes: string[] = [],
): Promise<string> {
  await addUser(db, { username, role, districtCodes, password: TEST_PASSWORD }, cliActor());
  return (await issueToken(db, username, cliActor())).token;
}
