import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/client';
import {
  getDailyTickets,
  getDelegationTimeline,
  getOnlineSeries,
  getWeeklyComplaints,
  type DistrictSeriesQuery,
} from '../../db/queries/district-series';
import { CITY_SCOPE, districtScope } from '../../db/scope';
import { throttledDates } from '../../app/charts/tickets';
import { timelineGaps, type TimelineLabels } from '../../app/charts/timeline';
import { isThrottledDay } from '../../oversight/flags/rules';
import { DEFAULT_FLAG_CONFIG } from '../../oversight/flags/config';
import { addDays, daysBetween, isoWeekOf } from '../../oversight/period';
import { writeDemoFiles } from '../../etl/demo/generate';
import { DEMO_PERIOD, ONLINE_ITEMS, PLANTED } from '../../etl/demo/planted';
import { collectFiles } from '../../etl/files';
import { load } from '../../etl/load';
import { freshDb, tempDir } from '../helpers/db';

const throttling = PLANTED.throttling;
const DAOLI = throttling.district;
/** Another district, for the scope tests: its officer must not see 道里区. */
const NANGANG = PLANTED.wellRun[0]!;

let db: Db;
let cleanup: () => void;

beforeAll(async () => {
  const temp = tempDir('district-series-');
  cleanup = temp.cleanup;
  await writeDemoFiles(temp.dir);
  db = await freshDb();
  const report = await load(db, collectFiles([temp.dir]), {
    source: 'test',
    loadedBy: 'district-series.test',
  });
  expect(report.errors).toEqual([]);
  expect(report.outcome).toBe('committed');
});
afterAll(() => {
  db?.close();
  cleanup?.();
});

const query = (over: Partial<DistrictSeriesQuery> = {}): DistrictSeriesQuery => ({
  scope: CITY_SCOPE,
  districtCode: DAOLI,
  from: DEMO_PERIOD.from,
  to: DEMO_PERIOD.to,
  department: null,
  ...over,
});

describe('getDailyTickets', () => {
  it('gives one JSON-safe row per reported day, oldest first', async () => {
    const days = await getDailyTickets(db, query({ from: '2020-08-10', to: '2020-08-16' }));
    // 2020-W33: Monday to Friday are working days, the demo reports no weekend rows.
    expect(days.map((d) => d.date)).toEqual([
      '2020-08-10',
      '2020-08-11',
      '2020-08-12',
      '2020-08-13',
      '2020-08-14',
    ]);
    for (const d of days) {
      expect(d).toEqual({
        date: expect.any(String),
        ticketCapacity: expect.any(Number),
        ticketsIssued: expect.any(Number),
        visitors: expect.any(Number),
        // The demo's centres do not count the people turned away.
        turnedAway: null,
        casesOutOfQueue: expect.any(Number),
      });
    }
  });

  it('shows the throttling district issuing about half its capacity in the planted weeks', async () => {
    const days = await getDailyTickets(
      db,
      query({ department: throttling.department, from: throttling.from, to: throttling.to }),
    );
    expect(days).toHaveLength(throttling.workingDays);
    for (const d of days) {
      expect(d.ticketCapacity).toBe(throttling.capacity);
      expect(d.ticketsIssued / d.ticketCapacity).toBeCloseTo(0.5, 1);
      expect(d.visitors).toBeGreaterThan(d.ticketsIssued);
      expect(d.casesOutOfQueue).toBeGreaterThan(0);
      expect(isThrottledDay(d, DEFAULT_FLAG_CONFIG)).toBe(true);
    }
  });

  it('marks no day throttled in the week before the planted weeks', async () => {
    const days = await getDailyTickets(
      db,
      query({
        department: throttling.department,
        from: addDays(throttling.from, -7),
        to: addDays(throttling.from, -1),
      }),
    );
    expect(days).toHaveLength(5);
    expect(days.filter((d) => isThrottledDay(d, DEFAULT_FLAG_CONFIG))).toEqual([]);
  });

  it('sums the departments when none is chosen', async () => {
    const one = { from: '2020-08-10', to: '2020-08-10' };
    const [all] = await getDailyTickets(db, query(one));
    const parts = await Promise.all(
      ['医保', '社保'].map((department) => getDailyTickets(db, query({ ...one, department }))),
    );
    const sum = parts.flat().reduce((s, d) => s + d.ticketCapacity, 0);
    expect(all?.ticketCapacity).toBe(sum);
    expect(parts.flat()).toHaveLength(2);
  });
});

