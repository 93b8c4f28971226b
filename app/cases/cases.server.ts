/**
 * The rectification loop on the server: opening a case from a unit's flags, taking an action
 * on it, and 回头看. The rules are oversight/cases.ts's; this module asks them with their facts
 * (the flags as they stand; the unit's weeks and the working-day calendar from facts.server.ts)
 * and stores the answer with its history and the audit record in one transaction.
 *
 * Every road (pages, forms, the JSON API) comes through here with the viewer, so the same
 * permission, scope and state rules hold on all of them. A case outside the viewer's scope is
 * "no such case" (404), never "not yours" (403): its existence is not for them to learn.
 */
import type { Db, Executor } from '../../db/client';
import { recordAudit } from '../../db/queries/audit';
import {
  getCase,
  getCaseEvents,
  getCaseFile,
  getCaseFiles,
  getCaseFlags,
  insertCase,
  insertCaseFile,
  listCases,
  recordCaseEvent,
  updateCase,
  type CaseChange,
  type CaseFileRow,
  type CaseFilter,
  type CaseRow,
} from '../../db/queries/cases';
import { readCaseFile } from './case-files.server';
import { caseConfig, caseWeeks, latestWeekAsOf, todayOf, workingDaysFrom } from './facts.server';
import { countLoadBatches } from '../../db/queries/loads';
import { CITY_SCOPE, type Scope } from '../../db/scope';
import type { Bilingual } from '../../oversight/bilingual';
import {
  availableActions,
  CASE_STATES,
  caseKey,
  deadlineOf,
  returnedFlag,
  transition,
  verify,
  warningOf,
  type CaseAction,
  type CaseConfig,
  type CaseKind,
  type CaseState,
  type CaseWarning,
  type CaseWeek,
  type Verification,
} from '../../oversight/cases';
import { asciiJson } from '../../oversight/ascii-json';
import { isoWeekOf, parsePeriod } from '../../oversight/period';
import type { Flag } from '../../oversight/flags/types';
import { defaultWeek, loadFlags } from '../weeks/oversight.server';
import type { CaseActionInput, OpenCaseInput } from './input';

/** Who is acting and from where: a signed-in person, or the system (回头看, auto-open). */
export interface CaseActorInfo {
  username: string;
  role: string;
  scope: Scope;
  ip: string | null;
}

export const SYSTEM_ACTOR: CaseActorInfo = {
  username: 'system',
  role: 'system',
  scope: CITY_SCOPE,
  ip: null,
};

export type CaseRefusal = { ok: false; status: 403 | 404 | 409 | 422; reason: Bilingual };
export type CaseOutcome = { ok: true; case: CaseView } | CaseRefusal;

/** A case as pages and the API show it: the stored row with what the rules say of it today. */
export interface CaseView extends CaseRow {
  state: CaseState;
  kind: CaseKind;
  warning: CaseWarning;
  verification: Verification;
  /** What the viewer may do now (close is listed even while the data refuses it). */
  actions: CaseAction[];
}

const inScope = (scope: Scope, districtCode: string) =>
  scope.kind === 'city' || scope.districtCodes.includes(districtCode);

const refuse = (status: CaseRefusal['status'], zh: string, en: string): CaseRefusal => ({
  ok: false,
  status,
  reason: { zh, en },
});

const NOT_FOUND = refuse(404, '没有这个整改事项', 'no such case');

/** The unit's weeks since the response, when the case's state makes them matter. */
function weeksSinceResponse(
  db: Executor,
  row: CaseRow,
  today: string,
  states: readonly CaseState[],
): Promise<CaseWeek[]> {
  return row.respondedOn && states.includes(row.state as CaseState)
    ? caseWeeks(db, row, row.respondedOn, today)
    : Promise.resolve([]);
}

/** Every answered case's page shows its weeks; a list needs them only for those being verified. */
const ANSWERED: readonly CaseState[] = ['responded', 'verifying', 'closed'];

