import { sql } from 'drizzle-orm';
import type { Executor } from '../client';
import { inScope, type Scope } from '../scope';

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
