/** When the online target would be reached at the pace of the last weeks. */
import { addDays, daysBetween } from './period';
import { DEFAULT_FLAG_CONFIG, type FlagConfig } from './flags/config';
import { round1 } from './flags/types';

/**
 * Linear pace of items going online over the last weeks, and when the target count would be
 * reached at that pace; null when the pace is not positive ("not at this pace").
 */
export function forecastOnline(
  snapshots: readonly { asOf: string; itemsOnline: number }[],
  needed: number,
  asOf: string,
  paceWeeks: number,
): { perWeek: number; reachedBy: string | null } {
  const since = addDays(asOf, -7 * paceWeeks);
  const window = snapshots.filter((s) => s.asOf >= since && s.asOf <= asOf);
  const first = window[0];
  const last = window[window.length - 1];
  if (!first || !last || first === last) return { perWeek: 0, reachedBy: null };
  const weeks = daysBetween(first.asOf, last.asOf) / 7;
  const perWeek = (last.itemsOnline - first.itemsOnline) / weeks;
  if (perWeek <= 0) return { perWeek: round1(perWeek), reachedBy: null };
  const weeksToGo = Math.max(needed - last.itemsOnline, 0) / perWeek;
  return { perWeek: round1(perWeek), reachedBy: addDays(last.asOf, Math.ceil(weeksToGo * 7)) };
}

/**
 * When a unit's online target would be reached at the pace of the last weeks (the flag's own
 * forecast), or null when the latest snapshot already meets it or there is none.
 */
export function onlineForecast(
  series: readonly { asOf: string; itemsOnline: number; eligible: number }[],
  target: number | null,
  config: FlagConfig = DEFAULT_FLAG_CONFIG,
) {
  const last = series.at(-1);
  if (target === null || !last || last.eligible <= 0) return null;
  if (last.itemsOnline / last.eligible >= target - 1e-9) return null;
  const needed = Math.ceil(target * last.eligible - 1e-9);
  const forecast = forecastOnline(series, needed, last.asOf, config.online.paceWeeks);
  return { ...forecast, needed, rate: target };
}