/** What the rules say of a case today, given the unit's weeks since the response. */
async function viewOf(
  db: Executor,
  row: CaseRow,
  actor: CaseActorInfo,
  now: number,
  config: CaseConfig,
  weeks: readonly CaseWeek[],
): Promise<CaseView> {
  const today = todayOf(now);
  const state = row.state as CaseState;
  const isWorking = await workingDaysFrom(db, row.districtCode, row.clockFrom);
  return {
    ...row,
    state,
    kind: row.kind as CaseKind,
    warning: warningOf({ ...row, state }, today, isWorking, config),
    verification: verify(row.flagTypes, row.respondedOn, weeks, config),
    actions: availableActions(state, {
      role: actor.role,
      inScope: inScope(actor.scope, row.districtCode),
    }),
  };
}

/** The open cases within the scope, each with the unit and flag types it follows. */
export async function openCasesOf(
  db: Db,
  scope: Scope,
  now = Date.now(),
): Promise<{ caseId: number; state: CaseState; key: string }[]> {
  await sweepCases(db, now);
  const rows = await listCases(db, scope, { open: true });
  return rows.flatMap((r) =>
    r.flagTypes.map((t) => ({
      caseId: r.caseId,
      state: r.state as CaseState,
      key: caseKey(r.districtCode, r.department, t),
    })),
  );
}

/** How many of the viewer's cases are open, and of those how many carry a yellow or red card. */
export async function caseCounts(db: Db, actor: CaseActorInfo, now = Date.now()) {
  const cases = await loadCaseList(db, actor, {}, now);
  const open = cases.filter((c) => c.state !== 'closed');
  return {
    open: open.length,
    yellow: open.filter((c) => c.warning === 'yellow').length,
    red: open.filter((c) => c.warning === 'red').length,
    closed: cases.length - open.length,
  };
}

/** The cases the viewer may see, each with its warning, filtered and sorted as asked. */
export async function loadCaseList(
  db: Db,
  actor: CaseActorInfo,
  filter: CaseFilter & { warning?: CaseWarning; sort?: 'id' | 'deadline' | 'district' | 'state' },
  now = Date.now(),
): Promise<CaseView[]> {
  await sweepCases(db, now);
  const config = caseConfig();
  const rows = await listCases(db, actor.scope, filter);
  const today = todayOf(now);
  const views = await Promise.all(
    rows.map(async (r) =>
      viewOf(db, r, actor, now, config, await weeksSinceResponse(db, r, today, ['verifying'])),
    ),
  );
  const shown = filter.warning ? views.filter((v) => v.warning === filter.warning) : views;
  const order: Record<string, (a: CaseView, b: CaseView) => number> = {
    id: (a, b) => b.caseId - a.caseId,
    deadline: (a, b) => a.deadline.localeCompare(b.deadline) || a.caseId - b.caseId,
    district: (a, b) => a.districtCode.localeCompare(b.districtCode) || b.caseId - a.caseId,
    state: (a, b) =>
      CASE_STATES.indexOf(a.state) - CASE_STATES.indexOf(b.state) || a.caseId - b.caseId,
  };
  return shown.sort(order[filter.sort ?? 'id']);
}

export interface CaseDetail {
  case: CaseView;
  /** The flags as they stood when the case was opened. */
  frozen: Flag[];
  events: Awaited<ReturnType<typeof getCaseEvents>>;
  files: Awaited<ReturnType<typeof getCaseFiles>>;
  /** The unit's complete weeks since the response, as verification read them. */
  weeks: CaseWeek[];
}

/** One case with its frozen flags, history and files; null outside the viewer's scope. */
export async function loadCase(
  db: Db,
  actor: CaseActorInfo,
  caseId: number,
  now = Date.now(),
): Promise<CaseDetail | null> {
  await sweepCases(db, now);
  const row = await getCase(db, actor.scope, caseId);
  if (!row) return null;
  const [weeks, frozen, events, files] = await Promise.all([
    weeksSinceResponse(db, row, todayOf(now), ANSWERED),
    getCaseFlags(db, caseId),
    getCaseEvents(db, caseId),
    getCaseFiles(db, caseId),
  ]);
  const view = await viewOf(db, row, actor, now, caseConfig(), weeks);
  return {
    case: view,
    frozen: frozen.map((f) => JSON.parse(f.json) as Flag),
    events,
    files,
    weeks,
  };
}

