/** The city's own calendar rows (the calendar file kind), for the rules and the charts. */
import { sql } from 'drizzle-orm';
import type { Executor } from '../client';
import { inScope, type Scope } from '../scope';
import type { LoadedCalendarDay } from '../../oversight/inputs';

/** Rows between two dates for the districts in scope, and the whole city's (''). */
export function getCalendarDays(
  db: Executor,
  q: { scope: Scope; from: string; to: string },
): Promise<LoadedCalendarDay[]> {
  return db.all<LoadedCalendarDay>(sql`
    SELECT strftime(date, '%Y-%m-%d') AS date, district_code AS "districtCode",
           day_kind AS "dayKind", reason
    FROM calendar_days
    WHERE date BETWEEN ${q.from}::DATE AND ${q.to}::DATE
      AND (district_code = '' OR ${inScope(q.scope, sql.raw('district_code'))})
    ORDER BY ALL`);
}
