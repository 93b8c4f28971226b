/**
 * Every route is guarded, and a new one cannot slip through: the test lists app/routes and
 * fails on a file it does not know. For each guarded route, nobody signed in is sent to the
 * login page (or gets 401 as a program), a role without the permission gets 403, and a
 * district officer naming another district gets 403 — on pages, JSON, CSV and PDF alike.
 */
import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setSessionSecret } from '../../app/auth/secret.server';
import { can, ROLES, type Permission, type Role } from '../../app/auth/roles';
import type { Db } from '../../db/client';
import type { AuditAction } from '../../db/queries/audit';
import { setProcessDb } from '../../db/handle';
import { demoDb } from '../helpers/db';
import { signIn, tokenOf, type SignedIn } from '../helpers/auth';

const ROUTES_DIR = fileURLToPath(new URL('../../app/routes/', import.meta.url));
const WEEK = '2020-W34';
const OWN = '230102';
const OTHER = '230103';

/** Open to everybody: signing in and out, choosing a language, and the 404 of unknown addresses. */
const PUBLIC = ['login.tsx', 'logout.tsx', 'lang.tsx', '$.tsx'];

interface Guarded {
  /** The URL asked for, with its route params. */
  path: string;
  params?: Record<string, string>;
  method?: 'GET' | 'POST';
  permission: Permission;
  /** The same route naming a district outside a district officer's scope. */
  otherDistrict?: { path: string; params?: Record<string, string> };
  /** What the audit log records when a commission member takes this road (exports, evidence). */
  audited?: AuditAction;
  /**
   * The status of an allowed request when it is not 200: the route's own answer once the
   * guard let it through (404 for a case the demo does not have, 400 for an empty body).
   */
  opensWith?: number;
}

const GUARDED: Record<string, Guarded> = {
  '_index/route.tsx': { path: `/?week=${WEEK}`, permission: 'view_dashboard' },
  'districts.$code/route.tsx': {
    path: `/districts/${OWN}?week=${WEEK}`,
    params: { code: OWN },
    permission: 'view_dashboard',
    otherDistrict: { path: `/districts/${OTHER}?week=${WEEK}`, params: { code: OTHER } },
    audited: 'view_evidence',
  },
  'flags/route.tsx': {
    path: `/flags?week=${WEEK}`,
    permission: 'view_evidence',
    otherDistrict: { path: `/flags?week=${WEEK}&district=${OTHER}` },
    audited: 'view_evidence',
  },
  'flags[.]csv.ts': {
    path: `/flags.csv?week=${WEEK}`,
    permission: 'export',
    otherDistrict: { path: `/flags.csv?week=${WEEK}&district=${OTHER}` },
    audited: 'export_csv',
  },
  'flags_.evidence[.]pdf.ts': {
    path: `/flags/evidence.pdf?week=${WEEK}&district=${OWN}`,
    permission: 'export',
    otherDistrict: { path: `/flags/evidence.pdf?week=${WEEK}&district=${OTHER}` },
    audited: 'export_evidence',
  },
  'flags_.evidence[.]xlsx.ts': {
    path: `/flags/evidence.xlsx?week=${WEEK}&district=${OWN}`,
    permission: 'export',
    otherDistrict: { path: `/flags/evidence.xlsx?week=${WEEK}&district=${OTHER}` },
    audited: 'export_evidence',
  },
  'data/route.tsx': { path: '/data', permission: 'view_dashboard' },
  'data_.upload.tsx': { path: '/data/upload', permission: 'load_data' },
  'audit.tsx': { path: '/audit', permission: 'view_audit' },
  'api.scorecard.ts': { path: `/api/scorecard?week=${WEEK}`, permission: 'view_dashboard' },
  'api.flags.ts': {
    path: `/api/flags?week=${WEEK}`,
    permission: 'view_evidence',
    otherDistrict: { path: `/api/flags?week=${WEEK}&district=${OTHER}` },
    audited: 'view_evidence',
  },
  'reports._index.tsx': { path: '/reports', permission: 'export' },
  'cases._index/route.tsx': { path: '/cases', permission: 'view_cases' },
  'cases.$id/route.tsx': {
    path: '/cases/1',
    params: { id: '1' },
    permission: 'view_cases',
    opensWith: 404,
  },
  'cases[.]csv.ts': { path: '/cases.csv', permission: 'export', audited: 'export_csv' },
  'cases.$id_.files.$fileId.ts': {
    path: '/cases/1/files/1',
    params: { id: '1', fileId: '1' },
    permission: 'view_cases',
    opensWith: 404,
  },
  'api.cases.ts': { path: '/api/cases', permission: 'view_cases' },
  'api.cases_.$id.ts': {
    path: '/api/cases/1',
    params: { id: '1' },
    permission: 'view_cases',
    opensWith: 404,
  },
  'api.cases_.$id_.actions.ts': {
    path: '/api/cases/1/actions',
    params: { id: '1' },
    method: 'POST',
    permission: 'view_cases',
    opensWith: 400,
  },
  'reports.$week[.pdf].ts': {
    path: `/reports/${WEEK}.pdf`,
    params: { week: WEEK },
    permission: 'export',
    otherDistrict: { path: `/reports/${WEEK}.pdf?district=${OTHER}`, params: { week: WEEK } },
    audited: 'export_pdf',
  },
};

