/**
 * The demo city's cases, made by the same loop as the pages on the clock of autumn 2020: one
 * closed on the data, one long overdue (red), one closed on the district's word and reopened
 * by 回头看 when its flag came back, one answered and waiting to be verified.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoCases } from '../../app/cases/demo-cases.server';
import { loadCaseList, SYSTEM_ACTOR, loadCase } from '../../app/cases/cases.server';
import type { Db } from '../../db/client';
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
