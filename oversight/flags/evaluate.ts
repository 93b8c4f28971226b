/**
 * Runs every rule over every unit of every period asked for, then keeps the flags of the
 * periods wanted with their history: when the unbroken run began and how long it has lasted.
 *
 * Each period is judged as of its own end — the data cut-off and a unit's last report are
 * those on that day — so a week's flags are the same whether it is asked for itself or as
 * part of a longer run, which is what lets the weekly rollup store them (decision 004).
 */
import { districtWorkingDays } from '../calendar';
import { EMPTY_COMPONENTS } from '../metrics';
import { addDays } from '../period';
import { resolveTarget } from '../targets';
import type { MetricName, Period, TargetRow } from '../types';
import { onlineHistoryDays, type FlagConfig } from './config';
import { raise, SEVERITY_ORDER, type Flag, type FlagFinding } from './types';
import { RULES } from './rules';
import type { UnitPeriod } from './unit';
import type { FlagInputs } from '../inputs';
import type { UnitAggregates } from '../inputs';

export interface EvaluateInput {
  /** Oldest first; the last is the period flags are reported for. */
  periods: readonly Period[];
  aggregates: readonly UnitAggregates[];
  inputs: FlagInputs;
  targets: readonly TargetRow[];
  districtNames: ReadonlyMap<string, string>;
  config: FlagConfig;
}

const unitKey = (districtCode: string, department: string) => `${districtCode}\u0000${department}`;

function groupBy<T>(rows: readonly T[], key: (r: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = groups.get(k);
    if (list) list.push(r);
    else groups.set(k, [r]);
  }
  return groups;
}

/** Findings for one unit in one period, with the escalation that looks across rules. */
export function evaluateUnitPeriod(u: UnitPeriod, config: FlagConfig): FlagFinding[] {
  const findings = RULES.map((rule) => rule(u, config)).filter((f) => f !== null);
  // Powers handed down without follow-up weigh more where people are already turned away or
  // complaining: the Harbin pattern.
  const aggravated = findings.some(
    (f) => f.type === 'ticket_throttling' || f.type === 'complaint_surge',
  );
  return findings.map((f) =>
    f.type === 'delegated_without_supervision' && aggravated
      ? { ...f, severity: raise(f.severity) }
      : f,
  );
}

/** The flags of the last period. */
export function evaluateFlags(input: EvaluateInput): Flag[] {
  return evaluateFlagsFrom(input, input.periods.length - 1)[0] ?? [];
}

/**
 * The flags of every period from `fromIndex` to the last, each as if that period had been
 * asked for: element k holds period fromIndex + k's flags. A run is traced back at most
 * `historyPeriods` periods, and never before the first period the surge baseline allows.
 */
