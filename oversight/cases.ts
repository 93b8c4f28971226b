/**
 * Rectification cases (督办整改): a flag of one unit (district × department) becomes a
 * supervision order with a deadline; the unit acknowledges it and reports what it changed; the
 * commission verifies against the data and closes it (对账销号); a flag of the same type that
 * comes back soon after reopens it (回头看).
 *
 * Everything a case may do is decided here, purely: who may take which action in which state,
 * the deadline in working days, the yellow and red warnings, and whether the data lets a case
 * be closed. The server (app/cases) only loads the facts, asks, and stores the answer.
 *
 * The loop ends only when the data says so. A case is closed when its flags have stayed away
 * for `verifyWeeks` complete weeks after the response, and the unit reported in each of those
 * weeks, because a week with no data raises no flags. The only other way is a commission
 * member's override, which is written down with its reason and shown as an override.
 */
import type { Bilingual } from './bilingual';
import { addDays, isoWeekOf, weekPeriod } from './period';

/** 待签收 → 整改中 → 已反馈 → 核验中 → 已销号, and back to 整改中 when rejected or reopened. */
export const CASE_STATES = ['issued', 'acknowledged', 'responded', 'verifying', 'closed'] as const;
export type CaseState = (typeof CASE_STATES)[number];

/** 立行立改, 限期整改, 长期整改 (the last with a due date of its own). */
export const CASE_KINDS = ['immediate', 'deadline', 'long_term'] as const;
export type CaseKind = (typeof CASE_KINDS)[number];

/** What people do to a case. `reopen` is the system's alone (回头看). */
export const CASE_ACTIONS = [
  'acknowledge',
  'respond',
  'verify',
  'reject',
  'close',
  'override',
  'reopen',
] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

export type CaseWarning = 'none' | 'yellow' | 'red';

export const STATE_NAMES: Record<CaseState, Bilingual> = {
  issued: { zh: '待签收', en: 'issued' },
  acknowledged: { zh: '整改中', en: 'in rectification' },
  responded: { zh: '已反馈', en: 'responded' },
  verifying: { zh: '核验中', en: 'verifying' },
  closed: { zh: '已销号', en: 'closed' },
};

export const KIND_NAMES: Record<CaseKind, Bilingual> = {
  immediate: { zh: '立行立改', en: 'fix at once' },
  deadline: { zh: '限期整改', en: 'fix by a deadline' },
  long_term: { zh: '长期整改', en: 'long-term fix' },
};

export const ACTION_NAMES: Record<CaseAction | 'open', Bilingual> = {
  open: { zh: '立案督办', en: 'open' },
  acknowledge: { zh: '签收', en: 'acknowledge' },
  respond: { zh: '反馈整改情况', en: 'respond' },
  verify: { zh: '开始核验', en: 'start verification' },
  reject: { zh: '退回重新整改', en: 'reject' },
  close: { zh: '核验销号', en: 'close' },
  override: { zh: '特批销号', en: 'close by override' },
  reopen: { zh: '回头看重新打开', en: 'reopen' },
};

export interface CaseConfig {
  /** Working days allowed, by kind (long_term: the due date given when opening). */
  workingDays: { immediate: number; deadline: number };
  /** Share of the time allowed after which the case turns yellow. */
  yellowShare: number;
  /** Complete weeks without the case's flags, after the response, before it may be closed. */
  verifyWeeks: number;
  /** Weeks after closing in which a returning flag of the same type reopens the case. */
  reopenWeeks: number;
  /**
   * Open a case automatically for a high-severity flag open this many weeks with no case;
   * null: never (the default — a case names a unit, so people decide to open one).
   */
  autoOpenWeeks: number | null;
}

/** Local rules use 5 and 15 working days (好差评 rectification); 80 % for yellow. */
export const DEFAULT_CASE_CONFIG: CaseConfig = {
  workingDays: { immediate: 5, deadline: 15 },
  yellowShare: 0.8,
  verifyWeeks: 2,
  reopenWeeks: 8,
  autoOpenWeeks: null,
};

/** A flag's place (unit and type), to find the open case that follows it. */
export const caseKey = (districtCode: string, department: string, type: string) =>
  `${districtCode}|${department}|${type}`;

/** Who acts on a case: the person's role, and whether the case's district is theirs. */
export interface CaseActor {
  role: string;
  /** The case's district lies within the actor's scope. */
  inScope: boolean;
}

/** Roles that open, verify, reject and close cases; override is the commission's alone. */
const SUPERVISORS: ReadonlySet<string> = new Set(['commission', 'leader']);

/** Whether the role may open a case at all (for a unit in its scope). */
export function mayOpen(actor: CaseActor): boolean {
  return SUPERVISORS.has(actor.role) && actor.inScope;
}

/** Which role takes each action, and from which states. */
const TRANSITIONS: Record<
  CaseAction,
  { from: readonly CaseState[]; to: CaseState; who: (role: string) => boolean }
