/**
 * The demo data, loaded through the ETL, read back through loadFlags and loadScorecard: the
 * planted failures are flagged in the planted weeks with the planted numbers as evidence, and
 * the well-run districts are never flagged. Every expectation comes from etl/demo/planted.ts.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/client';
import { CITY_SCOPE } from '../../db/scope';
import { loadFlags, loadScorecard, type FlagWithSources } from '../../app/weeks/oversight.server';
import { DEFAULT_FLAG_CONFIG } from '../../oversight/flags/config';
import { pct } from '../../oversight/flags/types';
import { FLAG_RULES, type FindingOf } from '../../oversight/flags/rules';
import {
  addDays,
  daysBetween,
  isoWeekday,
  isoWeekOf,
  weekPeriod,
  workingDays,
} from '../../oversight/period';
import { FLAG_TYPES, type FlagType, type Period } from '../../oversight/types';
import { officialWorkingDays } from '../../oversight/calendar';
import { writeDemoFiles } from '../../etl/demo/generate';
import { DEMO_DISTRICTS, DEMO_PERIOD, DEMO_TARGETS, PLANTED } from '../../etl/demo/planted';
import { collectFiles } from '../../etl/files';
import { load } from '../../etl/load';
import { freshDb, tempDir } from '../helpers/db';

const GRACE_DAYS = DEFAULT_FLAG_CONFIG.graceDays;

/** Every ISO week the demo touches, oldest first. */
const WEEKS: Period[] = [];
for (let w = weekPeriod(isoWeekOf(DEMO_PERIOD.from)); w.start <= DEMO_PERIOD.to;) {
  WEEKS.push(w);
  w = weekPeriod(isoWeekOf(addDays(w.start, 7)));
}
const LABELS = WEEKS.map((w) => w.label);

/** The labels of an inclusive range of planted weeks. */
const weeksIn = ([from, to]: readonly [string, string]) =>
  LABELS.filter((l) => l >= from && l <= to);

const THROTTLED_WEEKS = weeksIn(PLANTED.throttling.weeks);
const SURGE_WEEKS = weeksIn(PLANTED.surge.weeks);
const MISSING_WEEKS = weeksIn(PLANTED.missingReports.weeks);

/** The first Monday of the demo: its first online snapshot. */
let firstSnapshot: string = DEMO_PERIOD.from;
while (isoWeekday(firstSnapshot) !== 1) firstSnapshot = addDays(firstSnapshot, 1);

interface ThrottlingEvidence {
  throttledDays: number;
  days: { ticketCapacity: number; ticketsIssued: number; visitors: number; unmetDemand: number }[];
}
interface OutOfQueueEvidence {
  casesOutOfQueue: number;
  onThrottledDays: number;
  days: { casesOutOfQueue: number; throttled: boolean }[];
}

let db: Db;
let dir: string;
let cleanup: () => void;
const flagsByWeek = new Map<string, FlagWithSources[]>();

beforeAll(async () => {
  ({ dir, cleanup } = tempDir('oversight-demo-'));
  await writeDemoFiles(dir);
  db = await freshDb();
  const report = await load(db, collectFiles([dir]), {
    source: 'test',
    loadedBy: 'oversight-demo.test',
  });
  expect(report.errors).toEqual([]);
  expect(report.outcome).toBe('committed');
  for (const period of WEEKS) {
    flagsByWeek.set(
      period.label,
      await loadFlags(db, { scope: CITY_SCOPE, period, department: null }),
    );
  }
});
afterAll(() => {
  db?.close();
  cleanup?.();
});

const flagsIn = (week: string) => flagsByWeek.get(week) ?? [];

/** Every flag of a type in the demo, as [week, district, department], in week order. */
const everywhere = (type: FlagType) =>
  LABELS.flatMap((week) =>
    flagsIn(week)
      .filter((f) => f.type === type)
      .map((f) => [week, f.districtCode, f.department])
      .sort(),
  );

/** The one flag of a type for a unit in a week; fails the test when there is none. */
function flagOf<T extends FlagType>(week: string, type: T, district: string, department: string) {
  const found = flagsIn(week).filter(
    (f): f is FlagWithSources & FindingOf<T> =>
      f.type === type && f.districtCode === district && f.department === department,
  );
  expect(found, `${type} for ${district} ${department} in ${week}`).toHaveLength(1);
  return found[0]!;
}

