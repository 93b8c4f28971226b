-- The stored league tables change form (docs/decisions/004, app/oversight/scorecard-store.ts):
-- `scorecard` is now packed, and the API document is kept gzip-compressed beside it so the
-- route sends stored bytes. Rows of the old form are dropped; ROLLUP_VERSION 3 rebuilds them.
DROP TABLE scorecard_week;
CREATE TABLE scorecard_week (
  week_start DATE NOT NULL,
  scorecard VARCHAR NOT NULL,
  api_document_gzip BLOB NOT NULL
);