/**
 * Opens a case on some of a unit's flags of one week, by a commission member or a leader.
 * Each flag must be raised that week (its finding and evidence are frozen into the case), and
 * none may already be in an open case of the unit.
 */
export async function openCase(
  db: Db,
  actor: CaseActorInfo,
  input: OpenCaseInput,
  now = Date.now(),
  opts: { automatically?: boolean } = {},
): Promise<CaseOutcome> {
  if (!inScope(actor.scope, input.district_code)) return NOT_FOUND;
  const automatic = opts.automatically === true && actor.role === 'system';
  if (!automatic && actor.role !== 'commission' && actor.role !== 'leader') {
    return refuse(
      403,
      '只有纪委监委或市领导可以立案督办',
      'only the commission or a leader may open a case',
    );
  }
  const parsed = parsePeriod(input.week);
  if (!parsed.ok || parsed.period.kind !== 'week') {
    return { ok: false, status: 422, reason: parsed.ok ? WEEK_ONLY : parsed.reason };
  }
  const period = parsed.period;
  const flags = await loadFlags(
    db,
    { scope: actor.scope, period, department: input.department },
    { districtCode: input.district_code },
  );
  const wanted = [...new Set(input.flag_types)];
  const frozen = wanted.map((type) => flags.find((f) => f.type === type));
  const missing = wanted.filter((_, i) => !frozen[i]);
  if (missing.length > 0) {
    return refuse(
      422,
      `${period.label} 该单位没有这些预警：${missing.join('、')}`,
      `the unit has no such flag in ${period.label}: ${missing.join(', ')}`,
    );
  }
  const open = await listCases(db, actor.scope, {
    districtCode: input.district_code,
    department: input.department,
    open: true,
  });
  const clash = open.find((c) => c.flagTypes.some((t) => (wanted as string[]).includes(t)));
  if (clash) {
    return refuse(
      409,
      `该单位的同类预警已在整改事项 #${clash.caseId} 中`,
      `the unit's flag is already in case #${clash.caseId}`,
    );
  }
  const today = todayOf(now);
  const config = caseConfig();
  const isWorking = await workingDaysFrom(db, input.district_code, today);
  const clock = deadlineOf(input.kind, today, isWorking, input.due_date ?? null, config);
  if ('error' in clock) return { ok: false, status: 422, reason: clock.error };

  const caseId = await db.withTransaction(async (tx) => {
    const id = await insertCase(
      tx,
      {
        districtCode: input.district_code,
        department: input.department,
        weekStart: period.start,
        flagTypes: wanted,
        kind: input.kind,
        note: input.note ?? null,
        openedAtMs: now,
        openedBy: actor.username,
        openedAutomatically: automatic,
        openedOn: today,
        deadline: clock.deadline,
        allowedWorkingDays: clock.allowedWorkingDays,
      },
      frozen.map((f) => {
        // The finding without the links to today's source files: those are read fresh.
        const { sources: _sources, ...finding } = f!;
        return { type: f!.type, severity: f!.severity, json: asciiJson(finding) };
      }),
    );
    await record(tx, actor, now, id, 'open', null, 'issued', input.note ?? null, {
      week: period.label,
      flagTypes: wanted,
      kind: input.kind,
      deadline: clock.deadline,
      automatically: automatic,
    });
    return id;
  });
  const row = (await getCase(db, actor.scope, caseId))!;
  return { ok: true, case: await viewOf(db, row, actor, now, config, []) };
}

const WEEK_ONLY: Bilingual = {
  zh: '整改事项须从某一周的预警立案，例如 2020-W34',
  en: 'a case is opened from the flags of one ISO week, e.g. 2020-W34',
};

