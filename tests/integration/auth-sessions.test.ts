/**
 * Signing in and out on a real DuckDB, through the /login and /logout route modules as Remix
 * calls them: sessions start, idle out, end on logout and when the user is disabled or changes
 * password; API tokens carry the user's role and scope until revoked; the guard redirects,
 * answers 401 or 403; bad passwords lock out; and each of these leaves its audit entry.
 */
import { randomBytes } from 'node:crypto';
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/client';
import { setProcessDb } from '../../db/handle';
import { listAudit, type AuditAction, type AuditRow } from '../../db/queries/audit';
import { listDistricts } from '../../db/queries/districts';
import { findSession } from '../../db/queries/sessions';
import { CITY_SCOPE, districtScope } from '../../db/scope';
import { cliActor } from '../../app/auth/audit.server';
import { CSRF_FIELD } from '../../app/auth/constants';
import { csrfToken, verifyCsrf } from '../../app/auth/csrf.server';
import { optionalViewer, requireViewer } from '../../app/auth/guard.server';
import { setSessionSecret } from '../../app/auth/secret.server';
import { CLIENT_IP_HEADER } from '../../app/auth/security-headers.server';
import { createSession, SESSION_COOKIE, viewerOfSession } from '../../app/auth/session.server';
import { sha256Hex, viewerOfApiToken } from '../../app/auth/tokens.server';
import {
  addUser,
  changePassword,
  issueToken,
  revokeTokens,
  setDisabled,
} from '../../app/auth/users.server';
import type { Permission, Role } from '../../app/auth/roles';
import { action as loginAction, loader as loginLoader } from '../../app/routes/login';
import { action as logoutAction } from '../../app/routes/logout';
import { collectFiles } from '../../etl/files';
import { load } from '../../etl/load';
import { freshDb } from '../helpers/db';

const SITE = 'http://dash.test';
const HAN = /\p{Script=Han}/u;
const PASSWORD = 'ice lanterns on the songhua';
const MINUTE = 60_000;

let db: Db;

/** One account per role; the district officer has 道里区 only. */
const ACCOUNTS: { username: string; role: Role; districtCodes: string[] }[] = [
  { username: 'admin', role: 'admin', districtCodes: [] },
  { username: 'loader', role: 'data_officer', districtCodes: [] },
  { username: 'leader', role: 'leader', districtCodes: [] },
  { username: 'commission', role: 'commission', districtCodes: [] },
  { username: 'daoli', role: 'district_officer', districtCodes: ['230102'] },
  // Disabled and re-passworded by the "sessions end" tests.
  { username: 'nangang', role: 'district_officer', districtCodes: ['230103'] },
  // Locked out on purpose by the lock-out tests; nobody else signs in as it.
  { username: 'forgetful', role: 'data_officer', districtCodes: [] },
];

beforeAll(async () => {
  db = await freshDb();
  const report = await load(db, collectFiles(['tests/fixtures/districts-en.csv']), {
    source: 'test',
    loadedBy: 'auth-sessions.test',
  });
  expect(report.outcome).toBe('committed');
  setProcessDb(db);
  setSessionSecret(randomBytes(32));
  for (const a of ACCOUNTS) await addUser(db, { ...a, password: PASSWORD }, cliActor());
});
afterAll(() => {
  setProcessDb(undefined);
  setSessionSecret(undefined);
  db?.close();
});

/** A browser: its cookies, its address, and what Remix hands a loader or action. */
class Browser {
  readonly cookies = new Map<string, string>();
  constructor(
    readonly ip = '10.1.1.1',
    readonly origin = SITE,
  ) {}

  headers(extra: Record<string, string> = {}): Headers {
    const headers = new Headers({ [CLIENT_IP_HEADER]: this.ip, ...extra });
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (cookie) headers.set('Cookie', cookie);
    return headers;
  }

  /** Takes Set-Cookie headers as a browser would (Max-Age=0 deletes). */
  absorb(setCookies: string[]): void {
    for (const line of setCookies) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq);
      if (/Max-Age=0/.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, pair!.slice(eq + 1));
    }
  }

  get(path: string, extra: Record<string, string> = {}): Request {
    return new Request(`${SITE}${path}`, { headers: this.headers(extra) });
  }

  post(path: string, form: Record<string, string>, extra: Record<string, string> = {}): Request {
    return new Request(`${SITE}${path}`, {
      method: 'POST',
      headers: this.headers({ Origin: this.origin, ...extra }),
      body: new URLSearchParams(form),
    });
  }
}

