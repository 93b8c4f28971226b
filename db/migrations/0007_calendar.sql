-- A city's own working-day calendar (etl/contract/calendar.ts): closures and working days the
-- official calendar in oversight/calendar.ts does not know. '' district = the whole city.
CREATE TABLE calendar_days (
  date DATE NOT NULL,
  day_kind VARCHAR NOT NULL,
  district_code VARCHAR NOT NULL,
  reason VARCHAR NOT NULL,
  batch_id VARCHAR NOT NULL,
  PRIMARY KEY (date, district_code)
);
