/**
 * What happens to cases without anyone acting: high-severity flags left open too long get a
 * case when the city turns that on (off by default), and files attached to a response are
 * checked by their bytes. The cases CSV does not run formulas a note may hold.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mediaTypeOf } from '../../app/cases/case-files.server';
import {
  loadCaseList,
  openCase,
  sweepCases,
  SYSTEM_ACTOR,
  type CaseActorInfo,
} from '../../app/cases/cases.server';
import { buildCasesCsv } from '../../app/cases/csv.server';
import type { Db } from '../../db/client';
import { CITY_SCOPE } from '../../db/scope';
import { DEFAULT_CASE_CONFIG } from '../../oversight/cases';
import { demoDbUntil } from '../helpers/db';

let db: Db;
let loadWindowDays: Awaited<ReturnType<typeof demoDbUntil>>['loadWindowDays'];
beforeAll(async () => {
  // W36 is the latest complete week: 道里区 医保 has had high flags open since W30.
  ({ db, loadWindowDays } = await demoDbUntil('2020-09-13'));
}, 120_000);
afterAll(() => db?.close());

describe('opening cases automatically (CASE_AUTO_OPEN_WEEKS)', () => {
  it('does nothing while it is off, the default', async () => {
    await sweepCases(db, Date.now(), DEFAULT_CASE_CONFIG);
    expect(await loadCaseList(db, SYSTEM_ACTOR, {})).toEqual([]);
  });

  it('opens one per high flag open that many weeks, marked as the system’s, and only once', async () => {
    await loadWindowDays('2020-09-14', '2020-09-20');
    const config = { ...DEFAULT_CASE_CONFIG, autoOpenWeeks: 4 };
    await sweepCases(db, Date.now(), config);
    const cases = await loadCaseList(db, SYSTEM_ACTOR, {});
    expect(cases.length).toBeGreaterThan(0);
    for (const c of cases) {
      expect(c).toMatchObject({ openedBy: 'system', openedAutomatically: true, state: 'issued' });
      expect(c.note).toMatch(/连续 \d+ 周高风险预警/);
    }
    // 道里区 医保's powers delegated without supervision: high, open since W30.
    expect(cases.some((c) => c.flagTypes.includes('delegated_without_supervision'))).toBe(true);

    await loadWindowDays('2020-09-21', '2020-09-27');
    await sweepCases(db, Date.now(), config);
    const again = await loadCaseList(db, SYSTEM_ACTOR, {});
    const keys = again.map((c) => `${c.districtCode}|${c.department}|${c.flagTypes.join()}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('is the system’s alone: nobody can ask for an automatic case', async () => {
    const leader: CaseActorInfo = { username: 'x', role: 'leader', scope: CITY_SCOPE, ip: null };
    const r = await openCase(
      db,
      { ...leader, role: 'admin' },
      {
        district_code: '230102',
        department: '医保',
        flag_types: ['ticket_throttling'],
        week: '2020-W34',
        kind: 'deadline',
      },
      Date.now(),
      { automatically: true },
    );
    expect(r).toMatchObject({ ok: false, status: 403 });
  });
});

describe('attached files are what their bytes say', () => {
  const bytes = (...b: number[]) => new Uint8Array([...b, 0, 0, 0, 0, 0, 0, 0, 0]);
  it.each([
    ['report.pdf', bytes(0x25, 0x50, 0x44, 0x46, 0x2d), 'application/pdf'],
    ['photo.jpg', bytes(0xff, 0xd8, 0xff), 'image/jpeg'],
    ['scan.png', bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a), 'image/png'],
    [
      '整改方案.docx',
      bytes(0x50, 0x4b, 0x03, 0x04),
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    ],
    ['台账.xls', bytes(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1), 'application/vnd.ms-excel'],
  ])('accepts %s', (name, content, type) => {
    expect(mediaTypeOf(content, name)).toBe(type);
  });

  it.each([
    ['a program renamed', 'report.pdf', bytes(0x4d, 0x5a)],
    ['a plain ZIP', 'archive.zip', bytes(0x50, 0x4b, 0x03, 0x04)],
    ['a web page', 'notice.png', new TextEncoder().encode('<html><script>')],
  ])('refuses %s', (_, name, content) => {
    expect(mediaTypeOf(content, name)).toBeNull();
  });
});

describe('the cases CSV', () => {
  it('escapes a note that would run as a formula in Excel', async () => {
    const [c] = await loadCaseList(db, SYSTEM_ACTOR, {});
    const csv = buildCasesCsv([{ ...c!, note: '=HYPERLINK("http://evil","点击")' }], 'zh');
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv).toContain(`"'=HYPERLINK(""http://evil"",""点击"")"`);
    expect(csv).not.toMatch(/,=HYPERLINK/);
  });
});
