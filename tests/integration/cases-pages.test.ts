/**
 * The case pages' forms, posted the way a browser posts them (session cookie, CSRF token,
 * our Origin): opening from the flags page's form, acting with the page's buttons, attaching a
 * file to a response and downloading it again, and the refusals a person would meet.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setSessionSecret } from '../../app/auth/secret.server';
import { action as casesAction } from '../../app/routes/cases._index/route';
import { action as caseAction, loader as caseLoader } from '../../app/routes/cases.$id/route';
import { loader as fileLoader } from '../../app/routes/cases.$id_.files.$fileId';
import type { Db } from '../../db/client';
import { setProcessDb } from '../../db/handle';
import { listAudit } from '../../db/queries/audit';
import { signIn, type SignedIn } from '../helpers/auth';
import { demoDbUntil } from '../helpers/db';

let db: Db;
let commission: SignedIn;
let officer: SignedIn;
let other: SignedIn;

beforeAll(async () => {
  ({ db } = await demoDbUntil('2020-09-13'));
  setSessionSecret(randomBytes(32));
  commission = await signIn(db, 'ccdi', 'commission');
  officer = await signIn(db, 'daoli', 'district_officer', ['230102']);
  other = await signIn(db, 'nangang', 'district_officer', ['230103']);
  setProcessDb(db);
}, 120_000);
afterAll(() => {
  setProcessDb(undefined);
  db?.close();
});

type Handler = (args: {
  request: Request;
  params: Record<string, string>;
  context: object;
}) => Promise<unknown>;

async function call(handler: Handler, request: Request, params: Record<string, string> = {}) {
  try {
    return await handler({ request, params, context: {} });
  } catch (e) {
    if (e instanceof Response) return e;
    throw e;
  }
}

const PDF = new Uint8Array(Buffer.from('%PDF-1.4\n% 整改报告\n%%EOF\n', 'utf8'));
let caseId: number;

describe('the case forms', () => {
  it('opens a case from the flags page’s form and goes to its page', async () => {
    const response = (await call(
      casesAction as Handler,
      commission.post('/cases', {
        district_code: '230102',
        department: '医保',
        flag_types: 'ticket_throttling',
        week: '2020-W34',
        kind: 'deadline',
        note: '限号',
      }),
    )) as Response;
    expect(response.status).toBe(302);
    const location = response.headers.get('Location')!;
    expect(location).toMatch(/^\/cases\/\d+$/);
    caseId = Number(location.split('/').pop());
  });

  it('refuses a post without the page’s CSRF token', async () => {
    const response = (await call(
      casesAction as Handler,
      commission.post('/cases', { district_code: '230102' }, { csrf: false }),
    )) as Response;
    expect(response.status).toBe(403);
  });

  it('says why in the page when the rules refuse (no redirect, nothing changed)', async () => {
    const refused = (await call(
      caseAction as Handler,
      commission.post(`/cases/${caseId}`, { action: 'acknowledge' }),
      { id: String(caseId) },
    )) as { error: { zh: string; en: string } };
    expect(refused.error.zh).toMatch(/签收/);
  });

  it('is acted on by the page’s buttons, each a redirect back with what was done', async () => {
    const response = (await call(
      caseAction as Handler,
      officer.post(`/cases/${caseId}`, { action: 'acknowledge', revision: '0' }),
      { id: String(caseId) },
    )) as Response;
    expect(response.status).toBe(302);
    expect(response.headers.get('Location')).toBe(`/cases/${caseId}?done=acknowledge`);
  });

  it('refuses a stale button: someone acted since the page was read (revision)', async () => {
    const stale = (await call(
      caseAction as Handler,
      officer.post(`/cases/${caseId}`, { action: 'respond', measures: 'x', revision: '0' }),
      { id: String(caseId) },
    )) as { error: { en: string } };
    expect(stale.error.en).toContain('someone else');
  });

  it('refuses a file that is not what it says, and stores nothing', async () => {
    const form = new FormData();
    form.set('action', 'respond');
    form.set('measures', '恢复放号');
    form.set('revision', '1');
    form.append('files', new File([new Uint8Array([0x4d, 0x5a, 0, 0])], '报告.pdf'));
    const refused = (await call(caseAction as Handler, officer.post(`/cases/${caseId}`, form), {
      id: String(caseId),
    })) as { error: { en: string } };
    expect(refused.error.en).toContain('not a PDF, an image or an Office file');
    const page = (await call(caseLoader as Handler, officer.request(`/cases/${caseId}`), {
      id: String(caseId),
    })) as { case: { state: string }; files: unknown[] };
    expect(page.case.state).toBe('acknowledged');
    expect(page.files).toEqual([]);
  });

  it('takes a response with a PDF, which can be downloaded again as it was, and audited', async () => {
    const form = new FormData();
    form.set('action', 'respond');
    form.set('measures', '恢复全额放号');
    form.set('responded_on', '2020-09-06');
    form.set('revision', '1');
    form.append('files', new File([PDF], '整改报告.pdf', { type: 'application/pdf' }));
    const response = (await call(caseAction as Handler, officer.post(`/cases/${caseId}`, form), {
      id: String(caseId),
    })) as Response;
    expect(response.status).toBe(302);
    const page = (await call(caseLoader as Handler, commission.request(`/cases/${caseId}`), {
      id: String(caseId),
    })) as { files: { fileId: number; fileName: string; sha256: string; mediaType: string }[] };
    expect(page.files).toHaveLength(1);
    expect(page.files[0]).toMatchObject({ fileName: '整改报告.pdf', mediaType: 'application/pdf' });
    const fileId = String(page.files[0]!.fileId);
    const download = (await call(
      fileLoader as Handler,
      commission.request(`/cases/${caseId}/files/${fileId}`),
      { id: String(caseId), fileId },
    )) as Response;
    expect(download.status).toBe(200);
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(PDF);
    const audit = await listAudit(db, { action: 'case_file' }, { page: 1, pageSize: 5 });
    expect(audit.rows[0]).toMatchObject({ actor: 'ccdi', target: `case #${caseId}` });
  });

  it('answers another district’s officer 404 for the case and its file', async () => {
    const page = (await call(caseLoader as Handler, other.request(`/cases/${caseId}`), {
      id: String(caseId),
    })) as Response;
    expect(page.status).toBe(404);
    const file = (await call(fileLoader as Handler, other.request(`/cases/${caseId}/files/1`), {
      id: String(caseId),
      fileId: '1',
    })) as Response;
    expect(file.status).toBe(404);
  });

  it('refuses a body larger than the files allowed before reading it', async () => {
    const request = officer.request(`/cases/${caseId}`, {
      method: 'POST',
      headers: {
        'Content-Type': 'multipart/form-data; boundary=x',
        'Content-Length': String(200 * 1024 * 1024),
      },
      body: '--x--',
    });
    const refused = (await call(caseAction as Handler, request, { id: String(caseId) })) as {
      error: { en: string };
    };
    expect(refused.error.en).toContain('too large');
  });

  it('cuts off a body that says nothing of its size once it passes the limit', async () => {
    const request = officer.request(`/cases/${caseId}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: `action=reject&reason=${'x'.repeat(100 * 1024)}`,
    });
    const refused = (await call(caseAction as Handler, request, { id: String(caseId) })) as {
      error: { en: string };
    };
    expect(refused.error.en).toContain('too large');
  });

  it('refuses a file over the size limit while it streams in', async () => {
    const form = new FormData();
    form.set('action', 'respond');
    form.set('measures', 'x');
    form.append('files', new File([new Uint8Array(11 * 1024 * 1024)], '大.pdf'));
    const refused = (await call(caseAction as Handler, officer.post(`/cases/${caseId}`, form), {
      id: String(caseId),
    })) as { error: { en: string } };
    expect(refused.error.en).toContain('larger than 10 MB');
  });
});
