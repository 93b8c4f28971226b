/**
 * A forged form post is refused: without the token, with a wrong or another session's token,
 * or from another site's page. And the login page's `next` never leads off the site.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import {
  csrfToken,
  LOGIN_CSRF_COOKIE,
  loginCsrf,
  originProblemOf,
  verifyCsrf,
  verifyLoginCsrf,
} from '../../app/auth/csrf.server';
import { safeNext } from '../../app/auth/guard.server';
import { setSessionSecret } from '../../app/auth/secret.server';
import { SESSION_COOKIE } from '../../app/auth/session.server';

const SITE = 'http://dash.example:3000';
const HAN = /\p{Script=Han}/u;

// Set while the file is collected: the tables below compute tokens as they are defined.
setSessionSecret(randomBytes(32));
afterAll(() => setSessionSecret(undefined));

const sessionA = randomBytes(32).toString('base64url');
const sessionB = randomBytes(32).toString('base64url');

function post(headers: Record<string, string>, form: Record<string, string> = {}) {
  const body = new FormData();
  for (const [k, v] of Object.entries(form)) body.set(k, v);
  return { request: new Request(`${SITE}/flags`, { method: 'POST', headers }), form: body };
}

/** The thrown 403, or null when the check passed. */
function refusal(fn: () => void): { status: number; body: Promise<unknown> } | null {
  try {
    fn();
    return null;
  } catch (e) {
    if (!(e instanceof Response)) throw e;
    return { status: e.status, body: e.json() };
  }
}

describe('the Origin rule', () => {
  it.each([
    {
      case: 'a GET from anywhere',
      method: 'GET',
      origin: 'https://evil.example',
      referer: null,
      ok: true,
    },
    { case: 'a post from our page', method: 'POST', origin: SITE, referer: null, ok: true },
    {
      case: 'our page over https behind a proxy',
      method: 'POST',
      origin: 'https://dash.example:3000',
      referer: null,
      ok: true,
    },
    {
      case: 'a post from another site',
      method: 'POST',
      origin: 'https://evil.example',
      referer: null,
      ok: false,
    },
    {
      case: 'another port on our host',
      method: 'POST',
      origin: 'http://dash.example:8080',
      referer: null,
      ok: false,
    },
    {
      case: 'no Origin, our Referer',
      method: 'POST',
      origin: null,
      referer: `${SITE}/flags?week=2020-W34`,
      ok: true,
    },
    {
      case: 'no Origin, a foreign Referer',
      method: 'POST',
      origin: null,
      referer: 'https://evil.example/x',
      ok: false,
    },
    {
      case: 'Origin "null" (sandboxed frame)',
      method: 'POST',
      origin: 'null',
      referer: null,
      ok: false,
    },
    {
      case: 'neither Origin nor Referer',
      method: 'DELETE',
      origin: null,
      referer: null,
      ok: false,
    },
    { case: 'a malformed Origin', method: 'POST', origin: 'not a url', referer: null, ok: false },
  ])('$case → $ok', ({ method, origin, referer, ok }) => {
    const problem = originProblemOf({ method, host: 'dash.example:3000', origin, referer });
    expect(problem === null).toBe(ok);
    if (problem) expect(problem.zh).toMatch(HAN);
  });
});

