-- The weekly PDF report archive (app/lib/report-schedule.server.ts): one row per generated
-- report kept in REPORT_DIR. A report is identified by its week, language, district ('' = the
-- whole city) and department ('' = all); generating it again replaces the row and the file.
CREATE TABLE reports (
  week VARCHAR NOT NULL,
  lang VARCHAR NOT NULL,
  district_code VARCHAR NOT NULL,
  department VARCHAR NOT NULL,
  -- The file's name inside REPORT_DIR (never a path: the folder may move).
  file_name VARCHAR NOT NULL,
  sha256 VARCHAR NOT NULL,
  bytes BIGINT NOT NULL,
  pages INTEGER NOT NULL,
  -- The last day of data the report covers (its cover's cut-off), if any.
  data_cutoff DATE,
  generated_at TIMESTAMP NOT NULL,
  -- Who generated it: 'schedule' (the server's weekly run).
  generated_by VARCHAR NOT NULL,
  PRIMARY KEY (week, lang, district_code, department)
);
