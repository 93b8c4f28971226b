/**
 * What a leader must see first: the districts at the bottom of the ranking, the flags raised
 * this week, the flags that have stood for weeks, and the flags gone since last week — each a
 * short list read from the weekly flag marks the heat grid already reads.
 */
import type { FlagType, Severity } from './types';
import { SEVERITY_ORDER } from './flags/types';

export interface AttentionSettings {
  /** The last this-many places of the ranking are "the bottom". */
  bottomPlaces: number;
  /** A flag open this many weeks in a row, this one included, "persists". */
  persistingWeeks: number;
}

export const DEFAULT_ATTENTION: Readonly<AttentionSettings> = {
  bottomPlaces: 3,
  persistingWeeks: 3,
};

/** One flag where it stands: of which type, in which district and department. */
export interface AttentionMark {
  type: FlagType;
  severity: Severity;
  districtCode: string;
  department: string;
}

export interface AttentionUnit {
  districtCode: string;
  districtName: string;
  score: number | null;
  /** The city-wide rank, shared by ties; null when the district had no data. */
  rank: number | null;
  flags: readonly { severity: Severity }[];
}

export interface AttentionInput {
  /** The units of this week's scorecard, ranked. */
  units: readonly AttentionUnit[];
  /** How many units the ranks are out of. */
  rankedCount: number;
  /** Each week's flag marks, oldest first; the last is the week shown. */
  weeks: readonly (readonly AttentionMark[])[];
}

export type AttentionFlag = AttentionMark & {
  districtName: string;
  /** Weeks in a row the flag has been open, this one included (for a resolved flag: up to last week). */
  weeksOpen: number;
};

export interface Attention {
  bottom: (AttentionUnit & { rank: number; high: number })[];
  newFlags: AttentionFlag[];
  persisting: AttentionFlag[];
  resolved: AttentionFlag[];
  rankedCount: number;
  settings: AttentionSettings;
}

const markKey = (m: AttentionMark) => `${m.type}\u0000${m.districtCode}\u0000${m.department}`;

/**
 * The attention block of one week:
 *
 * - bottom: the last `bottomPlaces` places of the ranking (bottomOf);
 * - new: flags open this week that were not open last week;
 * - persisting: flags open at least `persistingWeeks` weeks in a row, longest first;
 * - resolved: flags open last week and not this week, in a district that reported this week
 *   and is not flagged for missing reports — a flag that went away with the data is not
 *   resolved, only unseen.
 *
 * Within each list the most severe come first.
 */
export function attentionOf(
  input: AttentionInput,
  settings: AttentionSettings = DEFAULT_ATTENTION,
): Attention {
  const names = new Map(input.units.map((u) => [u.districtCode, u.districtName]));
  const now = input.weeks.at(-1) ?? [];
  const before = input.weeks.at(-2) ?? [];
  const openIn = input.weeks.map((marks) => new Set(marks.map(markKey)));

  /** Weeks in a row the flag was open, counting back from week index `last`. */
  const run = (key: string, last: number) => {
    let n = 0;
    for (let i = last; i >= 0 && openIn[i]!.has(key); i--) n++;
    return n;
  };
  const withName = (m: AttentionMark, weeksOpen: number): AttentionFlag => ({
    type: m.type,
    severity: m.severity,
    districtCode: m.districtCode,
    department: m.department,
    districtName: names.get(m.districtCode) ?? m.districtCode,
    weeksOpen,
  });
  const last = input.weeks.length - 1;
  const current = now.map((m) => withName(m, run(markKey(m), last)));

  const reported = new Set(input.units.filter((u) => u.rank !== null).map((u) => u.districtCode));
  const unreported = new Set(
    now.filter((m) => m.type === 'missing_reports').map((m) => m.districtCode),
  );
  const resolved = before
    .filter(
      (m) =>
        !openIn[last]!.has(markKey(m)) &&
        reported.has(m.districtCode) &&
        !unreported.has(m.districtCode),
    )
    .map((m) => withName(m, run(markKey(m), last - 1)));

  const bottom = bottomOf(input.units, input.rankedCount, settings.bottomPlaces);

  return {
    bottom,
    newFlags: bySeverity(current.filter((f) => f.weeksOpen === 1)),
    persisting: bySeverity(current.filter((f) => f.weeksOpen >= settings.persistingWeeks)).sort(
      (a, b) => b.weeksOpen - a.weeksOpen,
    ),
    resolved: bySeverity(resolved),
    rankedCount: input.rankedCount,
    settings,
  };
}

/**
 * The units whose shared rank lies in the last `places` places (rank > rankedCount − places),
 * worst first, each with its count of high flags — never a unit tied with the best, so a city
 * where everyone meets every target has no bottom.
 */
export function bottomOf<U extends AttentionUnit>(
  units: readonly U[],
  rankedCount: number,
  places: number = DEFAULT_ATTENTION.bottomPlaces,
): (U & { rank: number; high: number })[] {
  return units
    .filter(
      (u): u is U & { rank: number } =>
        u.rank !== null && u.rank > 1 && u.rank > rankedCount - places,
    )
    .map((u) => ({ ...u, high: u.flags.filter((f) => f.severity === 'high').length }))
    .sort((a, b) => b.rank - a.rank || b.high - a.high || compare(a.districtCode, b.districtCode));
}

function bySeverity(flags: AttentionFlag[]): AttentionFlag[] {
  return flags.sort(
    (a, b) =>
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      compare(a.districtCode, b.districtCode) ||
      compare(a.type, b.type) ||
      compare(a.department, b.department),
  );
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
