import { sql } from 'drizzle-orm';
import type { Executor } from '../client';

export interface TargetRow {
  metric: string;
  target: number;
  districtCode: string;
  department: string;
  effectiveFrom: string;
}

/** Every targets row; the table is small and precedence is resolved in app/oversight. */
export async function listTargets(db: Executor): Promise<TargetRow[]> {
  return db.all<TargetRow>(sql`
    SELECT metric, target, district_code AS "districtCode", department,
           strftime(effective_from, '%Y-%m-%d') AS "effectiveFrom"
    FROM targets ORDER BY ALL`);
}