const within = (x: number, [lo, hi]: readonly [number, number] | readonly number[]) =>
  x >= lo! && x <= hi!;

describe('ticket_throttling on the demo', () => {
  const t = PLANTED.throttling;

  it('flags the planted district and department in every planted week, and nothing else', () => {
    expect(THROTTLED_WEEKS.length).toBeGreaterThan(0);
    expect(everywhere('ticket_throttling')).toEqual(
      THROTTLED_WEEKS.map((w) => [w, t.district, t.department]),
    );
  });

  it.each(THROTTLED_WEEKS)(
    '%s: every working day throttled, with issued, capacity and visitors in the planted ranges',
    (week) => {
      const flag = flagOf(week, 'ticket_throttling', t.district, t.department);
      const evidence = flag.evidence as unknown as ThrottlingEvidence;
      expect(evidence.throttledDays).toBe(workingDays(weekPeriod(week)).length);
      expect(evidence.days).toHaveLength(evidence.throttledDays);
      for (const d of evidence.days) {
        expect(d.ticketCapacity).toBe(t.capacity);
        expect(within(d.ticketsIssued, t.issuedRange), `issued ${d.ticketsIssued}`).toBe(true);
        expect(within(d.visitors, t.visitorsRange), `visitors ${d.visitors}`).toBe(true);
        expect(d.unmetDemand).toBe(d.visitors - d.ticketsIssued);
      }
      expect(flag.firstSeen).toBe(t.weeks[0]);
      expect(flag.openPeriods).toBe(THROTTLED_WEEKS.indexOf(week) + 1);
    },
  );

  it('counts the planted working days over the planted weeks', () => {
    const days = THROTTLED_WEEKS.map(
      (w) =>
        (
          flagOf(w, 'ticket_throttling', t.district, t.department)
            .evidence as unknown as ThrottlingEvidence
        ).throttledDays,
    );
    expect(days.reduce((a, b) => a + b, 0)).toBe(t.workingDays);
  });

  it('names the window_daily file and its hash from the load audit', () => {
    const flag = flagOf(THROTTLED_WEEKS[0]!, 'ticket_throttling', t.district, t.department);
    const sha256 = createHash('sha256')
      .update(readFileSync(join(dir, 'window_daily.csv')))
      .digest('hex');
    expect(flag.sources).toEqual([
      expect.objectContaining({ kind: 'window_daily', fileName: 'window_daily.csv', sha256 }),
    ]);
  });
});

describe('out_of_queue_handling on the demo', () => {
  const t = PLANTED.throttling;

  it('flags cases out of queue only where and when tickets were withheld', () => {
    expect(everywhere('out_of_queue_handling')).toEqual(
      THROTTLED_WEEKS.map((w) => [w, t.district, t.department]),
    );
  });

  it.each(THROTTLED_WEEKS)('%s: high, every case on a throttled day', (week) => {
    const flag = flagOf(week, 'out_of_queue_handling', t.district, t.department);
    const evidence = flag.evidence as unknown as OutOfQueueEvidence;
    expect(flag.severity).toBe('high');
    expect(evidence.onThrottledDays).toBe(evidence.casesOutOfQueue);
    expect(evidence.days).toHaveLength(workingDays(weekPeriod(week)).length);
    for (const d of evidence.days) {
      expect(d.throttled).toBe(true);
      expect(within(d.casesOutOfQueue, t.outOfQueueRange), `${d.casesOutOfQueue}`).toBe(true);
    }
  });
});

