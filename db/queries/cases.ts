/**
 * Rectification cases (oversight/cases.ts decides; this stores). Every read takes the viewer's
 * scope, so a district officer's list, page, API answer and export hold only their districts'
 * cases, and an id outside the scope reads as no case at all. case_events is append-only:
 * nothing here updates or deletes it.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../client';
import { inScope, type Scope } from '../scope';

export interface CaseRow {
  caseId: number;
  districtCode: string;
  districtName: string;
  department: string;
  /** Monday of the week the case was opened from. */
  weekStart: string;
  flagTypes: string[];
  kind: string;
  state: string;
  note: string | null;
  /** 'YYYY-MM-DD HH:MM:SS', UTC. */
  openedAt: string;
  openedBy: string;
  openedAutomatically: boolean;
  openedOn: string;
  clockFrom: string;
  deadline: string;
  allowedWorkingDays: number;
  respondedOn: string | null;
  measures: string | null;
  closedOn: string | null;
  /** Monday of the latest complete week of data when closed. */
  closedWeek: string | null;
  closedByOverride: boolean;
  reopenCount: number;
  revision: number;
}

const CASE_COLUMNS = sql.raw(`
  c.case_id AS "caseId", c.district_code AS "districtCode",
  coalesce(d.district_name, c.district_code) AS "districtName", c.department,
  strftime(c.week_start, '%Y-%m-%d') AS "weekStart", c.flag_types AS "flagTypes", c.kind, c.state,
  c.note, strftime(c.opened_at, '%Y-%m-%d %H:%M:%S') AS "openedAt", c.opened_by AS "openedBy",
  c.opened_automatically AS "openedAutomatically",
  strftime(c.opened_on, '%Y-%m-%d') AS "openedOn", strftime(c.clock_from, '%Y-%m-%d') AS "clockFrom",
  strftime(c.deadline, '%Y-%m-%d') AS deadline,
  c.allowed_working_days AS "allowedWorkingDays",
  strftime(c.responded_on, '%Y-%m-%d') AS "respondedOn", c.measures,
  strftime(c.closed_on, '%Y-%m-%d') AS "closedOn", strftime(c.closed_week, '%Y-%m-%d') AS "closedWeek",
  c.closed_by_override AS "closedByOverride",
  c.reopen_count AS "reopenCount", c.revision`);

export interface CaseFilter {
  state?: string;
  districtCode?: string;
  department?: string;
  kind?: string;
  /** Only cases not yet closed. */
  open?: boolean;
}

function whereOf(scope: Scope, filter: CaseFilter): SQL {
  const conditions: SQL[] = [inScope(scope, sql`c.district_code`)];
  if (filter.state) conditions.push(sql`c.state = ${filter.state}`);
  if (filter.districtCode) conditions.push(sql`c.district_code = ${filter.districtCode}`);
  if (filter.department) conditions.push(sql`c.department = ${filter.department}`);
  if (filter.kind) conditions.push(sql`c.kind = ${filter.kind}`);
  if (filter.open) conditions.push(sql`c.state <> 'closed'`);
  return sql.join(conditions, sql` AND `);
}

/** The cases within the scope, newest first. */
export async function listCases(
  db: Executor,
  scope: Scope,
  filter: CaseFilter = {},
): Promise<CaseRow[]> {
  return db.all<CaseRow>(sql`
    SELECT ${CASE_COLUMNS}
    FROM cases c LEFT JOIN districts d ON d.district_code = c.district_code
    WHERE ${whereOf(scope, filter)}
    ORDER BY c.case_id DESC`);
}

/** One case, or null when there is none with that id within the scope. */
export async function getCase(db: Executor, scope: Scope, caseId: number): Promise<CaseRow | null> {
  const [row] = await db.all<CaseRow>(sql`
    SELECT ${CASE_COLUMNS}
    FROM cases c LEFT JOIN districts d ON d.district_code = c.district_code
    WHERE c.case_id = ${caseId} AND ${inScope(scope, sql`c.district_code`)}`);
  return row ?? null;
}

export interface FrozenFlag {
  type: string;
  severity: string;
  /** The finding as the rules returned it when the case was opened (JSON). */
  json: string;
}