> = {
  acknowledge: { from: ['issued'], to: 'acknowledged', who: (r) => r === 'district_officer' },
  respond: { from: ['acknowledged'], to: 'responded', who: (r) => r === 'district_officer' },
  verify: { from: ['responded'], to: 'verifying', who: (r) => SUPERVISORS.has(r) },
  reject: { from: ['responded', 'verifying'], to: 'acknowledged', who: (r) => SUPERVISORS.has(r) },
  close: { from: ['verifying'], to: 'closed', who: (r) => SUPERVISORS.has(r) },
  override: {
    from: ['issued', 'acknowledged', 'responded', 'verifying'],
    to: 'closed',
    who: (r) => r === 'commission',
  },
  reopen: { from: ['closed'], to: 'acknowledged', who: (r) => r === 'system' },
};

/** One week of a unit after a case's response or closing, as the data shows it. */
export interface CaseWeek {
  /** ISO week label, e.g. 2020-W36. */
  week: string;
  /** The data cut-off lies on or after the week's last day. */
  complete: boolean;
  /** The unit sent window data in that week. */
  reported: boolean;
  /** The flag types the unit had that week. */
  flagTypes: readonly string[];
}

/** What the data says about closing: may it, and if not, why (shown beside the button). */
export interface Verification {
  clear: boolean;
  /** The complete, reported weeks without the case's flags since the response, latest run. */
  cleanWeeks: string[];
  reason: Bilingual | null;
}

/**
 * Whether the data lets a case be closed: its last `verifyWeeks` complete weeks after the
 * response week were all reported and none had a flag of the case's types.
 */
export function verify(
  flagTypes: readonly string[],
  respondedOn: string | null,
  weeks: readonly CaseWeek[],
  config: CaseConfig = DEFAULT_CASE_CONFIG,
): Verification {
  if (respondedOn === null) {
    return {
      clear: false,
      cleanWeeks: [],
      reason: { zh: '尚未反馈整改情况', en: 'no response has been given yet' },
    };
  }
  const responseWeek = isoWeekOf(respondedOn);
  const after = weeks.filter((w) => w.week > responseWeek && w.complete);
  const types = new Set(flagTypes);
  const cleanWeeks: string[] = [];
  for (let i = after.length - 1; i >= 0 && cleanWeeks.length < config.verifyWeeks; i--) {
    const w = after[i]!;
    if (!w.reported) {
      return {
        clear: false,
        cleanWeeks: cleanWeeks.reverse(),
        reason: {
          zh: `${w.week} 该单位未报送窗口数据，无法据此核验`,
          en: `the unit sent no window data in ${w.week}, so that week proves nothing`,
        },
      };
    }
    const present = w.flagTypes.filter((t) => types.has(t));
    if (present.length > 0) {
      return {
        clear: false,
        cleanWeeks: cleanWeeks.reverse(),
        reason: {
          zh: `${w.week} 仍有同类预警，问题未消除`,
          en: `the flag was still raised in ${w.week}`,
        },
      };
    }
    cleanWeeks.push(w.week);
  }
  cleanWeeks.reverse();
  if (cleanWeeks.length < config.verifyWeeks) {
    return {
      clear: false,
      cleanWeeks,
      reason: {
        zh: `反馈后需连续 ${config.verifyWeeks} 个完整周无同类预警，目前 ${cleanWeeks.length} 周`,
        en: `needs ${config.verifyWeeks} complete weeks without the flag after the response; ${cleanWeeks.length} so far`,
      },
    };
  }
  return { clear: true, cleanWeeks, reason: null };
}

/**
 * 回头看: the first complete week within `reopenWeeks` weeks of data after `closedWeek` (the
 * latest complete week when the case was closed, e.g. 2020-W38) in which a flag of the case's
 * types came back, or null.
 */
export function returnedFlag(
  flagTypes: readonly string[],
  closedWeek: string,
  weeks: readonly CaseWeek[],
  config: CaseConfig = DEFAULT_CASE_CONFIG,
): { week: string; type: string } | null {
  const lastWeek = isoWeekOf(addDays(weekPeriod(closedWeek).start, 7 * config.reopenWeeks));
  const types = new Set(flagTypes);
  for (const w of weeks) {
    if (!w.complete || w.week <= closedWeek || w.week > lastWeek) continue;
    const type = w.flagTypes.find((t) => types.has(t));
    if (type) return { week: w.week, type };
  }
  return null;
}

/** The facts a transition is judged on. */
export interface TransitionInput {
  state: CaseState;
  action: CaseAction;
  actor: CaseActor | { role: 'system'; inScope: true };
  /** Required for reject and override; the measures taken for respond. */
  reason?: string | null;
  /** For close: what the data says (verify()). */
  verification?: Verification;
}

export type TransitionResult =
  | { ok: true; to: CaseState; override: boolean }
  | { ok: false; status: 403 | 409 | 422; reason: Bilingual };

/**
 * Whether an action may be taken, and the state it leads to. Refusals say why: 403 when the
 * actor may never take it, 409 when the case's state does not allow it (or the data does not
 * yet let it close), 422 when a required reason is missing.
 */
