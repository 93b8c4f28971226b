-- Rectification cases (督办整改, oversight/cases.ts): one per unit (district × department) and
-- the flags it was opened from. The case row holds the current state; case_events is the
-- case's history, append-only like audit_log (db/queries/cases.ts inserts and reads only).

CREATE SEQUENCE cases_id_seq START 1;

CREATE TABLE cases (
  case_id INTEGER PRIMARY KEY DEFAULT nextval('cases_id_seq'),
  district_code VARCHAR NOT NULL,
  department VARCHAR NOT NULL,
  -- The week whose flags the case was opened from (its Monday).
  week_start DATE NOT NULL,
  flag_types VARCHAR[] NOT NULL,
  kind VARCHAR NOT NULL CHECK (kind IN ('immediate', 'deadline', 'long_term')),
  state VARCHAR NOT NULL
    CHECK (state IN ('issued', 'acknowledged', 'responded', 'verifying', 'closed')),
  note VARCHAR,
  opened_at TIMESTAMP NOT NULL,
  opened_by VARCHAR NOT NULL,
  -- Opened by the system for a flag open too long (CaseConfig.autoOpenWeeks).
  opened_automatically BOOLEAN NOT NULL,
  opened_on DATE NOT NULL,
  -- The clock: from which day the working days allowed run, and the deadline they give.
  -- Both start again when 回头看 reopens the case.
  clock_from DATE NOT NULL,
  deadline DATE NOT NULL,
  allowed_working_days INTEGER NOT NULL,
  -- The latest response: the measures the unit reports and the day it says it finished.
  responded_on DATE,
  measures VARCHAR,
  closed_on DATE,
  -- The latest complete week of data when it was closed (its Monday): 回头看 watches the weeks
  -- of data after it, whatever the calendar date of the loads.
  closed_week DATE,
  closed_by_override BOOLEAN NOT NULL DEFAULT false,
  reopen_count INTEGER NOT NULL DEFAULT 0,
  -- Bumped by every transition: two people acting on the same case at once cannot both win.
  revision INTEGER NOT NULL DEFAULT 0
);

-- The flags as they stood when the case was opened: a frozen copy of the rule's finding and
-- evidence, so the case still shows what it was opened on after the data or the rules change.
CREATE TABLE case_flags (
  case_id INTEGER NOT NULL,
  type VARCHAR NOT NULL,
  severity VARCHAR NOT NULL,
  flag VARCHAR NOT NULL,
  PRIMARY KEY (case_id, type)
);

CREATE SEQUENCE case_events_id_seq START 1;

CREATE TABLE case_events (
  event_id INTEGER PRIMARY KEY DEFAULT nextval('case_events_id_seq'),
  case_id INTEGER NOT NULL,
  occurred_at TIMESTAMP NOT NULL,
  actor VARCHAR NOT NULL,
  actor_role VARCHAR,
  ip VARCHAR,
  action VARCHAR NOT NULL,
  from_state VARCHAR,
  to_state VARCHAR NOT NULL,
  -- The reason, the measures or the note, as written.
  text VARCHAR,
  -- Anything else (verification weeks, the returning flag), JSON.
  detail VARCHAR
);

-- Files a district attaches to a response, stored outside the database (CASE_FILES_DIR) under
-- their SHA-256; the row is what the case shows and what proves the file unchanged.
CREATE SEQUENCE case_files_id_seq START 1;

CREATE TABLE case_files (
  file_id INTEGER PRIMARY KEY DEFAULT nextval('case_files_id_seq'),
  case_id INTEGER NOT NULL,
  event_id INTEGER NOT NULL,
  file_name VARCHAR NOT NULL,
  media_type VARCHAR NOT NULL,
  bytes INTEGER NOT NULL,
  sha256 VARCHAR NOT NULL,
  uploaded_at TIMESTAMP NOT NULL,
  uploaded_by VARCHAR NOT NULL
);