/** The flags a case was opened from, as they stood then. */
export async function getCaseFlags(db: Executor, caseId: number): Promise<FrozenFlag[]> {
  return db.all<FrozenFlag>(sql`
    SELECT type, severity, flag AS json FROM case_flags WHERE case_id = ${caseId} ORDER BY type`);
}

export interface CaseEventRow {
  eventId: number;
  /** 'YYYY-MM-DD HH:MM:SS.mmm', UTC. */
  occurredAt: string;
  actor: string;
  actorRole: string | null;
  ip: string | null;
  action: string;
  fromState: string | null;
  toState: string;
  text: string | null;
  detail: Record<string, unknown> | null;
}

/** A case's history, oldest first. */
export async function getCaseEvents(db: Executor, caseId: number): Promise<CaseEventRow[]> {
  const rows = await db.all<Omit<CaseEventRow, 'detail'> & { detail: string | null }>(sql`
    SELECT event_id AS "eventId", strftime(occurred_at, '%Y-%m-%d %H:%M:%S.%g') AS "occurredAt",
           actor, actor_role AS "actorRole", ip, action, from_state AS "fromState",
           to_state AS "toState", text, detail
    FROM case_events WHERE case_id = ${caseId} ORDER BY occurred_at, event_id`);
  return rows.map((r) => ({
    ...r,
    detail: r.detail === null ? null : (JSON.parse(r.detail) as Record<string, unknown>),
  }));
}

export interface CaseFileRow {
  fileId: number;
  eventId: number;
  fileName: string;
  mediaType: string;
  bytes: number;
  sha256: string;
  uploadedAt: string;
  uploadedBy: string;
}

const FILE_COLUMNS = sql.raw(`
  f.file_id AS "fileId", f.event_id AS "eventId", f.file_name AS "fileName",
  f.media_type AS "mediaType", f.bytes, f.sha256,
  strftime(f.uploaded_at, '%Y-%m-%d %H:%M:%S') AS "uploadedAt", f.uploaded_by AS "uploadedBy"`);

export async function getCaseFiles(db: Executor, caseId: number): Promise<CaseFileRow[]> {
  return db.all<CaseFileRow>(sql`
    SELECT ${FILE_COLUMNS} FROM case_files f WHERE f.case_id = ${caseId} ORDER BY f.file_id`);
}

/** One attached file of a case within the scope, or null. */
export async function getCaseFile(
  db: Executor,
  scope: Scope,
  caseId: number,
  fileId: number,
): Promise<CaseFileRow | null> {
  const [row] = await db.all<CaseFileRow>(sql`
    SELECT ${FILE_COLUMNS} FROM case_files f JOIN cases c USING (case_id)
    WHERE f.case_id = ${caseId} AND f.file_id = ${fileId}
      AND ${inScope(scope, sql`c.district_code`)}`);
  return row ?? null;
}

export interface NewCase {
  districtCode: string;
  department: string;
  weekStart: string;
  flagTypes: readonly string[];
  kind: string;
  note: string | null;
  openedAtMs: number;
  openedBy: string;
  openedAutomatically: boolean;
  openedOn: string;
  deadline: string;
  allowedWorkingDays: number;
}

/** Inserts a case in state 'issued' with its frozen flags; returns its id. */
export async function insertCase(
  tx: Executor,
  c: NewCase,
  flags: readonly FrozenFlag[],
): Promise<number> {
  const [row] = await tx.all<{ id: number }>(sql`
    INSERT INTO cases (district_code, department, week_start, flag_types, kind, state, note,
                       opened_at, opened_by, opened_automatically, opened_on, clock_from,
                       deadline, allowed_working_days)
    VALUES (${c.districtCode}, ${c.department}, ${c.weekStart}::DATE,
            ${sql.param([...c.flagTypes])}::VARCHAR[], ${c.kind}, 'issued', ${c.note},
            epoch_ms(${c.openedAtMs}::BIGINT), ${c.openedBy}, ${c.openedAutomatically},
            ${c.openedOn}::DATE, ${c.openedOn}::DATE, ${c.deadline}::DATE, ${c.allowedWorkingDays})
    RETURNING case_id AS id`);
  const caseId = row!.id;
  for (const f of flags) {
    await tx.run(sql`
      INSERT INTO case_flags VALUES (${caseId}, ${f.type}, ${f.severity}, ${f.json})`);
  }
  return caseId;
}

