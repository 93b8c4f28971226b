/**
 * The weekly report's 整改台账: the cases as they stood at the end of the report's week,
 * replayed from their history — opened, due, overdue (red) or yellow, closed and reopened in
 * that week, and every case still open. A past week's report says what was known then.
 */
import type { Executor } from '../../db/client';
import { listCaseEvents, listCases } from '../../db/queries/cases';
import type { Scope } from '../../db/scope';
import { stateAt, warningOf, type CaseState, type CaseWarning } from '../../oversight/cases';
import type { Period } from '../../oversight/types';
import { caseConfig, todayOf, workingDaysFrom } from './facts.server';

export interface LedgerCase {
  caseId: number;
  districtCode: string;
  districtName: string;
  department: string;
  flagTypes: string[];
  state: CaseState;
  warning: CaseWarning;
  deadline: string;
}

export interface CaseLedger {
  opened: LedgerCase[];
  /** Waiting on the unit, with the deadline in the week. */
  due: LedgerCase[];
  red: LedgerCase[];
  yellow: LedgerCase[];
  closed: LedgerCase[];
  reopened: LedgerCase[];
  /** Not closed at the week's end, worst card first. */
  open: LedgerCase[];
}

export async function loadCaseLedger(
  db: Executor,
  scope: Scope,
  period: Period,
): Promise<CaseLedger> {
  const [rows, events] = await Promise.all([listCases(db, scope), listCaseEvents(db, scope)]);
  const config = caseConfig();
  type Step = { day: string; action: string; toState: CaseState; deadline: string | null };
  const byCase = new Map<number, Step[]>();
  for (const e of events) {
    const day = todayOf(Date.parse(`${e.occurredAt.replace(' ', 'T')}Z`));
    const list = byCase.get(e.caseId) ?? [];
    list.push({ day, action: e.action, toState: e.toState as CaseState, deadline: e.deadline });
    byCase.set(e.caseId, list);
  }
  const ledger: CaseLedger = {
    opened: [],
    due: [],
    red: [],
    yellow: [],
    closed: [],
    reopened: [],
    open: [],
  };
  const inWeek = (day: string) => day >= period.start && day <= period.end;
  for (const row of rows) {
    // Only what had happened by the week's end.
    const history = (byCase.get(row.caseId) ?? []).filter((e) => e.day <= period.end);
    const state = stateAt(history, period.end);
    if (!state) continue;
    // The clock as it stood then: the opening's, or the last reopening's (回头看 restarts it).
    const start = history.filter((e) => e.action === 'open' || e.action === 'reopen').at(-1)!;
    const clock = { clockFrom: start.day, deadline: start.deadline ?? row.deadline };
    const warning = warningOf(
      { state, ...clock, allowedWorkingDays: row.allowedWorkingDays },
      period.end,
      await workingDaysFrom(db, row.districtCode, clock.clockFrom),
      config,
    );
    const item: LedgerCase = {
      caseId: row.caseId,
      districtCode: row.districtCode,
      districtName: row.districtName,
      department: row.department,
      flagTypes: row.flagTypes,
      state,
      warning,
      deadline: clock.deadline,
    };
    const did = (...actions: string[]) =>
      history.some((e) => actions.includes(e.action) && inWeek(e.day));
    if (did('open')) ledger.opened.push(item);
    if (did('close', 'override')) ledger.closed.push(item);
    if (did('reopen')) ledger.reopened.push(item);
    if (state === 'closed') continue;
    ledger.open.push(item);
    // Due: still waiting on the unit when its time runs out this week (an answer stops the clock).
    if (inWeek(clock.deadline) && (state === 'issued' || state === 'acknowledged')) {
      ledger.due.push(item);
    }
    if (warning === 'red') ledger.red.push(item);
    if (warning === 'yellow') ledger.yellow.push(item);
  }
  const worst: Record<CaseWarning, number> = { red: 0, yellow: 1, none: 2 };
  ledger.open.sort((a, b) => worst[a.warning] - worst[b.warning] || a.caseId - b.caseId);
  return ledger;
}