/** The case's history and the audit log, written together. */
async function record(
  tx: Executor,
  actor: CaseActorInfo,
  now: number,
  caseId: number,
  action: CaseAction | 'open',
  from: CaseState | null,
  to: CaseState,
  text: string | null,
  detail: Record<string, unknown> | null,
): Promise<number> {
  const eventId = await recordCaseEvent(tx, {
    caseId,
    atMs: now,
    actor: actor.username,
    actorRole: actor.role === 'system' ? null : actor.role,
    ip: actor.ip,
    action,
    fromState: from,
    toState: to,
    text,
    detail,
  });
  await recordAudit(tx, {
    actor: actor.username,
    actorRole: actor.role === 'system' ? null : actor.role,
    action: action === 'open' ? 'case_open' : 'case_action',
    target: `case #${caseId}`,
    detail: { action, from, to, ...(detail ?? {}) },
    ip: actor.ip,
    at: now,
  });
  return eventId;
}

/** An attached file of a case the viewer may see, with its bytes if they still match. */
export async function loadCaseFile(
  db: Executor,
  actor: CaseActorInfo,
  caseId: number,
  fileId: number,
): Promise<{ file: CaseFileRow; bytes: Buffer } | null> {
  const file = await getCaseFile(db, actor.scope, caseId, fileId);
  const bytes = file ? readCaseFile(file.sha256) : null;
  return file && bytes ? { file, bytes } : null;
}

/** A file attached to a response, already stored (case-files.server.ts). */
export interface StoredAttachment {
  fileName: string;
  mediaType: string;
  bytes: number;
  sha256: string;
}

/**
 * Takes an action on a case for the actor: the rules decide (oversight/cases.ts transition),
 * with the data's verification for close; the case moves only if nobody moved it since the
 * revision the actor saw.
 */
export async function actOnCase(
  db: Db,
  actor: CaseActorInfo,
  caseId: number,
  input: CaseActionInput,
  now = Date.now(),
  attachments: readonly StoredAttachment[] = [],
): Promise<CaseOutcome> {
  const row = await getCase(db, actor.scope, caseId);
  if (!row) return NOT_FOUND;
  if (input.revision != null && input.revision !== row.revision) return MOVED;
  const config = caseConfig();
  const today = todayOf(now);
  const state = row.state as CaseState;
  const action = input.action;
  const respondedOn = action === 'respond' ? (input.responded_on ?? today) : row.respondedOn;
  if (action === 'respond' && (respondedOn! > today || respondedOn! < row.weekStart)) {
    return refuse(
      422,
      `整改完成日期须在 ${row.weekStart} 至今天之间`,
      `the day the measures took effect must lie between ${row.weekStart} and today`,
    );
  }
  const verification =
    action === 'close'
      ? verify(
          row.flagTypes,
          row.respondedOn,
          await caseWeeks(db, row, row.respondedOn ?? today, today),
          config,
        )
      : undefined;
  const result = transition({
    state,
    action,
    actor: { role: actor.role, inScope: true },
    reason: action === 'respond' ? input.measures : input.reason,
    verification,
  });
  if (!result.ok) return result;
  if (attachments.length > 0 && action !== 'respond') {
    return refuse(
      422,
      '只有反馈整改情况时可以附加文件',
      'files can be attached to a response only',
    );
  }

  const change: CaseChange = { state: result.to };
  if (action === 'respond') {
    change.respondedOn = respondedOn;
    change.measures = input.measures!.trim();
  }
  if (action === 'close' || action === 'override') {
    change.closedOn = today;
    change.closedWeek = (await latestWeekAsOf(db, today))?.start ?? null;
    change.closedByOverride = action === 'override';
  }
  const text = action === 'respond' ? input.measures!.trim() : input.reason?.trim() || null;
  const detail: Record<string, unknown> = {};
  if (action === 'respond') detail.respondedOn = respondedOn;
  if (verification) detail.cleanWeeks = verification.cleanWeeks;
  if (action === 'override') detail.override = true;
  if (action === 'respond' && respondedOn! > row.deadline) detail.lateBy = respondedOn;

  const moved = await db.withTransaction(async (tx) => {
    if (!(await updateCase(tx, caseId, row.revision, change))) return false;
    const eventId = await record(tx, actor, now, caseId, action, state, result.to, text, detail);
    for (const a of attachments) {
      await insertCaseFile(tx, {
        caseId,
        eventId,
        ...a,
        uploadedAtMs: now,
        uploadedBy: actor.username,
      });
    }
    return true;
  });
  if (!moved) return MOVED;
  const updated = (await getCase(db, actor.scope, caseId))!;
  const weeks = await weeksSinceResponse(db, updated, today, ANSWERED);
  return { ok: true, case: await viewOf(db, updated, actor, now, config, weeks) };
}