type Handler = (args: LoaderFunctionArgs | ActionFunctionArgs) => Promise<unknown>;

/** Every route module, found the way Vite finds files (a dynamic import would need its name). */
const ROUTE_MODULES = import.meta.glob([
  '../../app/routes/*.{ts,tsx}',
  '../../app/routes/*/route.{ts,tsx}',
]);

let db: Db;
const signedIn = {} as Record<Role, SignedIn>;
let officer: SignedIn;

beforeAll(async () => {
  db = await demoDb();
  setSessionSecret(randomBytes(32));
  for (const role of ROLES) {
    signedIn[role] = await signIn(
      db,
      `guard-${role}`,
      role,
      role === 'district_officer' ? [OWN] : [],
    );
  }
  officer = signedIn.district_officer;
  setProcessDb(db);
}, 120_000);

afterAll(() => {
  setProcessDb(undefined);
  setSessionSecret(undefined);
  db?.close();
});

/** Calls the route's loader (or action for a POST); a thrown Response is returned. */
async function call(
  file: string,
  request: Request,
  params: Record<string, string> = {},
): Promise<unknown> {
  const module = ROUTE_MODULES[`../../app/routes/${file}`];
  if (!module) throw new Error(`no route module ${file}`);
  const route = (await module()) as { loader?: Handler; action?: Handler };
  const handler = request.method === 'POST' ? route.action : route.loader;
  if (!handler)
    throw new Error(`${file} has no ${request.method === 'POST' ? 'action' : 'loader'}`);
  try {
    return await handler({ request, params, context: {} });
  } catch (e) {
    if (e instanceof Response) return e;
    throw e;
  }
}

const status = (r: unknown) => (r instanceof Response ? r.status : 200);

describe('every route', () => {
  it('is either public or in the guarded table (a new route must be added here)', () => {
    // A route is a file in app/routes/, or a folder there with its route.tsx beside the
    // page's own server modules (Remix's flat-routes folders).
    const files = readdirSync(ROUTES_DIR, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory()
        ? readdirSync(`${ROUTES_DIR}${e.name}`)
            .filter((f) => /^route\.(tsx?|jsx?)$/.test(f))
            .map((f) => `${e.name}/${f}`)
        : /\.(tsx?|jsx?)$/.test(e.name)
          ? [e.name]
          : [],
    );
    expect([...files].sort()).toEqual([...PUBLIC, ...Object.keys(GUARDED)].sort());
  });

  describe.each(Object.entries(GUARDED))('%s', (file, route) => {
    const method = route.method ?? 'GET';

    it('sends nobody signed in to the login page, or 401 for a program', async () => {
      const page = await call(
        file,
        new Request(`http://dash.test${route.path}`, { method }),
        route.params,
      );
      const api = route.path.startsWith('/api/');
      expect(status(page)).toBe(api ? 401 : 302);
      if (!api) expect((page as Response).headers.get('Location')).toMatch(/^\/login\?next=/);
      const script = await call(
        file,
        new Request(`http://dash.test${route.path}`, {
          method,
          headers: { Authorization: 'Bearer not-a-token' },
        }),
        route.params,
      );
      expect(status(script)).toBe(401);
    });

    const refused = ROLES.filter((role) => !can(role, route.permission));
    const allowed = ROLES.filter((role) => can(role, route.permission));

    it.each(refused)('refuses the %s role with 403', async (role) => {
      expect(
        status(await call(file, signedIn[role].request(route.path, { method }), route.params)),
      ).toBe(403);
    });

    it.each(allowed)('opens for the %s role', async (role) => {
      // A post as a page's script sends it: with the session's CSRF token in its header.
      const request = signedIn[role].request(route.path, {
        method,
        headers: method === 'POST' ? { 'X-CSRF-Token': signedIn[role].csrf } : {},
      });
      expect(status(await call(file, request, route.params))).toBe(route.opensWith ?? 200);
    });

    if (route.otherDistrict) {
      const other = route.otherDistrict;
      it(`refuses a district officer of ${OWN} asking for ${OTHER}`, async () => {
        expect(status(await call(file, officer.request(other.path), other.params))).toBe(403);
      });
    }
  });
});