describe('getOnlineSeries', () => {
  it('shows the planted stall at 54 of 75, then the climb to 73', async () => {
    const stall = PLANTED.online;
    const series = await getOnlineSeries(db, query({ department: stall.department }));
    expect(series.length).toBeGreaterThan(10);
    const stuck = series.filter((p) => p.asOf <= stall.stuckUntil);
    expect(stuck.length).toBeGreaterThan(4);
    for (const p of stuck) {
      expect(p).toEqual({
        asOf: expect.any(String),
        itemsOnline: stall.stuckAt,
        itemsTotal: stall.total,
        itemsExempt: stall.exempt,
        eligible: stall.total - stall.exempt,
      });
    }
    expect(series.find((p) => p.asOf >= stall.reachedBy)?.itemsOnline).toBe(stall.reaches);
  });

  it('sums the departments per snapshot date when none is chosen', async () => {
    const series = await getOnlineSeries(db, query());
    const eligible =
      ONLINE_ITEMS['医保'].total -
      ONLINE_ITEMS['医保'].exempt +
      ONLINE_ITEMS['社保'].total -
      ONLINE_ITEMS['社保'].exempt;
    expect(series.length).toBeGreaterThan(10);
    for (const p of series) expect(p.eligible).toBe(eligible);
    expect([...series].sort((a, b) => a.asOf.localeCompare(b.asOf))).toEqual(series);
  });
});

describe('getWeeklyComplaints', () => {
  const surge = PLANTED.surge;

  it('counts the planted surge per ISO week, all answered and none resolved', async () => {
    const weeks = await getWeeklyComplaints(
      db,
      query({ department: surge.department, from: surge.from, to: surge.to }),
    );
    expect(weeks.map((w) => w.week)).toEqual(['2020-W33', '2020-W34', '2020-W35']);
    expect(weeks.map((w) => w.complaints)).toEqual([...surge.perWeek]);
    for (const w of weeks) {
      expect(w.closed).toBe(w.complaints);
      expect(w.resolved).toBe(0);
      const byCategory = Object.values(w.byCategory).reduce((s, n) => s + n, 0);
      expect(byCategory).toBe(w.complaints);
    }
  });

  it('lists every week the range touches, with zeros when nothing came in', async () => {
    // A range that ends before the data starts.
    const weeks = await getWeeklyComplaints(db, query({ from: '2020-04-13', to: '2020-04-26' }));
    expect(weeks).toEqual([
      { week: '2020-W16', complaints: 0, closed: 0, resolved: 0, byCategory: {} },
      { week: '2020-W17', complaints: 0, closed: 0, resolved: 0, byCategory: {} },
    ]);
  });

  it('labels weeks across New Year the ISO way', async () => {
    const weeks = await getWeeklyComplaints(db, query({ from: '2020-12-28', to: '2021-01-03' }));
    expect(weeks.map((w) => w.week)).toEqual([isoWeekOf('2020-12-28')]);
    expect(weeks[0]?.week).toBe('2020-W53');
  });
});

