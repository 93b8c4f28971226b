-- Weekly rollups kept by the loader (docs/decisions/004): the components of every metric per
-- ISO week × district × department, and the flags of every week as the rules found them.
-- Derived data only: rebuilt from the tables above whenever a load changes them, so a week's
-- scorecard reads two weeks of rows instead of aggregating six periods of raw rows.
CREATE TABLE unit_week (
  week_start DATE NOT NULL,
  district_code VARCHAR NOT NULL,
  department VARCHAR NOT NULL,
  days_reported INTEGER NOT NULL,
  working_days_reported INTEGER NOT NULL,
  last_window_date DATE,
  tickets_issued DOUBLE NOT NULL,
  ticket_capacity DOUBLE NOT NULL,
  visitors DOUBLE NOT NULL,
  demand_served DOUBLE NOT NULL,
  unmet_demand DOUBLE NOT NULL,
  cases_accepted DOUBLE NOT NULL,
  cases_completed DOUBLE NOT NULL,
  cases_out_of_queue DOUBLE NOT NULL,
  wait_minutes_weighted DOUBLE NOT NULL,
  wait_visitors DOUBLE NOT NULL,
  ratings_good DOUBLE NOT NULL,
  ratings_bad DOUBLE NOT NULL,
  online_as_of VARCHAR,
  items_total INTEGER,
  items_exempt INTEGER,
  items_online INTEGER,
  complaints INTEGER NOT NULL,
  complaints_closed INTEGER NOT NULL,
  complaints_resolved INTEGER NOT NULL,
  complaints_responded INTEGER NOT NULL,
  complaints_by_category VARCHAR NOT NULL,
  powers_due INTEGER NOT NULL,
  powers_timely INTEGER NOT NULL
);

CREATE TABLE flag_week (
  week_start DATE NOT NULL,
  type VARCHAR NOT NULL,
  district_code VARCHAR NOT NULL,
  department VARCHAR NOT NULL,
  severity VARCHAR NOT NULL,
  -- The whole finding as the rules returned it (titles, evidence, first seen, weeks open).
  flag VARCHAR NOT NULL
);

-- Which weeks the rollups cover and which build of the rules made them: a query for a week
-- outside the range, or after the rules changed, is answered from the raw tables.
CREATE TABLE rollup_state (
  id INTEGER PRIMARY KEY,
  version VARCHAR NOT NULL,
  first_week DATE,
  last_week DATE,
  built_at TIMESTAMP NOT NULL,
  build_ms DOUBLE NOT NULL
);
