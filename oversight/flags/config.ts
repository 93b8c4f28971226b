/**
 * Every threshold the flag rules use, in one place. The defaults are the issue's, and each is
 * stated the way a commission member would check it.
 */
export interface FlagConfig {
  /** Days after a power's effective date within which follow-up supervision is expected. */
  graceDays: number;
  throttling: {
    /** A day is throttled when tickets issued fall below this share of capacity … */
    issuedBelowShareOfCapacity: number;
    /** … while more people came than got tickets, on at least this many days of the period. */
    minDays: number;
    /** High severity from this many throttled days. */
    highDays: number;
  };
  online: {
    /** Unchanged online counts for this many weeks: the flag says the rollout has stalled. */
    stalledWeeks: number;
    /** The forecast extrapolates the pace of the last this-many weeks. */
    paceWeeks: number;
    /** High severity when this far (in rate points) below target. */
    highGap: number;
  };
  surge: {
    /** Complaints in the period at least this multiple of the previous periods' mean … */
    factor: number;
    /** … and at least this many. */
    minCount: number;
    /** How many previous periods the mean is taken over. */
    previousPeriods: number;
  };
  unresolved: {
    /** At least this many complaints closed in the period … */
    minClosed: number;
    /** … and at least this share of them answered but not resolved. */
    minShare: number;
  };
  missingReports: {
    /** Working days without window data before a unit is flagged. */
    minMissingWorkingDays: number;
    /** An online snapshot older than this (days before the period end) counts as missing. */
    snapshotMaxAgeDays: number;
  };
  /** How many periods before the one asked for are evaluated to find when a flag began. */
  historyPeriods: number;
  /** Share of a target inside which a metric is "near" rather than "missed". */
  tolerance: number;
}

export const DEFAULT_FLAG_CONFIG: FlagConfig = {
  graceDays: 30,
  throttling: { issuedBelowShareOfCapacity: 0.8, minDays: 3, highDays: 5 },
  online: { stalledWeeks: 4, paceWeeks: 8, highGap: 0.15 },
  surge: { factor: 2, minCount: 5, previousPeriods: 4 },
  unresolved: { minClosed: 5, minShare: 0.5 },
  missingReports: { minMissingWorkingDays: 2, snapshotMaxAgeDays: 30 },
  historyPeriods: 12,
  tolerance: 0.05,
};

/**
 * How many days of online snapshots before a period's end the rules look at: enough for the
 * pace forecast and the stall check, plus a week. The same window whichever period range the
 * snapshots were fetched for, so a week's flags do not depend on how it was asked for.
 */
export const onlineHistoryDays = (config: FlagConfig) =>
  7 * Math.max(config.online.paceWeeks, config.online.stalledWeeks) + 7;