describe('getDelegationTimeline', () => {
  it('shows the planted gap: batch A took effect with no follow-up until the planted date', async () => {
    const gap = PLANTED.supervisionGap[0]!;
    const batch = PLANTED.delegationBatches.find((b) => b.batch === gap.batch)!;
    const { delegations, actions } = await getDelegationTimeline(db, query());
    const a = delegations.find((d) => d.batch === gap.batch);
    expect(a).toEqual({
      batch: batch.batch,
      department: batch.department,
      noticeDate: batch.noticeDate,
      effectiveDate: batch.effective,
      fromUnit: batch.fromUnit,
      powers: batch.count,
      firstActionDate: gap.firstActionDate,
      followedUpDate: gap.firstActionDate,
      powersWithoutAction: 0,
    });
    expect(daysBetween(a!.effectiveDate, a!.firstActionDate!)).toBeGreaterThan(
      DEFAULT_FLAG_CONFIG.graceDays,
    );
    const inDepartment = actions.filter(
      (x) => x.department === gap.department && x.date >= batch.effective,
    );
    expect(inDepartment[0]).toMatchObject({
      date: gap.firstActionDate,
      actionType: gap.actionType,
    });
    expect(actions[0]).toEqual({
      date: expect.any(String),
      actionType: expect.any(String),
      department: expect.any(String),
      performedBy: expect.any(String),
      powerCode: expect.any(String),
    });
  });

  it('counts powers still without any action at the end of the range', async () => {
    const gap = PLANTED.supervisionGap[0]!;
    const { delegations } = await getDelegationTimeline(
      db,
      query({ department: gap.department, to: addDays(gap.firstActionDate, -1) }),
    );
    const a = delegations.find((d) => d.batch === gap.batch);
    expect(a?.firstActionDate).toBeNull();
    expect(a?.followedUpDate).toBeNull();
    expect(a?.powersWithoutAction).toBe(a?.powers);
  });

  it('shows a well-run district following up within the grace days', async () => {
    const { delegations } = await getDelegationTimeline(db, query({ districtCode: NANGANG }));
    expect(delegations.map((d) => d.batch)).toEqual(['A', 'B']);
    for (const d of delegations) {
      expect(d.followedUpDate).not.toBeNull();
      expect(daysBetween(d.effectiveDate, d.followedUpDate!)).toBeLessThanOrEqual(
        DEFAULT_FLAG_CONFIG.graceDays,
      );
    }
  });
});

describe('the rows feed the chart builders as they are', () => {
  it('marks the planted weeks as throttled in the tickets chart, and no other day', async () => {
    const days = await getDailyTickets(db, query({ department: throttling.department }));
    const marked = throttledDates(days);
    expect(marked).toHaveLength(throttling.workingDays);
    expect(marked.every((d) => d >= throttling.from && d <= throttling.to)).toBe(true);
  });

  it('draws the planted supervision gap in red on the timeline', async () => {
    const gap = PLANTED.supervisionGap[0]!;
    const { delegations, actions } = await getDelegationTimeline(db, query());
    const labels = { row: '{batch} · {department}' } as TimelineLabels;
    const gaps = timelineGaps(delegations, actions, labels, {
      graceDays: DEFAULT_FLAG_CONFIG.graceDays,
      asOf: DEMO_PERIOD.to,
    });
    expect(gaps.find((g) => g.row === `${gap.batch} · ${gap.department}`)).toMatchObject({
      end: gap.firstActionDate,
      late: true,
      open: false,
    });
    expect(gaps.filter((g) => g.late)).toHaveLength(1);
  });
});

describe('the viewer scope', () => {
  const otherOfficer = districtScope([NANGANG]);

  it('returns nothing about a district outside it', async () => {
    const q = query({ scope: otherOfficer });
    expect(await getDailyTickets(db, q)).toEqual([]);
    expect(await getOnlineSeries(db, q)).toEqual([]);
    expect(await getWeeklyComplaints(db, q)).toEqual([]);
    expect(await getDelegationTimeline(db, q)).toEqual({ delegations: [], actions: [] });
  });

  it('returns the district inside it', async () => {
    const q = query({ scope: districtScope([DAOLI]) });
    expect((await getDailyTickets(db, q)).length).toBeGreaterThan(100);
    expect((await getOnlineSeries(db, q)).length).toBeGreaterThan(10);
    expect((await getWeeklyComplaints(db, q)).length).toBeGreaterThan(30);
    expect((await getDelegationTimeline(db, q)).delegations.length).toBe(2);
  });
});
