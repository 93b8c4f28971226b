/**
 * Every table, in drizzle's pg-core dialect: the one source of truth for column names.
 * DuckDB speaks the same SQL for everything used here; the DDL lives in db/migrations/
 * because drizzle-kit's Postgres output needs DuckDB fixes (no serial, no USING btree).
 *
 * Conventions: dates are DATE in the database and 'YYYY-MM-DD' strings above db/;
 * optional text keys that take part in a primary key are stored as '' (meaning "all"),
 * because key columns cannot be NULL.
 */
import {
  bigint,
  boolean,
  customType,
  date,
  doublePrecision,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  varchar,
} from 'drizzle-orm/pg-core';

export const districts = pgTable('districts', {
  districtCode: varchar('district_code').primaryKey(),
  districtName: varchar('district_name').notNull(),
  level: varchar('level').notNull(),
  parentCode: varchar('parent_code'),
  population: integer('population'),
  /** The load batch that last wrote this row (see load_files). */
  batchId: varchar('batch_id').notNull(),
});

export const windowDaily = pgTable(
  'window_daily',
  {
    date: date('date', { mode: 'string' }).notNull(),
    districtCode: varchar('district_code').notNull(),
    centerCode: varchar('center_code').notNull(),
    centerName: varchar('center_name'),
    department: varchar('department').notNull(),
    windowsOpen: integer('windows_open').notNull(),
    staffOnDuty: integer('staff_on_duty'),
    ticketCapacity: integer('ticket_capacity').notNull(),
    ticketsIssued: integer('tickets_issued').notNull(),
    visitors: integer('visitors').notNull(),
    /** People who came and got no ticket, where the centre counts them; null where not. */
    turnedAway: integer('turned_away'),
    casesAccepted: integer('cases_accepted').notNull(),
    casesCompleted: integer('cases_completed').notNull(),
    casesOutOfQueue: integer('cases_out_of_queue').notNull(),
    avgWaitMinutes: doublePrecision('avg_wait_minutes'),
    ratingsGood: integer('ratings_good'),
    ratingsBad: integer('ratings_bad'),
    /** The load batch that last wrote this row (see load_files). */
    batchId: varchar('batch_id').notNull(),
  },
  // Natural key (date, center_code, department): unique by the loader, not by an index — see
  // docs/decisions/002-no-index-on-window-daily.md.
);

