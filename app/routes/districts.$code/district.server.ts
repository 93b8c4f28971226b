/**
 * Everything the district page shows about one district against its targets: its scorecard row
 * (rank, statuses), its flags with evidence, and the series behind the charts — the last 8
 * weeks day by day, and 26 weeks for the slower pictures (online rollout, delegations, the
 * utilization calendar).
 */
import type { Executor } from '../../../db/client';
import { listDepartments } from '../../../db/queries/districts';
import {
  getDailyTickets,
  getDelegationTimeline,
  getOnlineSeries,
  getWeeklyComplaints,
} from '../../../db/queries/district-series';
import type { Scope } from '../../../db/scope';
import { DEFAULT_FLAG_CONFIG } from '../../../oversight/flags/config';
import { onlineForecast } from '../../../oversight/forecast';
import { markedDays } from '../../../oversight/calendar';
import { addDays } from '../../../oversight/period';
import { getCalendarDays } from '../../../db/queries/calendar';
import type { Period } from '../../../oversight/types';
import { defaultWeek, loadFlags, loadScorecard } from '../../weeks/oversight.server';

export interface DistrictQuery {
  scope: Scope;
  period: Period;
  department: string | null;
  districtCode: string;
}

/** Days shown day by day (tickets, complaints): 8 weeks. */
const RECENT_DAYS = 56;
/** Days shown for the slower pictures: 26 weeks. */
const LONGER_DAYS = 182;

/** The district's page, or null when the district is unknown or outside the viewer's scope. */
export async function loadDistrictPage(db: Executor, q: DistrictQuery) {
  const to = q.period.end;
  const recentFrom = addDays(to, -(RECENT_DAYS - 1));
  const longerFrom = addDays(to, -(LONGER_DAYS - 1));
  const series = { scope: q.scope, districtCode: q.districtCode, department: q.department, to };
  const [scorecard, flags, daily, calendarDays, online, complaints, timeline, latest, departments] =
    await Promise.all([
      loadScorecard(db, q),
      loadFlags(db, q, { districtCode: q.districtCode }),
      getDailyTickets(db, { ...series, from: longerFrom }),
      getCalendarDays(db, { scope: q.scope, from: longerFrom, to }),
      getOnlineSeries(db, { ...series, from: longerFrom }),
      getWeeklyComplaints(db, { ...series, from: recentFrom }),
      getDelegationTimeline(db, { ...series, from: longerFrom }),
      defaultWeek(db, q.scope),
      listDepartments(db, q.scope),
    ]);
  const unit = scorecard.units.find((u) => u.districtCode === q.districtCode);
  if (!unit) return null;
  const onlineTarget = unit.metrics.online_rate.target?.value ?? null;
  return {
    period: q.period,
    department: q.department,
    unit,
    rankedCount: scorecard.rankedCount,
    flags,
    recentFrom,
    longerFrom,
    daily,
    markedDays: markedDays(longerFrom, to, calendarDays, q.districtCode),
    online,
    onlineTarget,
    forecast: onlineForecast(online, onlineTarget),
    complaints,
    timeline,
    graceDays: DEFAULT_FLAG_CONFIG.graceDays,
    throttledThreshold: DEFAULT_FLAG_CONFIG.throttling.issuedBelowShareOfCapacity,
    latestWeek: latest?.label ?? null,
    departments,
  };
}

export type DistrictPage = NonNullable<Awaited<ReturnType<typeof loadDistrictPage>>>;