describe('the audit log', () => {
  const lastEntry = async () =>
    (
      await db.all<{ actor: string; action: string; target: string | null }>({
        sql: 'SELECT actor, action, target FROM audit_log ORDER BY audit_id DESC LIMIT 1',
      })
    )[0];

  it('knows every road that hands out a file or evidence (a new export route must say what it records)', () => {
    const exports = Object.keys(GUARDED).filter(
      // flags[.]csv.ts and reports.$week[.pdf].ts alike: the escaped dot, then the format.
      (f) => /\[\.\]?(csv|pdf|xlsx|json)\b/.test(f) || GUARDED[f]!.permission === 'view_evidence',
    );
    expect(exports).toEqual(
      expect.arrayContaining(['flags[.]csv.ts', 'cases[.]csv.ts', 'flags_.evidence[.]xlsx.ts']),
    );
    for (const file of exports) expect(GUARDED[file]!.audited, file).toBeDefined();
  });

  it.each(Object.entries(GUARDED).filter(([, r]) => r.audited))(
    '%s records who took what',
    async (file, route) => {
      const commission = signedIn.commission;
      const r = await call(file, commission.request(route.path), route.params);
      expect(status(r)).toBe(200);
      expect(await lastEntry()).toMatchObject({
        actor: commission.username,
        action: route.audited,
      });
    },
  );
});

describe('a district officer', () => {
  it('gets only their district from the scorecard API, names included', async () => {
    const token = await tokenOf(db, 'guard-officer-token', 'district_officer', [OWN]);
    const r = (await call(
      'api.scorecard.ts',
      new Request(`http://dash.test/api/scorecard?week=${WEEK}`, {
        headers: { Authorization: `Bearer ${token}` },
      }),
    )) as Response;
    const text = await r.text();
    const body = JSON.parse(text) as { units: { districtCode: string }[] };
    expect(body.units.map((u) => u.districtCode)).toEqual([OWN]);
    expect(text).not.toContain('南岗区');
    expect(text).not.toContain(OTHER);
  });

  it('gets their own scope however requests from wider viewers are interleaved (no shared cache)', async () => {
    const units = async (who: SignedIn) => {
      const r = (await call(
        'api.scorecard.ts',
        who.request(`/api/scorecard?week=${WEEK}`),
      )) as Response;
      return ((await r.json()) as { units: unknown[] }).units.length;
    };
    const city = await units(signedIn.commission);
    expect(city).toBeGreaterThan(10);
    expect(await units(officer)).toBe(1);
    expect(await units(signedIn.commission)).toBe(city);
    expect(await units(officer)).toBe(1);
  });

  it('is offered only their district in the flags page’s district filter', async () => {
    const page = (await call('flags/route.tsx', officer.request(`/flags?week=${WEEK}`))) as {
      districts: { code: string }[];
    };
    expect(page.districts.map((d) => d.code)).toEqual([OWN]);
  });

  it('gets only their district from the flags CSV', async () => {
    const r = (await call(
      'flags[.]csv.ts',
      officer.request(`/flags.csv?week=${WEEK}`),
    )) as Response;
    const text = await r.text();
    expect(text).toContain('道里区');
    expect(text).not.toContain('南岗区');
    expect(text).not.toContain('呼兰区');
  });
});