export function transition(input: TransitionInput): TransitionResult {
  const { state, action, actor } = input;
  const rule = TRANSITIONS[action];
  if (!rule.who(actor.role) || !actor.inScope) {
    return {
      ok: false,
      status: 403,
      reason: {
        zh: `您的角色不能对此事项执行“${ACTION_NAMES[action].zh}”`,
        en: `your role may not ${ACTION_NAMES[action].en} this case`,
      },
    };
  }
  if (!rule.from.includes(state)) {
    return {
      ok: false,
      status: 409,
      reason: {
        zh: `事项当前为“${STATE_NAMES[state].zh}”，不能${ACTION_NAMES[action].zh}`,
        en: `the case is ${STATE_NAMES[state].en}; it cannot be given "${ACTION_NAMES[action].en}"`,
      },
    };
  }
  const written = (input.reason ?? '').trim();
  if ((action === 'reject' || action === 'override' || action === 'respond') && !written) {
    return {
      ok: false,
      status: 422,
      reason:
        action === 'respond'
          ? { zh: '请写明采取的整改措施', en: 'write down the measures taken' }
          : { zh: '请写明理由', en: 'a written reason is required' },
    };
  }
  if (action === 'close') {
    const v = input.verification;
    if (!v?.clear) {
      return {
        ok: false,
        status: 409,
        reason: v?.reason ?? {
          zh: '数据尚未证明问题已消除',
          en: 'the data does not yet show the problem gone',
        },
      };
    }
  }
  return { ok: true, to: rule.to, override: action === 'override' };
}

/**
 * The actions the actor's role may take in this state, for the buttons. Close is among them
 * whatever the data says: the page shows it disabled, with verify()'s reason beside it.
 */
export function availableActions(state: CaseState, actor: CaseActor): CaseAction[] {
  const anyData: Verification = { clear: true, cleanWeeks: [], reason: null };
  return CASE_ACTIONS.filter(
    (action) =>
      action !== 'reopen' &&
      transition({ state, action, actor, reason: 'given', verification: anyData }).ok,
  );
}

/** The working day `n` working days after `from` (from itself not counted). */
export function addWorkingDays(
  from: string,
  n: number,
  isWorkingDay: (date: string) => boolean,
): string {
  let day = from;
  for (let counted = 0; counted < n;) {
    day = addDays(day, 1);
    if (isWorkingDay(day)) counted++;
  }
  return day;
}

/** Working days after `from` up to and including `to` (0 when `to` is not after `from`). */
export function workingDaysBetween(
  from: string,
  to: string,
  isWorkingDay: (date: string) => boolean,
): number {
  let n = 0;
  for (let day = addDays(from, 1); day <= to; day = addDays(day, 1)) if (isWorkingDay(day)) n++;
  return n;
}

/**
 * The deadline of a new case and the working days it allows. A long-term case brings its own
 * due date, which must lie after the opening day.
 */
export function deadlineOf(
  kind: CaseKind,
  openedOn: string,
  isWorkingDay: (date: string) => boolean,
  dueDate: string | null = null,
  config: CaseConfig = DEFAULT_CASE_CONFIG,
): { deadline: string; allowedWorkingDays: number } | { error: Bilingual } {
  if (kind === 'long_term') {
    if (!dueDate || dueDate <= openedOn) {
      return {
        error: {
          zh: '长期整改须给出晚于今天的完成日期',
          en: 'a long-term case needs a due date after today',
        },
      };
    }
    return {
      deadline: dueDate,
      allowedWorkingDays: Math.max(1, workingDaysBetween(openedOn, dueDate, isWorkingDay)),
    };
  }
  const allowed = config.workingDays[kind];
  return {
    deadline: addWorkingDays(openedOn, allowed, isWorkingDay),
    allowedWorkingDays: allowed,
  };
}

/**
 * The warning of a case that waits on the unit (issued or in rectification): red once the
 * deadline has passed, yellow once `yellowShare` of the working days allowed have been used.
 * A case that has been responded to, is being verified or is closed has none: the clock
 * stops when the unit answers (a late answer is shown in the timeline, not as a warning).
 */
export function warningOf(
  c: { state: CaseState; clockFrom: string; deadline: string; allowedWorkingDays: number },
  today: string,
  isWorkingDay: (date: string) => boolean,
  config: CaseConfig = DEFAULT_CASE_CONFIG,
): CaseWarning {
  if (c.state !== 'issued' && c.state !== 'acknowledged') return 'none';
  if (today > c.deadline) return 'red';
  const used = workingDaysBetween(c.clockFrom, today, isWorkingDay);
  return used >= config.yellowShare * c.allowedWorkingDays ? 'yellow' : 'none';
}

/**
 * A case's state at the end of `day`, from its history (oldest first, each event with the
 * calendar day it happened and the state it led to); null before it was opened.
 */
export function stateAt(
  events: readonly { day: string; toState: CaseState }[],
  day: string,
): CaseState | null {
  let state: CaseState | null = null;
  for (const e of events) {
    if (e.day > day) break;
    state = e.toState;
  }
  return state;
}

export const WARNING_NAMES: Record<CaseWarning, Bilingual> = {
  none: { zh: '正常', en: 'on time' },
  yellow: { zh: '黄牌预警', en: 'yellow card' },
  red: { zh: '红牌超期', en: 'red card (overdue)' },
};