/** What a loader or action produced: a Response (thrown or returned) or data with its init. */
interface Outcome {
  status: number;
  headers: Headers;
  data: unknown;
}

async function call(
  fn: (args: LoaderFunctionArgs & ActionFunctionArgs) => Promise<unknown>,
  request: Request,
): Promise<Outcome> {
  let result: unknown;
  try {
    result = await fn({ request, params: {}, context: {} });
  } catch (e) {
    if (!(e instanceof Response)) throw e;
    result = e;
  }
  if (result instanceof Response) {
    const text = await result.text();
    return {
      status: result.status,
      headers: result.headers,
      data: text && result.headers.get('Content-Type')?.includes('json') ? JSON.parse(text) : text,
    };
  }
  // data(value, init) from @remix-run/node
  const { data, init } = result as {
    data: unknown;
    init?: { status?: number; headers?: HeadersInit };
  };
  return { status: init?.status ?? 200, headers: new Headers(init?.headers), data };
}

/** Opens the login page, then posts the form with the token it was given. */
async function signIn(
  browser: Browser,
  username: string,
  password: string,
  next?: string,
): Promise<Outcome> {
  const page = await call(loginLoader, browser.get('/login'));
  browser.absorb(page.headers.getSetCookie());
  const { csrf } = page.data as { csrf: string };
  const form: Record<string, string> = { [CSRF_FIELD]: csrf, username, password };
  if (next !== undefined) form.next = next;
  const outcome = await call(loginAction, browser.post('/login', form));
  browser.absorb(outcome.headers.getSetCookie());
  return outcome;
}

async function auditOf(action: AuditAction, target?: string): Promise<AuditRow[]> {
  const { rows } = await listAudit(db, { action }, { page: 1, pageSize: 500 });
  return target === undefined ? rows : rows.filter((r) => r.target === target);
}