describe('online_target_missed on the demo', () => {
  const stalls = PLANTED.onlineStalls;

  /** The demo's target for a department: a department row wins over the all-departments row. */
  const targetFor = (department: string) =>
    (
      DEMO_TARGETS.find(
        (t) => t.metric === 'online_rate' && t.district === '' && t.department === department,
      ) ??
      DEMO_TARGETS.find(
        (t) => t.metric === 'online_rate' && t.district === '' && t.department === '',
      )
    )?.target;

  it('flags only the planted stalls', () => {
    const units = new Set(everywhere('online_target_missed').map(([, d, dep]) => `${d} ${dep}`));
    expect([...units].sort()).toEqual(stalls.map((s) => `${s.district} ${s.department}`).sort());
  });

  it.each(stalls)(
    '$district $department: $stuckAt / ($total − $exempt) in every week before $stuckUntil',
    (stall) => {
      const eligible = stall.total - stall.exempt;
      const target = targetFor(stall.department)!;
      const weeks = WEEKS.filter((w) => w.end >= firstSnapshot && w.end < stall.stuckUntil);
      expect(weeks.length).toBeGreaterThan(4);
      for (const week of weeks) {
        const flag = flagOf(week.label, 'online_target_missed', stall.district, stall.department);
        expect(flag.evidence, week.label).toMatchObject({
          itemsOnline: stall.stuckAt,
          itemsTotal: stall.total,
          itemsExempt: stall.exempt,
          eligible,
          target,
        });
        const shown = `${stall.stuckAt} / ${eligible}`;
        expect(flag.titleEn).toContain(
          `${shown} items online (${pct(stall.stuckAt / eligible)}) against ${pct(target)}`,
        );
        expect(flag.titleZh).toContain(`${shown}（${pct(stall.stuckAt / eligible)}）`);
      }
    },
  );

  it.each(stalls)(
    '$district $department: stalled and "not at this pace" in the week before $stuckUntil',
    (stall) => {
      const week = isoWeekOf(addDays(stall.stuckUntil, -7));
      const flag = flagOf(week, 'online_target_missed', stall.district, stall.department);
      expect(flag.evidence).toMatchObject({ stalled: true, forecastReachedBy: null });
      expect(flag.severity).toBe('high');
      expect(flag.titleEn).toContain('not reached at this pace');
    },
  );

  it.each(stalls)(
    '$district $department: rising after $stuckUntil, with a forecast date',
    (stall) => {
      const week = isoWeekOf(addDays(stall.stuckUntil, 14));
      const flag = flagOf(week, 'online_target_missed', stall.district, stall.department);
      expect(flag.evidence).toMatchObject({ stalled: false });
      expect(flag.evidence.forecastReachedBy).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(flag.evidence.itemsOnline as number).toBeGreaterThan(stall.stuckAt);
    },
  );

  it.each(stalls)('$district $department: no flag from $reachedBy on', (stall) => {
    const after = WEEKS.filter((w) => w.start >= stall.reachedBy).map((w) => w.label);
    expect(after.length).toBeGreaterThan(0);
    const flagged = everywhere('online_target_missed').filter(
      ([w, d, dep]) => after.includes(w!) && d === stall.district && dep === stall.department,
    );
    expect(flagged).toEqual([]);
  });
});

describe('complaint_surge and complaints_unresolved on the demo', () => {
  const s = PLANTED.surge;

  it('flags a surge for the planted unit exactly in the planted weeks', () => {
    const found = everywhere('complaint_surge').filter(
      ([, d, dep]) => d === s.district && dep === s.department,
    );
    expect(found).toEqual(SURGE_WEEKS.map((w) => [w, s.district, s.department]));
  });

  it.each(SURGE_WEEKS.map((week, i) => ({ week, count: s.perWeek[i]! })))(
    '$week: $count complaints, all counted by category',
    ({ week, count }) => {
      const flag = flagOf(week, 'complaint_surge', s.district, s.department);
      expect(flag.evidence.complaints).toBe(count);
      const byCategory = flag.evidence.byCategory as Record<string, number>;
      expect(Object.values(byCategory).reduce((a, b) => a + b, 0)).toBe(count);
      expect(flag.firstSeen).toBe(s.weeks[0]);
    },
  );

  it.each(SURGE_WEEKS.map((week, i) => ({ week, count: s.perWeek[i]! })))(
    '$week: the $count answered-but-unresolved complaints closed this week are flagged',
    ({ week, count }) => {
      const flag = flagOf(week, 'complaints_unresolved', s.district, s.department);
      const { closed, answeredUnresolved, share } = flag.evidence as {
        closed: number;
        answeredUnresolved: number;
        share: number;
      };
      expect(answeredUnresolved).toBeGreaterThanOrEqual(count);
      expect(closed).toBeGreaterThanOrEqual(answeredUnresolved);
      expect(share).toBeGreaterThanOrEqual(DEFAULT_FLAG_CONFIG.unresolved.minShare);
    },
  );
});