const MOVED = refuse(
  409,
  '此事项刚被他人处理过，请刷新后再操作',
  'someone else has just acted on this case; reload it and try again',
);

/** The load batches the last sweep saw, per database: a sweep runs once per change of data. */
const sweptAt = new WeakMap<object, number>();

/**
 * 回头看, and (when configured) opening cases for flags left open too long — run before cases
 * are read, once per load of data (every load leaves a batch in the audit), so whichever road
 * loaded it (CLI, inbox, upload), the next reader sees it acted on. A case closes on the
 * latest complete week, so only data loaded after it can bring its flag back.
 */
export async function sweepCases(
  db: Db,
  now = Date.now(),
  config: CaseConfig = caseConfig(),
): Promise<void> {
  const mark = await countLoadBatches(db);
  if (sweptAt.get(db) === mark) return;
  sweptAt.set(db, mark);
  const today = todayOf(now);
  for (const row of await listCases(db, CITY_SCOPE, { state: 'closed' })) {
    if (row.closedWeek === null) continue;
    const weeks = await caseWeeks(db, row, row.closedWeek, today);
    const back = returnedFlag(row.flagTypes, isoWeekOf(row.closedWeek), weeks, config);
    if (!back) continue;
    const isWorking = await workingDaysFrom(db, row.districtCode, today);
    const kind = row.kind === 'long_term' ? 'deadline' : (row.kind as CaseKind);
    const clock = deadlineOf(kind, today, isWorking, null, config);
    if ('error' in clock) continue;
    await db.withTransaction(async (tx) => {
      const moved = await updateCase(tx, row.caseId, row.revision, {
        state: 'acknowledged',
        respondedOn: null,
        closedOn: null,
        closedWeek: null,
        closedByOverride: false,
        reopenCount: row.reopenCount + 1,
        clock: { from: today, ...clock },
      });
      if (!moved) return;
      await record(
        tx,
        SYSTEM_ACTOR,
        now,
        row.caseId,
        'reopen',
        'closed',
        'acknowledged',
        `${back.week} 同类预警再次出现`,
        { week: back.week, type: back.type, deadline: clock.deadline },
      );
    });
  }
  if (config.autoOpenWeeks !== null) await autoOpen(db, config.autoOpenWeeks, now);
}

/** Opens a case for each high-severity flag of the latest week open `weeks` weeks or more. */
async function autoOpen(db: Db, weeks: number, now: number): Promise<void> {
  const latest = await defaultWeek(db, CITY_SCOPE);
  if (!latest) return;
  const flags = await loadFlags(db, { scope: CITY_SCOPE, period: latest, department: null });
  for (const f of flags) {
    if (f.severity !== 'high' || f.openPeriods < weeks) continue;
    await openCase(
      db,
      SYSTEM_ACTOR,
      {
        district_code: f.districtCode,
        department: f.department,
        flag_types: [f.type],
        week: latest.label,
        kind: 'deadline',
        note: `连续 ${f.openPeriods} 周高风险预警，系统自动立案`,
      },
      now,
      { automatically: true },
    );
  }
}