describe('CSRF on signed-in forms', () => {
  const cookieA = `${SESSION_COOKIE}=${sessionA}`;
  const tokenA = csrfTokenOf(cookieA);

  function csrfTokenOf(cookie: string): string {
    const token = csrfToken(new Request(SITE, { headers: { Cookie: cookie } }));
    if (!token) throw new Error('no token for a session cookie');
    return token;
  }

  it('each session has its own token, and no session has none', () => {
    expect(tokenA).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(csrfTokenOf(`${SESSION_COOKIE}=${sessionB}`)).not.toBe(tokenA);
    expect(csrfToken(new Request(SITE))).toBeNull();
  });

  it.each<{
    case: string;
    headers: Record<string, string>;
    form: Record<string, string>;
    ok: boolean;
  }>([
    {
      case: 'the session’s own token',
      headers: { Cookie: cookieA, Origin: SITE },
      form: { csrf: tokenA },
      ok: true,
    },
    {
      case: 'the token in X-CSRF-Token',
      headers: { Cookie: cookieA, Origin: SITE, 'X-CSRF-Token': tokenA },
      form: {},
      ok: true,
    },
    { case: 'no token', headers: { Cookie: cookieA, Origin: SITE }, form: {}, ok: false },
    {
      case: 'a wrong token',
      headers: { Cookie: cookieA, Origin: SITE },
      form: { csrf: 'x'.repeat(43) },
      ok: false,
    },
    {
      case: 'another session’s token',
      headers: { Cookie: `${SESSION_COOKIE}=${sessionB}`, Origin: SITE },
      form: { csrf: tokenA },
      ok: false,
    },
    {
      case: 'the right token from another site',
      headers: { Cookie: cookieA, Origin: 'https://evil.example' },
      form: { csrf: tokenA },
      ok: false,
    },
    {
      case: 'a token but no session',
      headers: { Origin: SITE },
      form: { csrf: tokenA },
      ok: false,
    },
    // API clients send a token, not cookies: nothing a forged browser request could carry.
    { case: 'a Bearer request', headers: { Authorization: 'Bearer ovs_x' }, form: {}, ok: true },
  ])('$case → $ok', async ({ headers, form, ok }) => {
    const { request, form: body } = post(headers, form);
    const refused = refusal(() => verifyCsrf(request, body));
    expect(refused === null).toBe(ok);
    if (refused) {
      expect(refused.status).toBe(403);
      const { error } = (await refused.body) as { error: { zh: string; en: string } };
      expect(error.zh).toMatch(HAN);
      expect(error.en).toMatch(/[a-z]{4,}/);
    }
  });
});

describe('CSRF on the login form (before any session)', () => {
  const first = loginCsrf(new Request(`${SITE}/login`));
  const nonce = /oversight_login_csrf=([^;]+)/.exec(first.setCookie ?? '')?.[1] ?? '';

  it('the form page sets an HttpOnly, SameSite=Lax cookie and reuses it on reload', () => {
    expect(first.setCookie).toMatch(
      /^oversight_login_csrf=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=7200$/,
    );
    const again = loginCsrf(
      new Request(`${SITE}/login`, { headers: { Cookie: `${LOGIN_CSRF_COOKIE}=${nonce}` } }),
    );
    expect(again).toEqual({ token: first.token, setCookie: null });
  });

  it.each([
    {
      case: 'cookie and its token',
      cookie: true,
      token: () => first.token,
      origin: SITE,
      ok: true,
    },
    { case: 'no token', cookie: true, token: () => null, origin: SITE, ok: false },
    {
      case: 'the token without its cookie',
      cookie: false,
      token: () => first.token,
      origin: SITE,
      ok: false,
    },
    {
      case: 'the cookie value itself as token (plain double submit)',
      cookie: true,
      token: () => nonce,
      origin: SITE,
      ok: false,
    },
    {
      case: 'from another site',
      cookie: true,
      token: () => first.token,
      origin: 'https://evil.example',
      ok: false,
    },
  ])('$case → $ok', ({ cookie, token, origin, ok }) => {
    const headers: Record<string, string> = { Origin: origin };
    if (cookie) headers.Cookie = `${LOGIN_CSRF_COOKIE}=${nonce}`;
    const t = token();
    const { request, form } = post(headers, t === null ? {} : { csrf: t });
    expect(refusal(() => verifyLoginCsrf(request, form)) === null).toBe(ok);
  });
});

describe('where the login page may send you afterwards', () => {
  it.each([
    { next: '/flags?week=2020-W34', to: '/flags?week=2020-W34' },
    { next: '/districts/230102#evidence', to: '/districts/230102#evidence' },
    { next: null, to: '/' },
    { next: '', to: '/' },
    { next: 'https://evil.example/', to: '/' },
    { next: '//evil.example/', to: '/' },
    { next: '/\\evil.example', to: '/' },
    { next: '/%0d%0aSet-Cookie:x=1', to: '/%0d%0aSet-Cookie:x=1' },
    { next: '/\r\nSet-Cookie: x=1', to: '/' },
    { next: 'javascript:alert(1)', to: '/' },
    { next: '/login?next=/flags', to: '/' },
    { next: '/logout', to: '/' },
  ])('next=$next → $to', ({ next, to }) => {
    expect(safeNext(next)).toBe(to);
  });
});