describe('delegated_without_supervision on the demo', () => {
  const gaps = PLANTED.supervisionGap.map((gap) => ({
    ...gap,
    batch: PLANTED.delegationBatches.find(
      (b) => b.batch === gap.batch && b.department === gap.department,
    )!,
  }));

  it('flags only the districts that got no follow-up', () => {
    const units = new Set(
      everywhere('delegated_without_supervision').map(([, d, dep]) => `${d} ${dep}`),
    );
    expect([...units].sort()).toEqual(gaps.map((g) => `${g.district} ${g.department}`).sort());
  });

  it.each(gaps)(
    '$district $department: from $batch.effective + 30 days until the first action on $firstActionDate, and not after',
    (gap) => {
      const dueFrom = addDays(gap.batch.effective, GRACE_DAYS);
      const expected = WEEKS.filter((w) => w.end >= dueFrom && w.end < gap.firstActionDate);
      expect(expected.length).toBeGreaterThan(0);
      const found = everywhere('delegated_without_supervision')
        .filter(([, d, dep]) => d === gap.district && dep === gap.department)
        .map(([w]) => w);
      expect(found).toEqual(expected.map((w) => w.label));
      for (const week of expected) {
        const flag = flagOf(
          week.label,
          'delegated_without_supervision',
          gap.district,
          gap.department,
        );
        expect(flag.evidence, week.label).toMatchObject({
          batches: [gap.batch.batch],
          effectiveDate: gap.batch.effective,
          noticeDate: gap.batch.noticeDate,
          fromUnit: gap.batch.fromUnit,
          powers: gap.batch.count,
          daysElapsed: daysBetween(gap.batch.effective, week.end),
          missingActionTypes: ['training', 'inspection'],
        });
        // Evidence as of the week: the late first follow-up is not cited.
        expect(JSON.stringify(flag.evidence), week.label).not.toContain(gap.firstActionDate);
        expect(flag.evidence.powerList).toHaveLength(gap.batch.count);
        expect(flag.firstSeen).toBe(expected[0]!.label);
      }
    },
  );

  it('is high after 60 days, or sooner where tickets are withheld or complaints surge', () => {
    const bySeverity = { raised: 0, medium: 0, old: 0 };
    for (const week of LABELS) {
      const flags = flagsIn(week);
      for (const f of flags.filter((x) => x.type === 'delegated_without_supervision')) {
        const aggravated = flags.some(
          (x) =>
            (x.type === 'ticket_throttling' || x.type === 'complaint_surge') &&
            x.districtCode === f.districtCode &&
            x.department === f.department,
        );
        const old = (f.evidence.daysElapsed as number) >= 2 * GRACE_DAYS;
        expect(f.severity, `${week} ${f.districtCode}`).toBe(old || aggravated ? 'high' : 'medium');
        if (old) bySeverity.old++;
        else if (aggravated) bySeverity.raised++;
        else bySeverity.medium++;
      }
    }
    // The demo shows all three: medium, raised by throttling, and high by age.
    expect(bySeverity.raised).toBeGreaterThan(0);
    expect(bySeverity.medium).toBeGreaterThan(0);
    expect(bySeverity.old).toBeGreaterThan(0);
  });

  it('counts the late follow-up as late in supervision_coverage, after the flag has closed', async () => {
    const lastAction = gaps
      .map((g) => g.firstActionDate)
      .sort()
      .at(-1)!;
    const period = weekPeriod(isoWeekOf(addDays(lastAction, 7)));
    const department = gaps[0]!.department;
    const due = PLANTED.delegationBatches
      .filter((b) => b.department === department && addDays(b.effective, GRACE_DAYS) <= period.end)
      .reduce((n, b) => n + b.count, 0);
    const card = await loadScorecard(db, { scope: CITY_SCOPE, period, department });
    const coverage = (code: string) =>
      card.units.find((u) => u.districtCode === code)!.metrics.supervision_coverage;
    for (const gap of gaps) {
      expect(
        flagsIn(period.label).some(
          (f) => f.districtCode === gap.district && f.type === 'delegated_without_supervision',
        ),
      ).toBe(false);
      expect(coverage(gap.district)).toMatchObject({
        numerator: 0,
        denominator: due,
        status: 'missed',
      });
    }
    for (const code of PLANTED.wellRun) {
      expect(coverage(code)).toMatchObject({ numerator: due, denominator: due, status: 'met' });
    }
  });
});

