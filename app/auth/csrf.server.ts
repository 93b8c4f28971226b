/**
 * Cross-site request forgery: every state-changing form post proves it came from our own page.
 *
 * - Signed in: a synchroniser token tied to the session — HMAC(secret, session id hash) — in a
 *   hidden field named `csrf` (CSRF_FIELD). Nothing to store; a new session gets a new token.
 * - The login form (no session yet): a signed double-submit — a random cookie and, in the form,
 *   its HMAC. A page on another site can neither read the cookie nor compute the MAC.
 * - And on both, the Origin header (or Referer, if a browser withheld Origin) must name our
 *   host. SameSite=Lax already keeps the session cookie off cross-site posts; these checks
 *   hold even where it does not (older browsers, a sibling subdomain).
 *
 * Requests authenticated by an API token (Authorization: Bearer) are exempt: a browser never
 * attaches that header by itself, so a forged request cannot carry it.
 */
import { timingSafeEqual } from 'node:crypto';
import { CSRF_FIELD } from './constants';
import { signFor } from './secret.server';
import { isHttps, readCookie, serializeCookie, sessionIdHash } from './session.server';
import { randomSecret } from './tokens.server';
import type { Bilingual } from '../../oversight/bilingual';

export { CSRF_FIELD };
export const LOGIN_CSRF_COOKIE = 'oversight_login_csrf';
/** For fetch() uploads that send no form fields first: the same token in a header. */
export const CSRF_HEADER = 'X-CSRF-Token';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function refuse(zh: string, en: string): Response {
  return Response.json({ error: { zh, en } }, { status: 403 });
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Whether the request carries an API token rather than relying on cookies. */
export function hasBearer(request: Request): boolean {
  return /^Bearer\s+\S/i.test(request.headers.get('Authorization') ?? '');
}

/**
 * The origin check, as a rule: null when a state-changing request comes from our own host,
 * the refusal otherwise. Hosts are compared (not schemes), because behind a TLS-terminating
 * proxy the app sees http while the browser says https. A browser sends Origin on every
 * cross-origin POST; a request naming neither Origin nor Referer is not from a page of ours.
 */
export function originProblemOf(request: {
  method: string;
  host: string;
  origin: string | null | undefined;
  referer: string | null | undefined;
}): Bilingual | null {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return null;
  const claimed = request.origin && request.origin !== 'null' ? request.origin : request.referer;
  if (!claimed) {
    return {
      zh: '请求缺少来源（Origin）信息，已拒绝',
      en: 'the request names no Origin and was refused',
    };
  }
  let claimedHost: string | null;
  try {
    claimedHost = new URL(claimed).host;
  } catch {
    claimedHost = null;
  }
  if (claimedHost !== request.host) {
    return {
      zh: '请求来自其他网站，已拒绝',
      en: 'the request came from another site and was refused',
    };
  }
  return null;
}

/** originProblemOf for a Fetch API request (loaders and actions). */
export function originProblem(request: Request): Bilingual | null {
  return originProblemOf({
    method: request.method,
    host: new URL(request.url).host,
    origin: request.headers.get('Origin'),
    referer: request.headers.get('Referer'),
  });
}

/** Throws 403 unless a state-changing request comes from our own host. */
export function checkOrigin(request: Request): void {
  const problem = originProblem(request);
  if (problem) throw refuse(problem.zh, problem.en);
}

/** The CSRF token of the signed-in session, for a form's hidden field; null without a session. */
export function csrfToken(request: Request): string | null {
  const idHash = sessionIdHash(request);
  return idHash ? signFor('csrf', idHash) : null;
}

function submittedToken(request: Request, formData: FormData | null | undefined): string | null {
  const field = formData?.get(CSRF_FIELD);
  if (typeof field === 'string' && field !== '') return field;
  return request.headers.get(CSRF_HEADER);
}

/**
 * For every action that changes state: throws 403 (in both languages) unless the request
 * comes from our host and carries its session's token — in the form field `csrf` or the
 * X-CSRF-Token header. Token-authenticated requests need only pass the origin rule's exemption.
 */
export function verifyCsrf(request: Request, formData?: FormData | null): void {
  if (hasBearer(request)) return;
  checkOrigin(request);
  const expected = csrfToken(request);
  const given = submittedToken(request, formData);
  if (!expected || !given || !sameText(given, expected)) {
    throw refuse(
      '表单已过期或来源无法验证，请刷新页面后重试',
      'the form has expired or its origin cannot be verified; reload the page and try again',
    );
  }
}

/**
 * The login form's token. Reuses the browser's pre-session cookie when it has one (two open
 * login tabs both work); otherwise makes one, and the caller sends `setCookie`.
 */
export function loginCsrf(request: Request): { token: string; setCookie: string | null } {
  const existing = readCookie(request, LOGIN_CSRF_COOKIE);
  const nonce = existing ?? randomSecret();
  return {
    token: signFor('login-csrf', nonce),
    setCookie: existing
      ? null
      : serializeCookie(LOGIN_CSRF_COOKIE, nonce, {
          maxAgeSeconds: 2 * 3600,
          secure: isHttps(request),
        }),
  };
}

/** Throws 403 unless the login post comes from our host with the token its cookie signs. */
export function verifyLoginCsrf(request: Request, formData: FormData): void {
  checkOrigin(request);
  const nonce = readCookie(request, LOGIN_CSRF_COOKIE);
  const given = formData.get(CSRF_FIELD);
  if (!nonce || typeof given !== 'string' || !sameText(given, signFor('login-csrf', nonce))) {
    throw refuse(
      '登录表单已过期，请刷新页面后重试',
      'the sign-in form has expired; reload the page and try again',
    );
  }
}

/** The Set-Cookie value that drops the login form's cookie once signed in. */
export function clearLoginCsrfCookie(request: Request): string {
  return serializeCookie(LOGIN_CSRF_COOKIE, '', { maxAgeSeconds: 0, secure: isHttps(request) });
}
