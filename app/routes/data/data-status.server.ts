/**
 * The /data page: the load history and each district's data freshness, with stale data marked
 * rather than hidden. Freshness is measured against the latest window data in the viewer's
 * scope, not the clock: a city whose exports stopped last month shows every district "0 days
 * behind", and one district a week behind the others stands out.
 */
import type { Executor } from '../../../db/client';
import {
  getDataFreshness,
  listLoadHistory,
  type FreshnessRow,
  type LoadBatchRow,
} from '../../../db/queries/data-status';
import type { Scope } from '../../../db/scope';
import { DEFAULT_FLAG_CONFIG } from '../../../oversight/flags/config';
import { daysBetween } from '../../../oversight/period';

/** Window data more than a week behind the latest anywhere is stale. */
export const WINDOW_STALE_DAYS = 7;
/** The missing_reports flag's limit: an online snapshot older than this is stale. */
export const SNAPSHOT_STALE_DAYS = DEFAULT_FLAG_CONFIG.missingReports.snapshotMaxAgeDays;

export interface Freshness extends FreshnessRow {
  /** Days behind the reference date; null when there is no such data. */
  windowBehind: number | null;
  onlineBehind: number | null;
  windowStale: boolean;
  onlineStale: boolean;
}

export interface DataStatus {
  batches: LoadBatchRow[];
  freshness: Freshness[];
  /** The latest window data date in scope: what "behind" is measured against. */
  referenceDate: string | null;
  windowStaleDays: number;
  snapshotStaleDays: number;
}

/** Days from `date` to the reference, and whether that is more than `limit`. */
function behind(date: string | null, reference: string | null, limit: number) {
  if (reference === null) return { days: null, stale: false };
  if (date === null) return { days: null, stale: true };
  const days = Math.max(daysBetween(date, reference), 0);
  return { days, stale: days > limit };
}

export function assessFreshness(rows: readonly FreshnessRow[]): {
  referenceDate: string | null;
  freshness: Freshness[];
} {
  const referenceDate = rows.reduce<string | null>(
    (m, r) =>
      r.lastWindowDate !== null && (m === null || r.lastWindowDate > m) ? r.lastWindowDate : m,
    null,
  );
  const freshness = rows.map((r) => {
    const window = behind(r.lastWindowDate, referenceDate, WINDOW_STALE_DAYS);
    const online = behind(r.lastOnlineSnapshot, referenceDate, SNAPSHOT_STALE_DAYS);
    return {
      ...r,
      windowBehind: window.days,
      onlineBehind: online.days,
      windowStale: window.stale,
      onlineStale: online.stale,
    };
  });
  return { referenceDate, freshness };
}

export async function loadDataStatus(db: Executor, scope: Scope): Promise<DataStatus> {
  const [batches, rows] = await Promise.all([
    listLoadHistory(db, scope),
    getDataFreshness(db, scope),
  ]);
  return {
    batches,
    ...assessFreshness(rows),
    windowStaleDays: WINDOW_STALE_DAYS,
    snapshotStaleDays: SNAPSHOT_STALE_DAYS,
  };
}
