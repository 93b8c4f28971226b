import { asc } from 'drizzle-orm';
import type { Executor } from '../client';
import { targets } from '../schema';
import type { TargetRow } from '../../oversight/inputs';

/** Every targets row; the table is small and precedence is resolved in oversight. */
export async function listTargets(db: Executor): Promise<TargetRow[]> {
  return db.orm
    .select({
      metric: targets.metric,
      target: targets.target,
      districtCode: targets.districtCode,
      department: targets.department,
      effectiveFrom: targets.effectiveFrom,
    })
    .from(targets)
    .orderBy(
      asc(targets.metric),
      asc(targets.districtCode),
      asc(targets.department),
      asc(targets.effectiveFrom),
    );
}
