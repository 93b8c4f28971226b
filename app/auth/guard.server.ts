/**
 * The guard every loader and action calls first:
 *
 *   const viewer = await requireViewer(request, { permission: 'export' });
 *   … query with viewer.scope …
 *
 * - No credentials: a page request is redirected to /login?next=<this page>; an API request
 *   (/api/*, Accept: application/json, or a Bearer token) gets 401 JSON.
 * - Signed in but the role may not: 403, with the reason in both languages and no stack trace.
 * - A Bearer token is accepted on GET and HEAD (API, CSV, PDF); on writes only where the route
 *   opts in with `allowTokenWrite` (the ETL hand-over). When a Bearer token is present it is
 *   the only credential looked at, so a token request never rides on a cookie.
 */
import type { Executor } from '../../db/client';
import { processDb } from '../../db/handle';
import { can, type Permission } from './roles';
import { LOGIN_PATH } from './constants';
import { hasBearer } from './csrf.server';
import { viewerOfSession, type SessionPolicy } from './session.server';
import { viewerOfApiToken } from './tokens.server';
import type { Viewer } from './viewer.server';

export type { Viewer };

export interface GuardOptions {
  /** What the route does; the viewer's role must allow it (app/auth/roles.ts). */
  permission?: Permission;
  /** Accept an API token on POST/PUT/PATCH/DELETE (GET and HEAD always accept one). */
  allowTokenWrite?: boolean;
  /** Tests pass their database and clock; routes use the process's. */
  db?: Executor;
  now?: number;
  policy?: SessionPolicy;
}

const READ_METHODS = new Set(['GET', 'HEAD']);

function bearerToken(request: Request): string | null {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.get('Authorization') ?? '');
  return m?.[1] ?? null;
}

/** Whether the caller is a program expecting JSON rather than a browser expecting a page. */
export function wantsJson(request: Request): boolean {
  if (hasBearer(request)) return true;
  if (new URL(request.url).pathname.startsWith('/api/')) return true;
  const accept = request.headers.get('Accept') ?? '';
  return accept.includes('application/json') && !accept.includes('text/html');
}

export function unauthorized(
  zh = '请先登录，或在 Authorization: Bearer 中提供有效的 API 令牌',
  en = 'sign in first, or send a valid API token as Authorization: Bearer',
): Response {
  return Response.json(
    { error: { zh, en } },
    { status: 401, headers: { 'WWW-Authenticate': 'Bearer', 'Cache-Control': 'no-store' } },
  );
}

export function forbidden(
  zh = '您的账号无权访问此页面或执行此操作',
  en = 'your account may not open this page or do this',
): Response {
  return Response.json({ error: { zh, en } }, { status: 403 });
}

/**
 * Where to go after signing in: a path on this site, or '/'. Absolute URLs, protocol-relative
 * ("//evil.example") and backslash tricks ("/\\evil.example") are refused — an open redirect
 * on the login page is a phishing kit.
 */
export function safeNext(next: string | null | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//')) return '/';
  // eslint-disable-next-line no-control-regex
  if (/[\\\u0000-\u001f\u007f]/.test(next)) return '/';
  const base = 'http://local.invalid';
  let url: URL;
  try {
    url = new URL(next, base);
  } catch {
    return '/';
  }
  if (url.origin !== base || url.pathname === LOGIN_PATH || url.pathname === '/logout') return '/';
  return `${url.pathname}${url.search}${url.hash}`;
}

/** The redirect to the login page that comes back to this request's page afterwards. */
export function loginRedirect(request: Request): Response {
  const url = new URL(request.url);
  const next = safeNext(`${url.pathname}${url.search}`);
  const location = next === '/' ? LOGIN_PATH : `${LOGIN_PATH}?next=${encodeURIComponent(next)}`;
  return new Response(null, { status: 302, headers: { Location: location } });
}

/**
 * The viewer of the request, or null when nobody is signed in (or the token is bad, or is
 * used to write where writes by token are not allowed). For the root loader and the nav.
 */
export async function optionalViewer(
  request: Request,
  options: GuardOptions = {},
): Promise<Viewer | null> {
  const db = options.db ?? processDb();
  if (hasBearer(request)) {
    if (!READ_METHODS.has(request.method.toUpperCase()) && !options.allowTokenWrite) return null;
    const token = bearerToken(request);
    return token ? viewerOfApiToken(db, token, options.now) : null;
  }
  return viewerOfSession(db, request, { now: options.now, policy: options.policy });
}

/** The signed-in viewer, allowed `permission`; otherwise throws the redirect, 401 or 403. */
export async function requireViewer(request: Request, options: GuardOptions = {}): Promise<Viewer> {
  const viewer = await optionalViewer(request, options);
  if (!viewer) {
    if (hasBearer(request)) {
      const write = !READ_METHODS.has(request.method.toUpperCase()) && !options.allowTokenWrite;
      throw write
        ? unauthorized(
            'API 令牌只能用于读取（GET），此操作请登录后在页面上进行',
            'API tokens may only read (GET) here; sign in to do this',
          )
        : unauthorized('API 令牌无效或已撤销', 'the API token is invalid or has been revoked');
    }
    throw wantsJson(request) ? unauthorized() : loginRedirect(request);
  }
  if (options.permission && !can(viewer.role, options.permission)) throw forbidden();
  return viewer;
}