export function evaluateFlagsFrom(input: EvaluateInput, fromIndex: number): Flag[][] {
  const { periods, config } = input;
  const aggregates = new Map(
    input.aggregates.map((a) => [
      `${a.periodIndex}\u0000${unitKey(a.districtCode, a.department)}`,
      a,
    ]),
  );
  const days = groupBy(
    input.inputs.days,
    (d) => `${d.periodIndex}\u0000${unitKey(d.districtCode, d.department)}`,
  );
  const closed = new Map(
    input.inputs.closedComplaints.map((c) => [
      `${c.periodIndex}\u0000${unitKey(c.districtCode, c.department)}`,
      c,
    ]),
  );
  const snapshots = groupBy(input.inputs.snapshots, (s) => unitKey(s.districtCode, s.department));
  const powers = groupBy(input.inputs.powers, (p) => unitKey(p.districtCode, p.department));
  const actions = groupBy(input.inputs.actions, (a) => unitKey(a.districtCode, a.department));
  const reporting = new Map(
    input.inputs.reportingUnits.map((r) => [unitKey(r.districtCode, r.department), r]),
  );
  // Each unit's last report as of the end of the period being evaluated.
  const lastReport = new Map<string, string | null>(
    input.inputs.reportingUnits.map((r) => [unitKey(r.districtCode, r.department), r.lastBefore]),
  );

  const workingDayTests = new Map<string, (date: string) => boolean>();
  const isWorkingDayIn = (districtCode: string) => {
    let test = workingDayTests.get(districtCode);
    if (!test) {
      test = districtWorkingDays(input.inputs.calendar, districtCode);
      workingDayTests.set(districtCode, test);
    }
    return test;
  };

  const units = new Map<string, { districtCode: string; department: string }>();
  for (const list of [input.aggregates, input.inputs.reportingUnits, input.inputs.powers]) {
    for (const r of list) units.set(unitKey(r.districtCode, r.department), r);
  }

  // Surge needs the counts of the periods before each evaluated one.
  const firstEvaluated = Math.min(config.surge.previousPeriods, periods.length - 1);
  const current = periods.length - 1;
  const wanted = Math.max(fromIndex, firstEvaluated);
  const findings: { finding: FlagFinding; unit: { districtCode: string; department: string } }[][] =
    periods.map(() => []);
  const found = new Map<string, Set<number>>();
  // The snapshots a period's rules see: those of the last weeks before its end, or before the
  // data cut-off when the period lies after it (a snapshot's age counts to the cut-off).
  const snapshotsSince = periods.map((p, i) => {
    const cutoff = input.inputs.cutoffs[i] ?? null;
    return addDays(cutoff !== null && cutoff < p.end ? cutoff : p.end, -onlineHistoryDays(config));
  });

  // Units' last reports before the first evaluated period.
  for (let i = 0; i < firstEvaluated; i++) advanceLastReports(i);
  function advanceLastReports(i: number) {
    for (const key of units.keys()) {
      const last = aggregates.get(`${i}\u0000${key}`)?.lastWindowDate ?? null;
      if (last !== null) lastReport.set(key, last);
    }
  }

  for (let i = firstEvaluated; i <= current; i++) {
    const period = periods[i]!;
    advanceLastReports(i);
    for (const [key, unit] of units) {
      const components = aggregates.get(`${i}\u0000${key}`) ?? EMPTY_COMPONENTS;
      const history = reporting.get(key);
      const lastDate = lastReport.get(key) ?? null;
      const previousComplaints = [];
      for (let j = i - config.surge.previousPeriods; j < i; j++) {
        if (j >= 0) previousComplaints.push(aggregates.get(`${j}\u0000${key}`)?.complaints ?? 0);
      }
      const u: UnitPeriod = {
        period,
        districtCode: unit.districtCode,
        department: unit.department,
        components,
        days: days.get(`${i}\u0000${key}`) ?? [],
        closed: closed.get(`${i}\u0000${key}`) ?? null,
        previousComplaints,
        snapshots: (snapshots.get(key) ?? []).filter(
          (s) => s.asOf > snapshotsSince[i]! && s.asOf <= period.end,
        ),
        powers: powers.get(key) ?? [],
        actions: actions.get(key) ?? [],
        reporting:
          history && lastDate !== null
            ? {
                districtCode: unit.districtCode,
                department: unit.department,
                firstDate: history.firstDate,
                lastDate,
              }
            : null,
        isWorkingDay: isWorkingDayIn(unit.districtCode),
        dataCutoff: input.inputs.cutoffs[i] ?? null,
        target: (metric: MetricName) =>
          resolveTarget(input.targets, metric, unit.districtCode, unit.department, period.end)
            ?.value ?? null,
      };
      for (const finding of evaluateUnitPeriod(u, config)) {
        const flagKey = `${finding.type}\u0000${key}`;
        let seen = found.get(flagKey);
        if (!seen) found.set(flagKey, (seen = new Set()));
        seen.add(i);
        if (i >= wanted) findings[i]!.push({ finding, unit });
      }
    }
  }

  const result: Flag[][] = [];
  for (let i = wanted; i <= current; i++) {
    const bound = Math.max(firstEvaluated, i - config.historyPeriods);
    const flags: Flag[] = findings[i]!.map(({ finding, unit }) => {
      const seen = found.get(
        `${finding.type}\u0000${unitKey(unit.districtCode, unit.department)}`,
      )!;
      let since = i;
      while (since - 1 >= bound && seen.has(since - 1)) since--;
      return {
        ...finding,
        districtCode: unit.districtCode,
        districtName: input.districtNames.get(unit.districtCode) ?? unit.districtCode,
        department: unit.department,
        period: periods[i]!.label,
        firstSeen: periods[since]!.label,
        openPeriods: i - since + 1,
        openBeyondHistory: since === bound && bound < i,
      };
    });
    result.push(sortFlags(flags));
  }
  // Periods before the first one the surge baseline allows have no flags of their own.
  return [...periods.slice(fromIndex, wanted).map(() => []), ...result];
}

/** Most severe first, then by type, district and department. */
export function sortFlags(flags: Flag[]): Flag[] {
  return flags.sort(
    (a, b) =>
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      a.type.localeCompare(b.type) ||
      a.districtCode.localeCompare(b.districtCode) ||
      a.department.localeCompare(b.department),
  );
}
