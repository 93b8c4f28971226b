import { asc, sql } from 'drizzle-orm';
import type { Executor } from '../client';
import { districts } from '../schema';
import { inScope, type Scope } from '../scope';
import type { District } from '../../oversight/inputs';

export interface LoadedDistrict {
  districtCode: string;
  districtName: string;
  level: string;
  population: number | null;
  windowDays: number;
  lastWindowDate: string | null;
  lastOnlineSnapshot: string | null;
  complaints: number;
}

/** The districts in the registry with how much data each has: the first page's question. */
export async function listLoadedDistricts(db: Executor, scope: Scope): Promise<LoadedDistrict[]> {
  return db.all<LoadedDistrict>(sql`
    SELECT d.district_code AS "districtCode", d.district_name AS "districtName", d.level,
           d.population,
           coalesce(w.days, 0)::INTEGER AS "windowDays",
           strftime(w.last_date, '%Y-%m-%d') AS "lastWindowDate",
           strftime(o.last_snapshot, '%Y-%m-%d') AS "lastOnlineSnapshot",
           coalesce(c.n, 0)::INTEGER AS complaints
    FROM districts d
    LEFT JOIN (SELECT district_code, count(DISTINCT date) AS days, max(date) AS last_date
               FROM window_daily GROUP BY ALL) w USING (district_code)
    LEFT JOIN (SELECT district_code, max(as_of) AS last_snapshot
               FROM online_availability GROUP BY ALL) o USING (district_code)
    LEFT JOIN (SELECT district_code, count(*) AS n FROM complaints GROUP BY ALL) c
           USING (district_code)
    WHERE ${inScope(scope, sql`d.district_code`)}
    ORDER BY d.district_code`);
}

/** The district registry within the viewer's scope. */
export async function listDistricts(db: Executor, scope: Scope): Promise<District[]> {
  return db.orm
    .select({
      districtCode: districts.districtCode,
      districtName: districts.districtName,
      level: districts.level,
      parentCode: districts.parentCode,
      population: districts.population,
    })
    .from(districts)
    .where(inScope(scope, sql`${districts.districtCode}`))
    .orderBy(asc(districts.districtCode));
}

/** The last day with window data in scope: the default week is the last complete one before it. */
export async function getLastDataDate(db: Executor, scope: Scope): Promise<string | null> {
  const [row] = await db.all<{ last: string | null }>(sql`
    SELECT strftime(max(date), '%Y-%m-%d') AS last FROM window_daily
    WHERE ${inScope(scope, sql`district_code`)}`);
  return row?.last ?? null;
}

/** Departments that appear in any data within scope, for filters. */
export async function listDepartments(db: Executor, scope: Scope): Promise<string[]> {
  const rows = await db.all<{ department: string }>(sql`
    SELECT DISTINCT department FROM (
      SELECT department, district_code FROM window_daily
      UNION ALL SELECT department, district_code FROM online_availability
      UNION ALL SELECT department, district_code FROM delegations)
    WHERE ${inScope(scope, sql`district_code`)} ORDER BY department`);
  return rows.map((r) => r.department);
}
