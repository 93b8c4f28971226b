-- The city-wide league table of each of the latest 26 weeks, as loadScorecard builds it, kept
-- by the loader with the other weekly rollups (docs/decisions/004). Only the whole city and
-- every department together, and only recent weeks (one is megabytes of JSON at national
-- scale): other views and older weeks are built when asked, from unit_week and flag_week.
CREATE TABLE scorecard_week (
  week_start DATE NOT NULL,
  scorecard VARCHAR NOT NULL
);
