-- The city-wide league table of every week, as loadScorecard builds it, kept by the loader
-- with the other weekly rollups (docs/decisions/004). Only the whole city and every
-- department together: narrower views (a district officer's scope, one department) are
-- computed when asked, from unit_week and flag_week.
CREATE TABLE scorecard_week (
  week_start DATE NOT NULL,
  scorecard VARCHAR NOT NULL
);
