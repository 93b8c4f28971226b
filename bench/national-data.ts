/**
 * National-scale data for bench/queries.ts, generated straight into a DuckDB file with SQL.
 *
 * 3,000 districts (plus the city row) × 2 departments × the working days (Mon–Fri) of
 * 2018-01-01 .. 2020-12-31: one service centre per district × department, ≈ 4.7M window_daily
 * rows; weekly online snapshots (Mondays); ≈ 2 complaints per district × department × week;
 * two delegation batches with follow-up supervision; the demo's targets; and one fake load
 * batch that every row's batch_id points at, so source-file lookups find files.
 *
 * Deterministic: every "random" number is a hash of the row's key (DuckDB's hash()), never
 * random(). Rows are inserted in date order, as nightly loads would append them, so DuckDB's
 * zone maps behave as they would in production.
 *
 * The file is built under a temporary name and renamed when complete, so an interrupted run
 * never leaves a half-filled file that a later run would reuse.
 */
import { existsSync, renameSync, rmSync } from 'node:fs';
import { openDatabase, type Transaction } from '../db/client';
import { applyMigrations } from '../db/migrate';
import { CONTRACTS } from '../etl/contract';
import { ensureRollups, refreshRollups } from '../etl/rollups';

export const DISTRICTS = 3000;
export const CITY_CODE = '330100';
export const BATCH_ID = '00000000-0000-4000-8000-00000be0c4e5';
/** Written into load_batches.message: a file from another version of this generator is rebuilt. */
const GENERATOR = 'bench/national-data v5';
const FIRST_DAY = '2018-01-01';
/** 2018-01-01 .. 2020-12-31 inclusive. */
const DAYS = 1096;
/** Mondays from FIRST_DAY on within DAYS: the weeks of snapshots and complaints. */
const WEEKS = Math.floor((DAYS - 1) / 7) + 1;

/** The loadable tables (from the data contract) and the load audit. */
export const TABLES = [...CONTRACTS.map((c) => c.table), 'load_batches', 'load_files'] as const;

export interface NationalData {
  path: string;
  reused: boolean;
  /** Generation time; 0 when reused. */
  ms: number;
  /** Of which building the weekly rollups (as the loader would after a full load). */
  rollupMs: number;
  rollupWeeks: number;
  counts: Record<(typeof TABLES)[number], number>;
}

/** Mon–Fri in the range: the window_daily rows are this × districts × 2 departments. */
export function workingDays(): number {
  let n = 0;
  const start = Date.parse(`${FIRST_DAY}T00:00:00Z`);
  for (let i = 0; i < DAYS; i++) {
    const dow = new Date(start + i * 86_400_000).getUTCDay();
    if (dow >= 1 && dow <= 5) n++;
  }
  return n;
}

export const expectedWindowRows = (districts = DISTRICTS) => workingDays() * districts * 2;

async function countRows(path: string): Promise<NationalData['counts'] | null> {
  const db = await openDatabase(path, { poolSize: 1 });
  try {
    const [marker] = await db.all<{ message: string | null }>({
      sql: 'SELECT message FROM load_batches WHERE batch_id = $1',
      params: [BATCH_ID],
    });
    if (marker?.message !== GENERATOR) return null;
    const counts = {} as NationalData['counts'];
    for (const table of TABLES) {
      const [row] = await db.all<{ n: number }>({
        sql: `SELECT count(*)::INTEGER AS n FROM ${table}`,
      });
      counts[table] = row?.n ?? 0;
    }
    return counts;
  } catch {
    return null; // not a file of ours (tables missing): rebuild it
  } finally {
    db.close();
  }
}

/**
 * Reuses `path` when it holds this generator's data with the right row count, else rebuilds.
 * `districts` is for trying the benchmark out on a small file.
 */
export async function ensureNationalData(
  path: string,
  districts = DISTRICTS,
): Promise<NationalData> {
  if (existsSync(path)) {
    const counts = await countRows(path);
    if (counts && counts.window_daily === expectedWindowRows(districts)) {
      // Rollups built by other rule code are rebuilt here, as the server does on start:
      // otherwise every query function would silently read the raw tables.
      const db = await openDatabase(path, { poolSize: 1 });
      try {
        const rebuilt = await db.withTransaction((tx) => ensureRollups(tx));
        if (rebuilt) await db.run({ sql: 'CHECKPOINT' });
        return {
          path,
          reused: true,
          ms: 0,
          rollupMs: rebuilt?.ms ?? 0,
          rollupWeeks: rebuilt?.weeks ?? 0,
          counts,
        };
      } finally {
        db.close();
      }
    }
  }
  const tmp = `${path}.building`;
  for (const p of [tmp, `${tmp}.wal`]) rmSync(p, { force: true });
  const started = performance.now();
  let rollups = { weeks: 0, ms: 0 };
  const db = await openDatabase(tmp, { poolSize: 1 });
  try {
    await applyMigrations(db);
    await db.withTransaction((tx) => generate(tx, districts));
    rollups = await db.withTransaction((tx) => refreshRollups(tx, 'all'));
    await db.run({ sql: 'CHECKPOINT' });
  } finally {
    db.close();
  }
  const ms = performance.now() - started;
  for (const p of [path, `${path}.wal`]) rmSync(p, { force: true });
  renameSync(tmp, path);
  if (existsSync(`${tmp}.wal`)) renameSync(`${tmp}.wal`, `${path}.wal`);
  const counts = await countRows(path);
  if (!counts) throw new Error(`generated ${path} but cannot read it back`);
  return { path, reused: false, ms, rollupMs: rollups.ms, rollupWeeks: rollups.weeks, counts };
}