describe('missing_reports on the demo', () => {
  const m = PLANTED.missingReports;

  it('flags the planted district, both departments, in the planted weeks and nowhere else', () => {
    expect(everywhere('missing_reports')).toEqual(
      MISSING_WEEKS.flatMap((w) => [...m.departments].sort().map((dep) => [w, m.district, dep])),
    );
  });

  it.each(m.departments)(
    '%s: every official working day of those weeks counted as missing, holidays not',
    (department) => {
      const missing = MISSING_WEEKS.map((week) => {
        const flag = flagOf(week, 'missing_reports', m.district, department);
        // W40 and W41 hold National Day (1–8 October) and its make-up Saturday.
        expect(flag.evidence.missingWorkingDays).toBe(officialWorkingDays(weekPeriod(week)).length);
        expect(flag.evidence.workingDaysDue).toBe(officialWorkingDays(weekPeriod(week)).length);
        expect(flag.firstSeen).toBe(m.weeks[0]);
        return flag.evidence.missingWorkingDays as number;
      });
      expect(missing.reduce((a, b) => a + b, 0)).toBe(m.workingDays);
    },
  );

  it('does not flag every district in a week after the data ends: that data is not yet in', async () => {
    const period = weekPeriod(isoWeekOf(addDays(DEMO_PERIOD.to, 70)));
    const flags = await loadFlags(db, { scope: CITY_SCOPE, period, department: null });
    expect(flags.filter((f) => f.type === 'missing_reports')).toEqual([]);
  });
});

describe('the well-run districts on the demo', () => {
  it.each(PLANTED.wellRun)('%s gets no flag in any week', (code) => {
    const flagged = LABELS.flatMap((week) =>
      flagsIn(week)
        .filter((f) => f.districtCode === code)
        .map((f) => `${week} ${f.type} ${f.department}`),
    );
    expect(flagged).toEqual([]);
  });
});

describe('the league table on the demo', () => {
  const t = PLANTED.throttling;

  it('ranks the throttling district in the bottom 3 in a throttling week', async () => {
    const period = weekPeriod(THROTTLED_WEEKS[0]!);
    const card = await loadScorecard(db, { scope: CITY_SCOPE, period, department: null });
    const ranked = card.units.filter((u) => u.rank !== null);
    expect(ranked.length).toBeGreaterThanOrEqual(DEMO_DISTRICTS.length);
    const daoli = ranked.find((u) => u.districtCode === t.district)!;
    expect(daoli.rank).toBeGreaterThan(ranked.length - 3);
    for (const code of PLANTED.wellRun) {
      expect(ranked.find((u) => u.districtCode === code)!.rank).toBeLessThanOrEqual(
        ranked.length - 3,
      );
    }
  });

  it("gives the city's tickets and demand as the exact sums of every centre's days", async () => {
    const period = weekPeriod(THROTTLED_WEEKS[0]!);
    const card = await loadScorecard(db, { scope: CITY_SCOPE, period, department: null });
    const [raw] = await db.all<{
      issued: number;
      capacity: number;
      served: number;
      visitors: number;
    }>({
      sql: `SELECT sum(tickets_issued)::DOUBLE AS issued, sum(ticket_capacity)::DOUBLE AS capacity,
                   sum(least(tickets_issued, visitors))::DOUBLE AS served,
                   sum(visitors)::DOUBLE AS visitors
            FROM window_daily WHERE date BETWEEN $1::DATE AND $2::DATE`,
      params: [period.start, period.end],
    });
    expect(card.city.metrics.ticket_utilization).toMatchObject({
      numerator: raw!.issued,
      denominator: raw!.capacity,
    });
    expect(card.city.metrics.demand_coverage).toMatchObject({
      numerator: raw!.served,
      denominator: raw!.visitors,
    });
    expect(card.hasData).toBe(true);
  });
});

describe('the evidence of every demo flag', () => {
  it('has exactly the shape its flag type declares, in every week', () => {
    const all = LABELS.flatMap(flagsIn);
    expect(new Set(all.map((f) => f.type))).toEqual(new Set(FLAG_TYPES));
    for (const flag of all) {
      const where = `${flag.period} ${flag.type} ${flag.districtCode} ${flag.department}`;
      const parsed = FLAG_RULES[flag.type].evidence.safeParse(flag.evidence);
      expect(parsed.error?.issues ?? [], where).toEqual([]);
      // Declared and stored field for field: nothing shown that the declaration does not name.
      expect(Object.keys(flag.evidence).sort(), where).toEqual(
        Object.keys(FLAG_RULES[flag.type].fields).sort(),
      );
    }
  });
});
