/**
 * The demo city's cases, made by the same loop as the pages on the clock of autumn 2020: one
 * closed on the data, one long overdue (red), one closed on the district's word and reopened
 * by 回头看 when its flag came back, one answered and waiting to be verified.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoCases } from '../../app/cases/demo-cases.server';
import { loadCaseList, SYSTEM_ACTOR, loadCase } from '../../app/cases/cases.server';
import { generateReport } from '../../app/reports/report.server';
import type { Db } from '../../db/client';
import { CITY_SCOPE, districtScope } from '../../db/scope';
import { weekPeriod } from '../../oversight/period';
import { pdfText } from '../helpers/report-pdf';
import { demoDb } from '../helpers/db';

let db: Db;
beforeAll(async () => {
  db = await demoDb('cases-demo.test');
}, 120_000);
afterAll(() => db?.close());

describe('the demo cases', () => {
  it('are made once, and not again over existing cases', async () => {
    expect(await createDemoCases(db)).toBe(4);
    expect(await createDemoCases(db)).toBe(0);
  });

  it('show the loop in several states, the data deciding each', async () => {
    const cases = await loadCaseList(db, SYSTEM_ACTOR, { sort: 'id' });
    const byFlag = (type: string) => cases.find((c) => c.flagTypes.includes(type))!;
    expect(byFlag('ticket_throttling')).toMatchObject({
      state: 'closed',
      closedByOverride: false,
      flagTypes: ['ticket_throttling', 'out_of_queue_handling'],
    });
    expect(byFlag('delegated_without_supervision')).toMatchObject({
      state: 'acknowledged',
      warning: 'red',
    });
    expect(byFlag('online_target_missed')).toMatchObject({ state: 'acknowledged', reopenCount: 1 });
    expect(byFlag('missing_reports')).toMatchObject({ state: 'responded', districtCode: '230127' });
  });

  it('closed the throttling case on two clean weeks, and reopened the overridden one on W36', async () => {
    const cases = await loadCaseList(db, SYSTEM_ACTOR, {});
    const closed = await loadCase(
      db,
      SYSTEM_ACTOR,
      cases.find((c) => c.state === 'closed')!.caseId,
    );
    expect(closed!.events.at(-1)).toMatchObject({
      action: 'close',
      detail: { cleanWeeks: ['2020-W38', '2020-W39'] },
    });
    const reopened = cases.find((c) => c.reopenCount === 1)!;
    const events = (await loadCase(db, SYSTEM_ACTOR, reopened.caseId))!.events;
    expect(events.map((e) => e.action)).toEqual([
      'open',
      'acknowledge',
      'respond',
      'override',
      'reopen',
    ]);
    expect(events.at(-1)!.detail).toMatchObject({ week: '2020-W36' });
  });
});

describe('the weekly report’s 整改台账', () => {
  const report = async (week: string, scope = CITY_SCOPE) =>
    pdfText(
      (await generateReport(db, {
        scope,
        period: weekPeriod(week),
        department: null,
        lang: 'zh',
        districtCode: null,
        laggards: 3,
      }))!.bytes,
    );

  it('counts the week’s cases as they stood at its end', async () => {
    // Opened Monday 24 August (W35); the leader's online case was closed on a promise in W36.
    const w35 = await report('2020-W35');
    expect(w35.all).toContain('整改台账');
    expect(w35.all).toContain('本周立案3项');
    expect(w35.all).toContain('截至本周末未销号3项');
    const w36 = await report('2020-W36');
    expect(w36.all).toContain('本周立案0项');
    expect(w36.all).toContain('销号1项');
    expect(w36.all).toContain('截至本周末未销号2项');
  });

  it('shows the red card of the case past its deadline, and nothing before it existed', async () => {
    // Due 14 September: by the end of W38 it is overdue.
    const w38 = await report('2020-W38');
    // Both were due on Monday 14 September; the throttling case had been answered by then.
    expect(w38.all).toContain('到期1项');
    expect(w38.all).toMatch(/超期（红牌）1项/);
    expect(w38.all).toContain('红牌超期');
    const w33 = await report('2020-W33');
    expect(w33.all).toContain('截至本周末未销号0项');
  });

  it('lists a district officer’s own cases only', async () => {
    const own = await report('2020-W35', districtScope(['230127']));
    expect(own.all).toContain('截至本周末未销号0项');
  });
});