async function generate(tx: Transaction, districts: number): Promise<void> {
  const run = (sql: string) => tx.run({ sql });
  // A uniform number in [0, 1) from a hash.
  await run('CREATE TEMP MACRO u01(h) AS (h % 1000003)::DOUBLE / 1000003');
  await run(`CREATE TEMP TABLE depts AS
    SELECT * FROM (VALUES ('医保', 'YB', '市医疗保障局'), ('社保', 'SB', '市人力资源和社会保障局'))
    v(dept, tag, bureau)`);

  await run(`INSERT INTO districts
    SELECT '${CITY_CODE}', '全市', 'city', NULL, 0, '${BATCH_ID}'
    UNION ALL
    SELECT (${Number(CITY_CODE)} + i)::VARCHAR, '区县' || i::VARCHAR, 'district', '${CITY_CODE}',
           (150000 + hash(i, 'pop') % 850000)::INTEGER, '${BATCH_ID}'
    FROM range(1, ${districts + 1}) t(i)`);
  await run(`UPDATE districts SET population = (SELECT sum(population) FROM districts
             WHERE level = 'district') WHERE level = 'city'`);

  // One centre per district × department. ~3% of districts throttle tickets: in about a quarter
  // of their weeks, on most days, fewer than 80% of the tickets are issued while more people come.
  // ~2% of districts occasionally handle cases out of the queue.
  await run(`CREATE TEMP TABLE units AS
    SELECT d.district_code, d.district_name, p.dept, p.tag, p.bureau,
           u01(hash(d.district_code, 'throttler')) < 0.03 AS throttler,
           u01(hash(d.district_code, 'ooq')) < 0.02 AS ooq_prone,
           u01(hash(d.district_code, 'stall')) < 0.02 AS stalls,
           0.85 + 0.3 * u01(hash(d.district_code, p.dept, 'pace')) AS pace
    FROM districts d CROSS JOIN depts p WHERE d.level = 'district'`);

  await run(`INSERT INTO window_daily
    WITH days AS (
      SELECT (DATE '${FIRST_DAY}' + i::INTEGER) AS date FROM range(0, ${DAYS}) t(i)
      WHERE isodow(DATE '${FIRST_DAY}' + i::INTEGER) <= 5),
    g AS (
      SELECT d.date, u.district_code, u.district_name, u.dept, u.tag, u.ooq_prone,
             (80 + hash(u.district_code, u.dept, d.date, 'cap') % 121)::INTEGER AS cap,
             u01(hash(u.district_code, u.dept, d.date, 'iss')) AS r_iss,
             u01(hash(u.district_code, u.dept, d.date, 'vis')) AS r_vis,
             u01(hash(u.district_code, u.dept, d.date, 'day')) AS r_day,
             hash(u.district_code, u.dept, d.date, 'small') AS h_small,
             u.throttler
               AND u01(hash(u.district_code, u.dept, date_trunc('week', d.date), 'thr')) < 0.25
               AND u01(hash(u.district_code, u.dept, d.date, 'thd')) < 0.8 AS throttled
      FROM units u CROSS JOIN days d),
    v AS (
      SELECT *,
             CASE WHEN throttled THEN floor(cap * (0.5 + 0.25 * r_iss))
                  ELSE floor(cap * (0.9 + 0.1 * r_iss)) END::INTEGER AS issued,
             CASE WHEN ooq_prone AND r_day < 0.1 THEN 1 + h_small % 3 ELSE 0 END::INTEGER AS ooq
      FROM g),
    w AS (
      SELECT *,
             CASE WHEN throttled THEN floor(cap * (0.95 + 0.2 * r_vis))
                  ELSE floor(issued * (0.9 + 0.15 * r_vis)) END::INTEGER AS visitors
      FROM v),
    x AS (
      SELECT *, least(issued, visitors) + ooq AS accepted,
             floor((least(issued, visitors) + ooq) * (0.95 + 0.05 * r_day))::INTEGER AS completed
      FROM w)
    SELECT date, district_code, district_code || '-' || tag, district_name || dept || '服务大厅',
           dept, ceil(cap / 25)::INTEGER, (ceil(cap / 25) + h_small % 3)::INTEGER,
           cap, issued, visitors, accepted, completed, ooq, round(8 + 30 * r_vis, 1),
           floor(completed * 0.6)::INTEGER, (h_small % 4)::INTEGER, '${BATCH_ID}'
    FROM x ORDER BY date, district_code, dept`);

  // Weekly snapshots (Mondays): the share online climbs from ~55% to 100% at each district's
  // own pace; ~2% of districts stall from 2019-12 on.
  await run(`INSERT INTO online_availability
    WITH weeks AS (
      SELECT i::INTEGER AS w, (DATE '${FIRST_DAY}' + 7 * i::INTEGER) AS as_of
      FROM range(0, ${WEEKS}) t(i)),
    s AS (
      SELECT k.as_of, u.district_code, u.dept,
             ((CASE u.dept WHEN '医保' THEN 60 ELSE 80 END)
               + hash(u.district_code, u.dept, 'items') % 40)::INTEGER AS total,
             (2 + hash(u.district_code, u.dept, 'exempt') % 5)::INTEGER AS exempt,
             least(1.0, 0.55 + 0.45 * u.pace * (CASE WHEN u.stalls THEN least(k.w, 100) ELSE k.w END)
                   / 130) AS rate
      FROM units u CROSS JOIN weeks k)
    SELECT as_of, district_code, dept, total, exempt,
           floor((total - exempt) * rate)::INTEGER, total - exempt, '${BATCH_ID}'
    FROM s ORDER BY as_of, district_code, dept`);

  // 1–3 complaints per district × department × week (mean 2); in ~0.2% of unit-weeks a surge of
  // 8–12. ~2% name no department.
  await run(`INSERT INTO complaints
    WITH weeks AS (
      SELECT (DATE '${FIRST_DAY}' + 7 * i::INTEGER) AS week FROM range(0, ${WEEKS}) t(i)),
    n AS (
      SELECT k.week, u.district_code, u.dept, u.tag,
             CASE WHEN u01(hash(u.district_code, u.dept, k.week, 'surge')) < 0.002
                  THEN 8 + hash(u.district_code, u.dept, k.week, 'n') % 5
                  ELSE 1 + hash(u.district_code, u.dept, k.week, 'n') % 3 END AS n
      FROM units u CROSS JOIN weeks k),
    t AS (
      SELECT n.*, j.j, hash(n.district_code, n.dept, n.week, j.j) AS h,
             n.week + (hash(n.district_code, n.dept, n.week, j.j, 'day') % 5)::INTEGER
               + to_seconds((8 * 3600 + hash(n.district_code, n.dept, n.week, j.j, 's') % 36000)
                            ::BIGINT) AS received_at,
             u01(hash(n.district_code, n.dept, n.week, j.j, 'st')) AS r_status,
             u01(hash(n.district_code, n.dept, n.week, j.j, 'ch')) AS r_channel,
             u01(hash(n.district_code, n.dept, n.week, j.j, 'cat')) AS r_cat
      FROM n JOIN range(0, 13) j(j) ON j.j < n.n),
    c AS (
      SELECT *, CASE WHEN r_status < 0.06 THEN 'open' WHEN r_status < 0.3 THEN 'responded'
                     ELSE 'resolved' END AS status
      FROM t WHERE received_at < TIMESTAMP '2021-01-01')
    SELECT 'GD' || strftime(week, '%Y%m%d') || district_code || tag || lpad(j::VARCHAR, 2, '0'),
           received_at, district_code,
           CASE WHEN h % 50 = 0 THEN NULL ELSE dept END,
           CASE WHEN r_channel < 0.6 THEN 'hotline' WHEN r_channel < 0.85 THEN 'web'
                WHEN r_channel < 0.95 THEN 'letter' ELSE 'other' END,
           CASE WHEN r_cat < 0.2 THEN 'appointment' WHEN r_cat < 0.45 THEN 'queue'
                WHEN r_cat < 0.6 THEN 'phone' WHEN r_cat < 0.65 THEN 'intermediary'
                WHEN r_cat < 0.8 THEN 'attitude' WHEN r_cat < 0.92 THEN 'online'
                ELSE 'other' END,
           status,
           CASE WHEN status = 'open' THEN NULL
                ELSE received_at + to_seconds((3600 + h % (10 * 86400))::BIGINT) END,
           CASE WHEN status = 'open' THEN NULL WHEN status = 'resolved' THEN h % 10 < 8
                ELSE h % 10 < 3 END,
           '${BATCH_ID}'
    FROM c ORDER BY received_at, district_code, dept, j`);

  // Two delegation batches: 40 医保 powers from 2019-06-03, 12 社保 powers from 2020-03-02.
  await run(`INSERT INTO delegations
    WITH b AS (
      SELECT * FROM (VALUES
        ('2019年第一批', DATE '2019-05-20', DATE '2019-06-03', '医保', 40),
        ('2020年第一批', DATE '2020-02-17', DATE '2020-03-02', '社保', 12))
      v(batch, notice_date, effective_date, dept, n))
    SELECT b.batch, b.notice_date, p.tag || '-' || lpad(k.k::VARCHAR, 3, '0'),
           b.dept || '下放事权' || k.k::VARCHAR, b.dept, p.bureau, d.district_code,
           b.effective_date, '${BATCH_ID}'
    FROM b JOIN depts p ON p.dept = b.dept
    CROSS JOIN range(1, 41) k(k)
    CROSS JOIN districts d
    WHERE k.k <= b.n AND d.level = 'district'
    ORDER BY b.effective_date, d.district_code, k.k`);

  // Follow-up per district × department (covering all its powers: power_code ''): ~90% train
  // 7–20 days after the effective date and inspect 21–28 days after it (timely); ~7% train
  // 35–64 days after it (late); ~3% never follow up. Then guidance every 7 weeks.
  await run(`INSERT INTO supervision
    WITH e AS (
      SELECT u.district_code, u.dept, u.bureau, min(d.effective_date) AS eff,
             u01(hash(u.district_code, u.dept, 'follow')) AS r
      FROM units u JOIN delegations d ON d.district_code = u.district_code AND d.department = u.dept
      GROUP BY ALL),
    a AS (
      SELECT district_code, dept, bureau, eff + (7 + hash(district_code, dept, 't') % 14)::INTEGER
             AS date, 'training' AS action_type
      FROM e WHERE r >= 0.1
      UNION ALL
      SELECT district_code, dept, bureau, eff + (21 + hash(district_code, dept, 'i') % 8)::INTEGER,
             'inspection'
      FROM e WHERE r >= 0.1
      UNION ALL
      SELECT district_code, dept, bureau, eff + (35 + hash(district_code, dept, 'l') % 30)::INTEGER,
             'training'
      FROM e WHERE r >= 0.03 AND r < 0.1
      UNION ALL
      SELECT district_code, dept, bureau, eff + 49 * k.k::INTEGER, 'guidance'
      FROM e CROSS JOIN range(1, 20) k(k) WHERE r >= 0.03)
    SELECT date, district_code, dept, '', action_type, bureau, NULL, '${BATCH_ID}'
    FROM a WHERE date <= DATE '2020-12-31'
    ORDER BY date, district_code, dept`);

  // The demo's targets, the district row moved to a district of this data set.
  await run(`INSERT INTO targets
    SELECT metric, target, district_code, department, effective_from::DATE, '${BATCH_ID}'
    FROM (VALUES
      ('online_rate', 0.967, '', '', '1900-01-01'),
      ('ticket_utilization', 0.9, '', '', '1900-01-01'),
      ('demand_coverage', 0.95, '', '', '1900-01-01'),
      ('completion_rate', 0.95, '', '', '1900-01-01'),
      ('complaint_resolution_rate', 0.9, '', '', '1900-01-01'),
      ('supervision_coverage', 1, '', '', '1900-01-01'),
      ('out_of_queue_rate', 0, '', '', '1900-01-01'),
      ('satisfaction_rate', 0.95, '', '', '1900-01-01'),
      ('online_rate', 0.95, '', '社保', '1900-01-01'),
      ('ticket_utilization', 0.85, '${Number(CITY_CODE) + 8}', '', '2020-07-01'))
    v(metric, target, district_code, department, effective_from)`);

  await run(`INSERT INTO load_batches VALUES ('${BATCH_ID}', 'test', 'bench', false,
    TIMESTAMP '2021-01-04 02:00:00', TIMESTAMP '2021-01-04 02:10:00', 'committed',
    ${TABLES.length - 2}, 0, '${GENERATOR}')`);
  const kinds = TABLES.filter((t) => t !== 'load_batches' && t !== 'load_files');
  for (const kind of kinds) {
    await run(`INSERT INTO load_files
      SELECT '${BATCH_ID}', 'national_${kind}.csv', sha256('${BATCH_ID}/${kind}'), '${kind}',
             'utf-8', ',', (n * 80)::BIGINT, n, n, 0, 0, 0, 'committed'
      FROM (SELECT count(*)::INTEGER AS n FROM ${kind})`);
    // As the loader keeps it: which batches wrote each district's rows of this kind.
    if (kind !== 'districts' && kind !== 'targets') {
      await run(`INSERT INTO district_sources
        SELECT DISTINCT '${kind}', district_code, batch_id FROM ${kind}`);
    }
  }
}
