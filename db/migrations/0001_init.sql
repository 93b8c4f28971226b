-- Tables as in db/schema.ts. DuckDB: no serial, no USING btree, no ON DELETE CASCADE.
-- batch_id on every data table: the load batch that last wrote the row (its files and hashes
-- are in load_files), so a flag's evidence can name the files its numbers came from.
CREATE TABLE districts (
  district_code VARCHAR PRIMARY KEY,
  district_name VARCHAR NOT NULL,
  level VARCHAR NOT NULL,
  parent_code VARCHAR,
  population INTEGER,
  batch_id VARCHAR NOT NULL
);

CREATE TABLE window_daily (
  date DATE NOT NULL,
  district_code VARCHAR NOT NULL,
  center_code VARCHAR NOT NULL,
  center_name VARCHAR,
  department VARCHAR NOT NULL,
  windows_open INTEGER NOT NULL,
  staff_on_duty INTEGER,
  ticket_capacity INTEGER NOT NULL,
  tickets_issued INTEGER NOT NULL,
  visitors INTEGER NOT NULL,
  cases_accepted INTEGER NOT NULL,
  cases_completed INTEGER NOT NULL,
  cases_out_of_queue INTEGER NOT NULL,
  avg_wait_minutes DOUBLE,
  ratings_good INTEGER,
  ratings_bad INTEGER,
  batch_id VARCHAR NOT NULL
  -- Natural key (date, center_code, department) is kept unique by the loader, the only
  -- writer; no PRIMARY KEY here because its index tripled bulk-load time (docs/decisions/002).
);

CREATE TABLE online_availability (
  as_of DATE NOT NULL,
  district_code VARCHAR NOT NULL,
  department VARCHAR NOT NULL,
  items_total INTEGER NOT NULL,
  items_exempt INTEGER NOT NULL,
  items_online INTEGER NOT NULL,
  items_queryable INTEGER,
  batch_id VARCHAR NOT NULL,
  PRIMARY KEY (as_of, district_code, department)
);

CREATE TABLE complaints (
  ticket_id VARCHAR PRIMARY KEY,
  received_at TIMESTAMP NOT NULL,
  district_code VARCHAR NOT NULL,
  department VARCHAR,
  channel VARCHAR NOT NULL,
  category VARCHAR NOT NULL,
  status VARCHAR NOT NULL,
  closed_at TIMESTAMP,
  satisfied BOOLEAN,
  batch_id VARCHAR NOT NULL
);

CREATE TABLE delegations (
  batch VARCHAR NOT NULL,
  notice_date DATE NOT NULL,
  power_code VARCHAR NOT NULL,
  power_name VARCHAR NOT NULL,
  department VARCHAR NOT NULL,
  from_unit VARCHAR NOT NULL,
  district_code VARCHAR NOT NULL,
  effective_date DATE NOT NULL,
  batch_id VARCHAR NOT NULL,
  PRIMARY KEY (power_code, district_code)
);

CREATE TABLE supervision (
  date DATE NOT NULL,
  district_code VARCHAR NOT NULL,
  department VARCHAR NOT NULL,
  power_code VARCHAR NOT NULL,
  action_type VARCHAR NOT NULL,
  performed_by VARCHAR NOT NULL,
  notes VARCHAR,
  batch_id VARCHAR NOT NULL,
  PRIMARY KEY (date, district_code, department, power_code, action_type, performed_by)
);

CREATE TABLE targets (
  metric VARCHAR NOT NULL,
  target DOUBLE NOT NULL,
  district_code VARCHAR NOT NULL,
  department VARCHAR NOT NULL,
  effective_from DATE NOT NULL,
  batch_id VARCHAR NOT NULL,
  PRIMARY KEY (metric, district_code, department, effective_from)
);

CREATE TABLE load_batches (
  batch_id VARCHAR PRIMARY KEY,
  source VARCHAR NOT NULL,
  loaded_by VARCHAR NOT NULL,
  dry_run BOOLEAN NOT NULL,
  started_at TIMESTAMP NOT NULL,
  finished_at TIMESTAMP NOT NULL,
  outcome VARCHAR NOT NULL,
  file_count INTEGER NOT NULL,
  error_count INTEGER NOT NULL,
  message VARCHAR
);

CREATE TABLE load_files (
  batch_id VARCHAR NOT NULL,
  file_name VARCHAR NOT NULL,
  sha256 VARCHAR NOT NULL,
  kind VARCHAR,
  encoding VARCHAR,
  delimiter VARCHAR,
  bytes BIGINT NOT NULL,
  rows_read INTEGER NOT NULL,
  rows_inserted INTEGER NOT NULL,
  rows_updated INTEGER NOT NULL,
  rows_unchanged INTEGER NOT NULL,
  error_count INTEGER NOT NULL,
  outcome VARCHAR NOT NULL,
  PRIMARY KEY (batch_id, file_name)
);

-- Which load batches wrote the rows each district has now, per kind: kept by the loader for
-- the districts a batch touches, so a flag's sources are a look-up, not a scan of the facts.
CREATE TABLE district_sources (
  kind VARCHAR NOT NULL,
  district_code VARCHAR NOT NULL,
  batch_id VARCHAR NOT NULL,
  PRIMARY KEY (kind, district_code, batch_id)
);
