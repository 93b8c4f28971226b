/**
 * Runs every rule over every unit of every period asked for, then keeps the last period's
 * flags with their history: when the unbroken run began and how long it has lasted.
 */
import type { FlagInputs } from '../../../db/queries/flags';
import type { UnitAggregates } from '../../../db/queries/scorecard';
import { EMPTY_COMPONENTS } from '../metrics';
import { resolveTarget } from '../targets';
import type { MetricName, Period, TargetRow } from '../types';
import type { FlagConfig } from './config';
import { raise, SEVERITY_ORDER, type Flag, type FlagFinding } from './types';
import { RULES } from './rules';
import type { UnitPeriod } from './unit';

export interface EvaluateInput {
  /** Oldest first; the last is the period flags are reported for. */
  periods: readonly Period[];
  aggregates: readonly UnitAggregates[];
  inputs: FlagInputs;
  targets: readonly TargetRow[];
  districtNames: ReadonlyMap<string, string>;
  config: FlagConfig;
  /**
   * The last day with window data anywhere in the viewer's scope. Taken from the inputs when
   * absent; passed in when the inputs cover only some districts (history look-ups).
   */
  dataCutoff?: string | null;
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

/** The last day any unit reported window data. */
export function dataCutoffOf(inputs: Pick<FlagInputs, 'reportingUnits'>): string | null {
  return inputs.reportingUnits.reduce<string | null>(
    (m, r) => (m === null || r.lastDate > m ? r.lastDate : m),
    null,
  );
}

export function evaluateFlags(input: EvaluateInput): Flag[] {
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
  const dataCutoff = input.dataCutoff !== undefined ? input.dataCutoff : dataCutoffOf(input.inputs);

  const units = new Map<string, { districtCode: string; department: string }>();
  for (const list of [input.aggregates, input.inputs.reportingUnits, input.inputs.powers]) {
    for (const r of list) units.set(unitKey(r.districtCode, r.department), r);
  }

  // Surge needs the counts of the periods before each evaluated one.
  const firstEvaluated = Math.min(config.surge.previousPeriods, periods.length - 1);
  const current = periods.length - 1;
  const runs = new Map<
    string,
    { finding: FlagFinding; unit: { districtCode: string; department: string }; since: number }
  >();
  const found = new Map<string, Set<number>>();

  for (let i = firstEvaluated; i <= current; i++) {
    const period = periods[i]!;
    for (const [key, unit] of units) {
      const components = aggregates.get(`${i}\u0000${key}`) ?? EMPTY_COMPONENTS;
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
        snapshots: snapshots.get(key) ?? [],
        powers: powers.get(key) ?? [],
        actions: actions.get(key) ?? [],
        reporting: reporting.get(key) ?? null,
        dataCutoff,
        target: (metric: MetricName) =>
          resolveTarget(input.targets, metric, unit.districtCode, unit.department, period.end)
            ?.value ?? null,
      };
      for (const finding of evaluateUnitPeriod(u, config)) {
        const flagKey = `${finding.type}\u0000${key}`;
        let seen = found.get(flagKey);
        if (!seen) found.set(flagKey, (seen = new Set()));
        seen.add(i);
        if (i === current) runs.set(flagKey, { finding, unit, since: i });
      }
    }
  }

  const flags: Flag[] = [];
  for (const [flagKey, run] of runs) {
    const seen = found.get(flagKey)!;
    let since = current;
    while (since - 1 >= firstEvaluated && seen.has(since - 1)) since--;
    flags.push({
      ...run.finding,
      districtCode: run.unit.districtCode,
      districtName: input.districtNames.get(run.unit.districtCode) ?? run.unit.districtCode,
      department: run.unit.department,
      period: periods[current]!.label,
      firstSeen: periods[since]!.label,
      openPeriods: current - since + 1,
      openBeyondHistory: since === firstEvaluated && firstEvaluated < current,
    });
  }
  return flags.sort(
    (a, b) =>
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      a.type.localeCompare(b.type) ||
      a.districtCode.localeCompare(b.districtCode) ||
      a.department.localeCompare(b.department),
  );
}