export type NewCaseEvent = Omit<CaseEventRow, 'eventId' | 'occurredAt'> & {
  caseId: number;
  atMs: number;
};

/** Appends one event to a case's history; returns its id. */
export async function recordCaseEvent(tx: Executor, e: NewCaseEvent): Promise<number> {
  const [row] = await tx.all<{ id: number }>(sql`
    INSERT INTO case_events (case_id, occurred_at, actor, actor_role, ip, action, from_state,
                             to_state, text, detail)
    VALUES (${e.caseId}, epoch_ms(${e.atMs}::BIGINT), ${e.actor}, ${e.actorRole}, ${e.ip},
            ${e.action}, ${e.fromState}, ${e.toState}, ${e.text},
            ${e.detail === null ? null : JSON.stringify(e.detail)})
    RETURNING event_id AS id`);
  return row!.id;
}

export interface CaseChange {
  state: string;
  respondedOn?: string | null;
  measures?: string | null;
  closedOn?: string | null;
  closedWeek?: string | null;
  closedByOverride?: boolean;
  reopenCount?: number;
  /** A new clock (回头看): from this day, to this deadline. */
  clock?: { from: string; deadline: string; allowedWorkingDays: number };
}

/**
 * Moves a case to its new state if nobody else has moved it since `revision` was read; false
 * when someone has (the caller then answers 409).
 */
export async function updateCase(
  tx: Executor,
  caseId: number,
  revision: number,
  change: CaseChange,
): Promise<boolean> {
  const sets: SQL[] = [sql`state = ${change.state}`, sql`revision = revision + 1`];
  if (change.respondedOn !== undefined) {
    sets.push(sql`responded_on = ${change.respondedOn}::DATE`);
  }
  if (change.measures !== undefined) sets.push(sql`measures = ${change.measures}`);
  if (change.closedOn !== undefined) sets.push(sql`closed_on = ${change.closedOn}::DATE`);
  if (change.closedWeek !== undefined) sets.push(sql`closed_week = ${change.closedWeek}::DATE`);
  if (change.closedByOverride !== undefined) {
    sets.push(sql`closed_by_override = ${change.closedByOverride}`);
  }
  if (change.reopenCount !== undefined) sets.push(sql`reopen_count = ${change.reopenCount}`);
  if (change.clock) {
    sets.push(sql`clock_from = ${change.clock.from}::DATE`);
    sets.push(sql`deadline = ${change.clock.deadline}::DATE`);
    sets.push(sql`allowed_working_days = ${change.clock.allowedWorkingDays}`);
  }
  const rows = await tx.all<{ id: number }>(sql`
    UPDATE cases SET ${sql.join(sets, sql`, `)}
    WHERE case_id = ${caseId} AND revision = ${revision}
    RETURNING case_id AS id`);
  return rows.length === 1;
}

export async function insertCaseFile(
  tx: Executor,
  f: Omit<CaseFileRow, 'fileId' | 'uploadedAt'> & { caseId: number; uploadedAtMs: number },
): Promise<void> {
  await tx.run(sql`
    INSERT INTO case_files (case_id, event_id, file_name, media_type, bytes, sha256, uploaded_at,
                            uploaded_by)
    VALUES (${f.caseId}, ${f.eventId}, ${f.fileName}, ${f.mediaType}, ${f.bytes}, ${f.sha256},
            epoch_ms(${f.uploadedAtMs}::BIGINT), ${f.uploadedBy})`);
}

/** Every event of the cases within the scope, oldest first (the ledger replays them). */
export async function listCaseEvents(
  db: Executor,
  scope: Scope,
): Promise<
  { caseId: number; occurredAt: string; action: string; toState: string; deadline: string | null }[]
> {
  return db.all(sql`
    SELECT e.case_id AS "caseId", strftime(e.occurred_at, '%Y-%m-%d %H:%M:%S') AS "occurredAt",
           e.action, e.to_state AS "toState",
           json_extract_string(e.detail, '$.deadline') AS deadline
    FROM case_events e JOIN cases c USING (case_id)
    WHERE ${inScope(scope, sql`c.district_code`)}
    ORDER BY e.occurred_at, e.event_id`);
}