describe('signing in at /login', () => {
  it('the right password starts a server-side session and goes to next', async () => {
    const browser = new Browser('10.1.1.2');
    const outcome = await signIn(browser, 'leader', PASSWORD, '/flags?week=2020-W34');
    expect(outcome.status).toBe(302);
    expect(outcome.headers.get('Location')).toBe('/flags?week=2020-W34');
    const cookie = outcome.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`));
    expect(cookie).toMatch(/; Path=\/; HttpOnly; SameSite=Lax; Max-Age=43200$/);
    expect(cookie).not.toContain('Secure');
    // The pre-session CSRF cookie is dropped once signed in.
    expect(browser.cookies.has('oversight_login_csrf')).toBe(false);

    // The table holds the hash of the cookie's id, never the id itself.
    const id = browser.cookies.get(SESSION_COOKIE)!;
    expect(await findSession(db, id)).toBeNull();
    expect(await findSession(db, sha256Hex(id))).toMatchObject({ username: 'leader' });

    const viewer = await requireViewer(browser.get('/'));
    expect(viewer).toMatchObject({
      username: 'leader',
      role: 'leader',
      scope: CITY_SCOPE,
      via: 'session',
    });
    const [entry] = await auditOf('login_success', 'leader');
    expect(entry).toMatchObject({ actor: 'leader', actorRole: 'leader', ip: '10.1.1.2' });
  });

  it('over https the session cookie is Secure', async () => {
    const { cookie } = await createSession(db, new Request('https://dash.test/login'), 1, {
      ip: null,
    });
    expect(cookie).toMatch(/; Secure;/);
  });

  it('a name typed in capitals or full-width letters is the same account', async () => {
    const outcome = await signIn(new Browser('10.1.1.3'), 'ＬＥＡＤＥＲ', PASSWORD);
    expect(outcome.status).toBe(302);
    expect(outcome.headers.get('Location')).toBe('/');
  });

  it.each([
    { case: 'an absolute URL', next: 'https://evil.example/phish' },
    { case: 'a protocol-relative URL', next: '//evil.example' },
  ])('next as $case is ignored: the redirect stays on the site', async ({ next }) => {
    const outcome = await signIn(new Browser('10.1.1.4'), 'leader', PASSWORD, next);
    expect(outcome.headers.get('Location')).toBe('/');
  });

  it('a signed-in visitor to /login is sent on to next', async () => {
    const browser = new Browser('10.1.1.5');
    await signIn(browser, 'commission', PASSWORD);
    const again = await call(loginLoader, browser.get('/login?next=%2Faudit'));
    expect(again.status).toBe(302);
    expect(again.headers.get('Location')).toBe('/audit');
  });

  it('a wrong password and an unknown user get the same answer; the audit log knows which', async () => {
    const wrong = await signIn(new Browser('10.1.2.1'), 'admin', 'not the password at all');
    const unknown = await signIn(new Browser('10.1.2.2'), 'nobody-here', 'not the password at all');
    expect(wrong).toMatchObject({ status: 401, data: { error: 'invalid' } });
    expect(unknown).toMatchObject({ status: 401, data: { error: 'invalid' } });
    expect((await auditOf('login_failure', 'admin'))[0]).toMatchObject({
      ip: '10.1.2.1',
      detail: { reason: 'wrong_password' },
    });
    expect((await auditOf('login_failure', 'nobody-here'))[0]).toMatchObject({
      ip: '10.1.2.2',
      detail: { reason: 'unknown_user' },
    });
  });

  it('a post without the form token, or from another site, is refused with 403', async () => {
    const cases: { case: string; form: Record<string, string> | null; origin: string }[] = [
      { case: 'no token', form: { username: 'leader', password: PASSWORD }, origin: SITE },
      {
        case: 'a made-up token',
        form: { csrf: 'x'.repeat(43), username: 'leader', password: PASSWORD },
        origin: SITE,
      },
      { case: 'another site', form: null, origin: 'https://evil.example' },
    ];
    const before = (await auditOf('login_success', 'leader')).length;
    for (const c of cases) {
      const browser = new Browser('10.1.3.1', c.origin);
      const page = await call(loginLoader, browser.get('/login'));
      browser.absorb(page.headers.getSetCookie());
      const form: Record<string, string> = c.form ?? {
        csrf: (page.data as { csrf: string }).csrf,
        username: 'leader',
        password: PASSWORD,
      };
      const outcome = await call(loginAction, browser.post('/login', form));
      expect(outcome.status, c.case).toBe(403);
      expect((outcome.data as { error: { zh: string } }).error.zh, c.case).toMatch(HAN);
      expect(browser.cookies.has(SESSION_COOKIE), c.case).toBe(false);
    }
    expect(await auditOf('login_success', 'leader')).toHaveLength(before);
  });
});

describe('lock-out', () => {
  it('five wrong passwords lock the account for 15 minutes — the right one is then refused too', async () => {
    const browser = new Browser('10.2.0.1');
    for (let i = 0; i < 5; i++) {
      expect((await signIn(browser, 'forgetful', `wrong guess number ${i}`)).status).toBe(401);
    }
    const locked = await signIn(browser, 'forgetful', PASSWORD);
    expect(locked).toMatchObject({ status: 429, data: { error: 'locked', minutes: 15 } });
    // From another address too: the lock is on the name.
    expect((await signIn(new Browser('10.2.0.2'), 'forgetful', PASSWORD)).status).toBe(429);
    expect(browser.cookies.has(SESSION_COOKIE)).toBe(false);
    const failures = await auditOf('login_failure', 'forgetful');
    expect(failures.filter((f) => f.detail?.reason === 'locked')).toHaveLength(2);
  });

  it('an unknown name locks the same way, so the lock tells nothing about who exists', async () => {
    const browser = new Browser('10.2.0.3');
    for (let i = 0; i < 5; i++) await signIn(browser, 'ghost', `wrong guess number ${i}`);
    expect(await signIn(browser, 'ghost', PASSWORD)).toMatchObject({
      status: 429,
      data: { error: 'locked', minutes: 15 },
    });
  });
});

describe('sessions end', () => {
  const POLICY = { idleMs: 60 * MINUTE, absoluteMs: 12 * 60 * MINUTE };

  async function sessionFor(username: string): Promise<{ browser: Browser; at: number }> {
    const browser = new Browser('10.3.0.1');
    const outcome = await signIn(browser, username, PASSWORD);
    expect(outcome.status).toBe(302);
    return { browser, at: Date.now() };
  }

  it('after an hour without use (and the row is gone)', async () => {
    const { browser, at } = await sessionFor('leader');
    const idHash = sha256Hex(browser.cookies.get(SESSION_COOKIE)!);
    const request = browser.get('/');
    expect(
      await viewerOfSession(db, request, { now: at + 59 * MINUTE, policy: POLICY }),
    ).not.toBeNull();
    expect(
      await viewerOfSession(db, request, { now: at + 59 * MINUTE + 61 * MINUTE, policy: POLICY }),
    ).toBeNull();
    expect(await findSession(db, idHash)).toBeNull();
  });

  it('twelve hours after sign-in, however busy', async () => {
    const { browser, at } = await sessionFor('leader');
    const request = browser.get('/');
    // Used every 50 minutes: never idle, still ends at the absolute limit.
    for (let t = 50; t < 12 * 60; t += 50) {
      expect(
        await viewerOfSession(db, request, { now: at + t * MINUTE, policy: POLICY }),
        `${t} min`,
      ).not.toBeNull();
    }
    expect(
      await viewerOfSession(db, request, { now: at + 12 * 60 * MINUTE + 1, policy: POLICY }),
    ).toBeNull();
  });

  it('at logout: the copied cookie no longer works, and the sign-out is recorded', async () => {
    const { browser } = await sessionFor('commission');
    const stolen = browser.get('/');
    const csrf = csrfToken(browser.get('/'))!;
    const outcome = await call(logoutAction, browser.post('/logout', { [CSRF_FIELD]: csrf }));
    expect(outcome.status).toBe(302);
    expect(outcome.headers.get('Location')).toBe('/login');
    expect(outcome.headers.get('Set-Cookie')).toMatch(
      new RegExp(`^${SESSION_COOKIE}=; .*Max-Age=0`),
    );
    expect(await optionalViewer(stolen)).toBeNull();
    expect((await auditOf('logout')).some((r) => r.actor === 'commission')).toBe(true);
  });

  it('logout without the form token is refused and the session lives on', async () => {
    const { browser } = await sessionFor('commission');
    const outcome = await call(logoutAction, browser.post('/logout', {}));
    expect(outcome.status).toBe(403);
    expect(await optionalViewer(browser.get('/'))).toMatchObject({ username: 'commission' });
  });

  /** The account these tests disable and re-password, back to enabled with PASSWORD. */
  async function restoreSubject(): Promise<void> {
    await setDisabled(db, 'nangang', false, cliActor());
    await changePassword(db, 'nangang', PASSWORD, cliActor());
  }

  it.each([
    { case: 'the user is disabled', change: () => setDisabled(db, 'nangang', true, cliActor()) },
    {
      case: 'the password is changed',
      change: () => changePassword(db, 'nangang', `${PASSWORD}!`, cliActor()),
    },
  ])('at once when $case', async ({ change }) => {
    await restoreSubject();
    const { browser } = await sessionFor('nangang');
    expect(await optionalViewer(browser.get('/'))).not.toBeNull();
    await change();
    expect(await optionalViewer(browser.get('/'))).toBeNull();
  });

  it('a disabled user cannot sign in, and hears the same as for a wrong password', async () => {
    await restoreSubject();
    await setDisabled(db, 'nangang', true, cliActor());
    const outcome = await signIn(new Browser('10.3.0.9'), 'nangang', PASSWORD);
    expect(outcome).toMatchObject({ status: 401, data: { error: 'invalid' } });
    expect((await auditOf('login_failure', 'nangang'))[0]?.detail).toEqual({ reason: 'disabled' });
  });
});

describe('API tokens', () => {
  const bearer = (token: string, path = '/api/flags?week=2020-W34', method = 'GET') =>
    new Request(`${SITE}${path}`, { method, headers: { Authorization: `Bearer ${token}` } });

  it('carry the user’s role and scope; only the hash is stored', async () => {
    const { token, tokenId } = await issueToken(db, 'daoli', cliActor());
    expect(token).toMatch(/^ovs_[A-Za-z0-9_-]{43}$/);
    const stored = await db.all<{ token_hash: string }>({
      sql: 'SELECT token_hash FROM api_tokens WHERE token_id = $1',
      params: [tokenId],
    });
    expect(stored[0]?.token_hash).toBe(sha256Hex(token));
    const viewer = await requireViewer(bearer(token));
    expect(viewer).toMatchObject({
      username: 'daoli',
      role: 'district_officer',
      scope: districtScope(['230102']),
      via: 'token',
    });
  });

  it('stop working when revoked (by id or by username) or when the user is disabled', async () => {
    const a = await issueToken(db, 'leader', cliActor());
    const b = await issueToken(db, 'leader', cliActor());
    const c = await issueToken(db, 'commission', cliActor());
    expect(await revokeTokens(db, a.tokenId, cliActor())).toEqual({
      revoked: [a.tokenId],
      username: null,
    });
    expect(await viewerOfApiToken(db, a.token)).toBeNull();
    expect(await viewerOfApiToken(db, b.token)).not.toBeNull();
    expect((await revokeTokens(db, 'leader', cliActor())).revoked).toContain(b.tokenId);
    expect(await viewerOfApiToken(db, b.token)).toBeNull();

    await setDisabled(db, 'commission', true, cliActor());
    expect(await viewerOfApiToken(db, c.token)).toBeNull();
    await setDisabled(db, 'commission', false, cliActor());
    // Disabling revoked it for good: enabling the account again does not bring it back.
    expect(await viewerOfApiToken(db, c.token)).toBeNull();

    const revocations = await auditOf('token_revoke');
    expect(revocations.map((r) => r.target)).toEqual(expect.arrayContaining([a.tokenId, 'leader']));
  });

  it('read only, unless the route allows writes by token (the ETL hand-over)', async () => {
    const { token } = await issueToken(db, 'loader', cliActor());
    const post = () => bearer(token, '/api/loads', 'POST');
    const refused = await requireViewer(post()).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(Response);
    expect((refused as Response).status).toBe(401);
    expect(
      await requireViewer(post(), { allowTokenWrite: true, permission: 'load_data' }),
    ).toMatchObject({
      username: 'loader',
    });
  });

  it('a token request never falls back to the cookie beside it', async () => {
    const browser = new Browser('10.4.0.1');
    await signIn(browser, 'admin', PASSWORD);
    const request = browser.get('/api/flags', { Authorization: 'Bearer ovs_not-a-real-token' });
    const refused = await requireViewer(request).catch((e: unknown) => e);
    expect((refused as Response).status).toBe(401);
  });
});

describe('the guard', () => {
  async function refusal(request: Request, permission?: Permission): Promise<Outcome> {
    try {
      await requireViewer(request, { permission });
    } catch (e) {
      if (!(e instanceof Response)) throw e;
      const text = await e.text();
      return {
        status: e.status,
        headers: e.headers,
        data: e.headers.get('Content-Type')?.includes('json') ? JSON.parse(text) : text,
      };
    }
    throw new Error('the guard let the request through');
  }

  it.each([
    {
      case: 'a page',
      path: '/flags?week=2020-W34',
      accept: 'text/html',
      status: 302,
      location: '/login?next=%2Fflags%3Fweek%3D2020-W34',
    },
    { case: 'the overview', path: '/', accept: 'text/html', status: 302, location: '/login' },
    {
      case: 'a CSV download',
      path: '/flags.csv?week=2020-W34',
      accept: '*/*',
      status: 302,
      location: '/login?next=%2Fflags.csv%3Fweek%3D2020-W34',
    },
    {
      case: 'an API route',
      path: '/api/scorecard?week=2020-W34',
      accept: '*/*',
      status: 401,
      location: null,
    },
    {
      case: 'a JSON request',
      path: '/flags',
      accept: 'application/json',
      status: 401,
      location: null,
    },
  ])('unauthenticated, $case → $status', async ({ path, accept, status, location }) => {
    const outcome = await refusal(new Request(`${SITE}${path}`, { headers: { Accept: accept } }));
    expect(outcome.status).toBe(status);
    expect(outcome.headers.get('Location')).toBe(location);
    if (status === 401) {
      expect(outcome.headers.get('WWW-Authenticate')).toBe('Bearer');
      const { error } = outcome.data as { error: { zh: string; en: string } };
      expect(error.zh).toMatch(HAN);
      expect(error.en).toMatch(/sign in/);
    }
  });

  it.each([
    { username: 'leader', permission: 'view_audit' },
    { username: 'daoli', permission: 'load_data' },
    { username: 'loader', permission: 'export' },
    { username: 'admin', permission: 'view_evidence' },
    { username: 'commission', permission: 'manage_users' },
  ] as const)(
    '$username may not $permission → 403 in both languages',
    async ({ username, permission }) => {
      const browser = new Browser('10.5.0.1');
      await signIn(browser, username, PASSWORD);
      const outcome = await refusal(browser.get('/'), permission);
      expect(outcome.status).toBe(403);
      const { error } = outcome.data as { error: { zh: string; en: string } };
      expect(error.zh).toMatch(HAN);
      expect(error.en).toMatch(/may not/);
      expect(JSON.stringify(outcome.data)).not.toMatch(/\bat \w+ \(/);
    },
  );

  it('a district officer’s scope is their district: the registry query returns 道里区 only', async () => {
    const browser = new Browser('10.5.0.2');
    await signIn(browser, 'daoli', PASSWORD);
    const viewer = await requireViewer(browser.get('/'), { permission: 'view_dashboard' });
    expect(viewer.scope).toEqual(districtScope(['230102']));
    expect((await listDistricts(db, viewer.scope)).map((d) => d.districtCode)).toEqual(['230102']);
    const leader = new Browser('10.5.0.3');
    await signIn(leader, 'leader', PASSWORD);
    const all = await listDistricts(db, (await requireViewer(leader.get('/'))).scope);
    expect(all.length).toBeGreaterThan(1);
  });

  it('verifyCsrf accepts the session’s token on its form and refuses it on another session', async () => {
    const a = new Browser('10.5.0.4');
    const b = new Browser('10.5.0.5');
    await signIn(a, 'admin', PASSWORD);
    await signIn(b, 'admin', PASSWORD);
    const tokenA = csrfToken(a.get('/'))!;
    const form = new FormData();
    form.set(CSRF_FIELD, tokenA);
    expect(() => verifyCsrf(a.post('/targets', {}), form)).not.toThrow();
    expect(() => verifyCsrf(b.post('/targets', {}), form)).toThrow(Response);
  });
});

describe('the audit log', () => {
  it('records user changes made from the command line, newest first', async () => {
    const actor = cliActor();
    await addUser(
      db,
      { username: 'auditee', role: 'leader', districtCodes: [], password: PASSWORD },
      actor,
    );
    await changePassword(db, 'auditee', `${PASSWORD} again`, actor);
    const { tokenId } = await issueToken(db, 'auditee', actor);
    await setDisabled(db, 'auditee', true, actor);
    const { rows } = await listAudit(db, { actor: actor.actor }, { page: 1, pageSize: 500 });
    const mine = rows.filter((r) => r.target === 'auditee');
    expect(mine.map((r) => r.action)).toEqual([
      'user_disable',
      'token_issue',
      'user_passwd',
      'user_add',
    ]);
    expect(mine[3]).toMatchObject({ actorRole: null, detail: { role: 'leader', districts: [] } });
    expect(mine[1]?.detail).toEqual({ tokenId });
    expect(mine[0]?.detail).toEqual({ sessionsEnded: 0, tokensRevoked: [tokenId] });
    // Nothing secret is ever written to it.
    expect(JSON.stringify(rows)).not.toContain(PASSWORD);
  });

  it('pages and filters', async () => {
    const all = await listAudit(db, {}, { page: 1, pageSize: 3 });
    expect(all.rows).toHaveLength(3);
    expect(all.total).toBeGreaterThan(10);
    const second = await listAudit(db, {}, { page: 2, pageSize: 3 });
    expect(second.rows[0]!.auditId).toBeLessThan(all.rows[2]!.auditId);
    const failures = await listAudit(db, { action: 'login_failure' }, { page: 1, pageSize: 500 });
    expect(failures.rows.every((r) => r.action === 'login_failure')).toBe(true);
    expect(failures.total).toBe(failures.rows.length);
  });

  it('refuses a district officer without districts and unknown districts', async () => {
    await expect(
      addUser(
        db,
        { username: 'nowhere', role: 'district_officer', districtCodes: [], password: PASSWORD },
        cliActor(),
      ),
    ).rejects.toMatchObject({ name: 'AccountError', zh: expect.stringMatching(HAN) });
    await expect(
      addUser(
        db,
        {
          username: 'nowhere',
          role: 'district_officer',
          districtCodes: ['999999'],
          password: PASSWORD,
        },
        cliActor(),
      ),
    ).rejects.toMatchObject({ en: expect.stringContaining('999999') });
  });
});