export const onlineAvailability = pgTable(
  'online_availability',
  {
    asOf: date('as_of', { mode: 'string' }).notNull(),
    districtCode: varchar('district_code').notNull(),
    department: varchar('department').notNull(),
    itemsTotal: integer('items_total').notNull(),
    itemsExempt: integer('items_exempt').notNull(),
    itemsOnline: integer('items_online').notNull(),
    itemsQueryable: integer('items_queryable'),
    /** The load batch that last wrote this row (see load_files). */
    batchId: varchar('batch_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.asOf, t.districtCode, t.department] })],
);

export const complaints = pgTable('complaints', {
  ticketId: varchar('ticket_id').primaryKey(),
  receivedAt: timestamp('received_at', { mode: 'string' }).notNull(),
  districtCode: varchar('district_code').notNull(),
  department: varchar('department'),
  channel: varchar('channel').notNull(),
  category: varchar('category').notNull(),
  status: varchar('status').notNull(),
  closedAt: timestamp('closed_at', { mode: 'string' }),
  satisfied: boolean('satisfied'),
  /** The load batch that last wrote this row (see load_files). */
  batchId: varchar('batch_id').notNull(),
});

export const delegations = pgTable(
  'delegations',
  {
    batch: varchar('batch').notNull(),
    noticeDate: date('notice_date', { mode: 'string' }).notNull(),
    powerCode: varchar('power_code').notNull(),
    powerName: varchar('power_name').notNull(),
    department: varchar('department').notNull(),
    fromUnit: varchar('from_unit').notNull(),
    districtCode: varchar('district_code').notNull(),
    effectiveDate: date('effective_date', { mode: 'string' }).notNull(),
    /** The load batch that last wrote this row (see load_files). */
    batchId: varchar('batch_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.powerCode, t.districtCode] })],
);

export const supervision = pgTable(
  'supervision',
  {
    date: date('date', { mode: 'string' }).notNull(),
    districtCode: varchar('district_code').notNull(),
    department: varchar('department').notNull(),
    /** '' = every power of that department delegated to the district. */
    powerCode: varchar('power_code').notNull(),
    actionType: varchar('action_type').notNull(),
    performedBy: varchar('performed_by').notNull(),
    notes: text('notes'),
    /** The load batch that last wrote this row (see load_files). */
    batchId: varchar('batch_id').notNull(),
  },
  (t) => [
    primaryKey({
      columns: [t.date, t.districtCode, t.department, t.powerCode, t.actionType, t.performedBy],
    }),
  ],
);

export const targets = pgTable(
  'targets',
  {
    metric: varchar('metric').notNull(),
    target: doublePrecision('target').notNull(),
    /** '' = every district. */
    districtCode: varchar('district_code').notNull(),
    /** '' = every department. */
    department: varchar('department').notNull(),
    /** 1900-01-01 when the file left it blank: in force since always. */
    effectiveFrom: date('effective_from', { mode: 'string' }).notNull(),
    /** The load batch that last wrote this row (see load_files). */
    batchId: varchar('batch_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.metric, t.districtCode, t.department, t.effectiveFrom] })],
);

/**
 * A city's own working-day calendar (etl/contract/calendar.ts): closures and working days the
 * official calendar (oversight/calendar.ts) does not know. A district's row wins over the
 * city's ('' district), and both over the official calendar.
 */
export const calendarDays = pgTable(
  'calendar_days',
  {
    date: date('date', { mode: 'string' }).notNull(),
    /** 'holiday' (no one is due to report) or 'workday'. */
    dayKind: varchar('day_kind').notNull(),
    /** '' = the whole city. */
    districtCode: varchar('district_code').notNull(),
    reason: varchar('reason').notNull(),
    batchId: varchar('batch_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.date, t.districtCode] })],
);

/** One row per `npm run etl`, upload or inbox pick-up: a batch loads whole or not at all. */
export const loadBatches = pgTable('load_batches', {
  batchId: varchar('batch_id').primaryKey(),
  source: varchar('source').notNull(),
  loadedBy: varchar('loaded_by').notNull(),
  dryRun: boolean('dry_run').notNull(),
  startedAt: timestamp('started_at', { mode: 'string' }).notNull(),
  finishedAt: timestamp('finished_at', { mode: 'string' }).notNull(),
  outcome: varchar('outcome').notNull(),
  fileCount: integer('file_count').notNull(),
  errorCount: integer('error_count').notNull(),
  message: text('message'),
});

export const loadFiles = pgTable(
  'load_files',
  {
    batchId: varchar('batch_id').notNull(),
    fileName: varchar('file_name').notNull(),
    sha256: varchar('sha256').notNull(),
    kind: varchar('kind'),
    encoding: varchar('encoding'),
    delimiter: varchar('delimiter'),
    bytes: bigint('bytes', { mode: 'number' }).notNull(),
    rowsRead: integer('rows_read').notNull(),
    rowsInserted: integer('rows_inserted').notNull(),
    rowsUpdated: integer('rows_updated').notNull(),
    rowsUnchanged: integer('rows_unchanged').notNull(),
    errorCount: integer('error_count').notNull(),
    outcome: varchar('outcome').notNull(),
  },
  (t) => [primaryKey({ columns: [t.batchId, t.fileName] })],
);

/** The batches that wrote each district's current rows, per kind (maintained by the loader). */
export const districtSources = pgTable(
  'district_sources',
  {
    kind: varchar('kind').notNull(),
    districtCode: varchar('district_code').notNull(),
    batchId: varchar('batch_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.kind, t.districtCode, t.batchId] })],
);

export const schemaMigrations = pgTable('schema_migrations', {
  version: varchar('version').primaryKey(),
  appliedAt: timestamp('applied_at', { mode: 'string' }).notNull(),
});

/* --- weekly rollups (migration 0002_rollups.sql; docs/decisions/004) --------------------- */

/** The components of every metric per ISO week × district × department (derived, rebuilt). */
export const unitWeek = pgTable('unit_week', {
  weekStart: date('week_start', { mode: 'string' }).notNull(),
  districtCode: varchar('district_code').notNull(),
  department: varchar('department').notNull(),
  daysReported: integer('days_reported').notNull(),
  workingDaysReported: integer('working_days_reported').notNull(),
  lastWindowDate: date('last_window_date', { mode: 'string' }),
  ticketsIssued: doublePrecision('tickets_issued').notNull(),
  ticketCapacity: doublePrecision('ticket_capacity').notNull(),
  visitors: doublePrecision('visitors').notNull(),
  demandServed: doublePrecision('demand_served').notNull(),
  unmetDemand: doublePrecision('unmet_demand').notNull(),
  casesAccepted: doublePrecision('cases_accepted').notNull(),
  casesCompleted: doublePrecision('cases_completed').notNull(),
  casesOutOfQueue: doublePrecision('cases_out_of_queue').notNull(),
  waitMinutesWeighted: doublePrecision('wait_minutes_weighted').notNull(),
  waitVisitors: doublePrecision('wait_visitors').notNull(),
  ratingsGood: doublePrecision('ratings_good').notNull(),
  ratingsBad: doublePrecision('ratings_bad').notNull(),
  onlineAsOf: varchar('online_as_of'),
  itemsTotal: integer('items_total'),
  itemsExempt: integer('items_exempt'),
  itemsOnline: integer('items_online'),
  complaints: integer('complaints').notNull(),
  complaintsClosed: integer('complaints_closed').notNull(),
  complaintsResolved: integer('complaints_resolved').notNull(),
  complaintsResponded: integer('complaints_responded').notNull(),
  /** JSON object: category → count. */
  complaintsByCategory: varchar('complaints_by_category').notNull(),
  powersDue: integer('powers_due').notNull(),
  powersTimely: integer('powers_timely').notNull(),
});

/** The flags of every week as the rules found them (derived, rebuilt). */
export const flagWeek = pgTable('flag_week', {
  weekStart: date('week_start', { mode: 'string' }).notNull(),
  type: varchar('type').notNull(),
  districtCode: varchar('district_code').notNull(),
  department: varchar('department').notNull(),
  severity: varchar('severity').notNull(),
  /** The whole finding as JSON: titles, evidence, first seen, weeks open. */
  flag: varchar('flag').notNull(),
});

/** DuckDB's BLOB, as bytes (db/client.ts hands BLOBs over as Uint8Array). */
const blob = customType<{ data: Uint8Array }>({ dataType: () => 'blob' });

/**
 * The city-wide, every-department league table of each of the latest weeks (derived, rebuilt):
 * packed for the query functions, and the API's JSON document gzip-compressed for the route
 * (oversight/scorecard-store.ts).
 */
export const scorecardWeek = pgTable('scorecard_week', {
  weekStart: date('week_start', { mode: 'string' }).notNull(),
  scorecard: varchar('scorecard').notNull(),
  apiDocumentGzip: blob('api_document_gzip').notNull(),
});

/** Which weeks the rollups cover and which version of the rules built them. */
export const rollupState = pgTable('rollup_state', {
  id: integer('id').primaryKey(),
  version: varchar('version').notNull(),
  firstWeek: date('first_week', { mode: 'string' }),
  lastWeek: date('last_week', { mode: 'string' }),
  builtAt: timestamp('built_at', { mode: 'string' }).notNull(),
  buildMs: doublePrecision('build_ms').notNull(),
});

/* --- access control (migration 0004_auth.sql) ------------------------------------------- */

/** A person who signs in. Roles and what each may do: app/auth/roles.ts. */
export const users = pgTable('users', {
  userId: integer('user_id').primaryKey(),
  /** Lower-case NFKC: one account per name whatever the case typed. */
  username: varchar('username').notNull().unique(),
  role: varchar('role').notNull(),
  /** The districts a district_officer may see; empty for city-wide roles. */
  districtCodes: varchar('district_codes').array().notNull(),
  /** scrypt$ln=…,r=…,p=…$salt$hash (app/auth/password.server.ts). */
  passwordHash: varchar('password_hash').notNull(),
  disabled: boolean('disabled').notNull(),
  createdAt: timestamp('created_at', { mode: 'string' }).notNull(),
  updatedAt: timestamp('updated_at', { mode: 'string' }).notNull(),
  lastLoginAt: timestamp('last_login_at', { mode: 'string' }),
});

/** A browser session, found by the SHA-256 of the random id in its cookie. */
export const sessions = pgTable('sessions', {
  idHash: varchar('id_hash').primaryKey(),
  userId: integer('user_id').notNull(),
  createdAt: timestamp('created_at', { mode: 'string' }).notNull(),
  lastSeenAt: timestamp('last_seen_at', { mode: 'string' }).notNull(),
  /** The absolute end, however active the session is. */
  expiresAt: timestamp('expires_at', { mode: 'string' }).notNull(),
  ip: varchar('ip'),
  userAgent: varchar('user_agent'),
});

/** An API token, found by the SHA-256 of the token; token_id is public and names it. */
export const apiTokens = pgTable('api_tokens', {
  tokenId: varchar('token_id').primaryKey(),
  tokenHash: varchar('token_hash').notNull().unique(),
  userId: integer('user_id').notNull(),
  createdAt: timestamp('created_at', { mode: 'string' }).notNull(),
  createdBy: varchar('created_by').notNull(),
  lastUsedAt: timestamp('last_used_at', { mode: 'string' }),
  revokedAt: timestamp('revoked_at', { mode: 'string' }),
});

/** Who did what, when, from where. Append-only: nothing updates or deletes a row. */
export const auditLog = pgTable('audit_log', {
  auditId: integer('audit_id').primaryKey(),
  occurredAt: timestamp('occurred_at', { mode: 'string' }).notNull(),
  actor: varchar('actor').notNull(),
  actorRole: varchar('actor_role'),
  action: varchar('action').notNull(),
  target: varchar('target'),
  /** JSON text. */
  detail: text('detail'),
  ip: varchar('ip'),
});

/* --- weekly report archive (migration 0003_reports.sql) ----------------------------------- */

/** One row per archived weekly PDF report in REPORT_DIR (generating it again replaces it). */
export const reports = pgTable(
  'reports',
  {
    /** ISO week label, 2020-W34. */
    week: varchar('week').notNull(),
    lang: varchar('lang').notNull(),
    /** '' = the whole city. */
    districtCode: varchar('district_code').notNull(),
    /** '' = every department. */
    department: varchar('department').notNull(),
    /** The file's name inside REPORT_DIR. */
    fileName: varchar('file_name').notNull(),
    sha256: varchar('sha256').notNull(),
    bytes: bigint('bytes', { mode: 'number' }).notNull(),
    pages: integer('pages').notNull(),
    dataCutoff: date('data_cutoff', { mode: 'string' }),
    generatedAt: timestamp('generated_at', { mode: 'string' }).notNull(),
    /** Who generated it: 'schedule' (the server's weekly run). */
    generatedBy: varchar('generated_by').notNull(),
  },
  (t) => [primaryKey({ columns: [t.week, t.lang, t.districtCode, t.department] })],
);

/* --- rectification cases (migration 0009_cases.sql, oversight/cases.ts) ------------------- */

export const cases = pgTable('cases', {
  caseId: integer('case_id').primaryKey(),
  districtCode: varchar('district_code').notNull(),
  department: varchar('department').notNull(),
  /** Monday of the week whose flags the case was opened from. */
  weekStart: date('week_start', { mode: 'string' }).notNull(),
  flagTypes: varchar('flag_types').array().notNull(),
  /** immediate | deadline | long_term. */
  kind: varchar('kind').notNull(),
  /** issued | acknowledged | responded | verifying | closed. */
  state: varchar('state').notNull(),
  note: varchar('note'),
  openedAt: timestamp('opened_at', { mode: 'string' }).notNull(),
  openedBy: varchar('opened_by').notNull(),
  openedAutomatically: boolean('opened_automatically').notNull(),
  openedOn: date('opened_on', { mode: 'string' }).notNull(),
  /** The day the working days allowed run from; again from the day 回头看 reopens it. */
  clockFrom: date('clock_from', { mode: 'string' }).notNull(),
  deadline: date('deadline', { mode: 'string' }).notNull(),
  allowedWorkingDays: integer('allowed_working_days').notNull(),
  respondedOn: date('responded_on', { mode: 'string' }),
  measures: varchar('measures'),
  closedOn: date('closed_on', { mode: 'string' }),
  /** Monday of the latest complete week of data when it was closed (回头看 watches after it). */
  closedWeek: date('closed_week', { mode: 'string' }),
  closedByOverride: boolean('closed_by_override').notNull(),
  reopenCount: integer('reopen_count').notNull(),
  /** Bumped by every transition (optimistic concurrency). */
  revision: integer('revision').notNull(),
});

/** The flags a case was opened from, frozen as they stood (JSON of the finding). */
export const caseFlags = pgTable(
  'case_flags',
  {
    caseId: integer('case_id').notNull(),
    type: varchar('type').notNull(),
    severity: varchar('severity').notNull(),
    flag: varchar('flag').notNull(),
  },
  (t) => [primaryKey({ columns: [t.caseId, t.type] })],
);

/** A case's history, append-only. */
export const caseEvents = pgTable('case_events', {
  eventId: integer('event_id').primaryKey(),
  caseId: integer('case_id').notNull(),
  occurredAt: timestamp('occurred_at', { mode: 'string' }).notNull(),
  actor: varchar('actor').notNull(),
  actorRole: varchar('actor_role'),
  ip: varchar('ip'),
  action: varchar('action').notNull(),
  fromState: varchar('from_state'),
  toState: varchar('to_state').notNull(),
  text: varchar('text'),
  /** JSON text. */
  detail: varchar('detail'),
});

/** Files attached to a response; the bytes live in CASE_FILES_DIR under their SHA-256. */
export const caseFiles = pgTable('case_files', {
  fileId: integer('file_id').primaryKey(),
  caseId: integer('case_id').notNull(),
  eventId: integer('event_id').notNull(),
  fileName: varchar('file_name').notNull(),
  mediaType: varchar('media_type').notNull(),
  bytes: integer('bytes').notNull(),
  sha256: varchar('sha256').notNull(),
  uploadedAt: timestamp('uploaded_at', { mode: 'string' }).notNull(),
  uploadedBy: varchar('uploaded_by').notNull(),
});
