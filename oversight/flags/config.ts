/**
 * Every threshold the flag rules use, in one place. The defaults are the issue's, and each is
 * stated the way a commission member would check it.
 */
export interface FlagConfig {
  /** Days after a power's effective date within which follow-up supervision is expected. */
  graceDays: number;
  /** Delegated without supervision is high once this many grace periods have passed. */
  delegationHighGraceMultiple: number;
  throttling: {
    /** A day is throttled when tickets issued fall below this share of capacity … */
    issuedBelowShareOfCapacity: number;
    /**
     * … while people were turned away: visitors − tickets issued at least this share of
     * capacity … (a door counter also counts people who only came to ask, a few percent)
     */
    minUnmetShareOfCapacity: number;
    /** … and at least this many people; on at least this many days of the period. */
    minUnmetPeople: number;
    minDays: number;
    /** High severity from this many throttled days … */
    highDays: number;
    /** … or when the throttled days issued at most this share of their capacity in all. */
    highShareOfCapacity: number;
    /**
     * Low severity — near the threshold, and saying so — on the fewest days that flag when the
     * people turned away were under this share of capacity in all.
     */
    lowBelowUnmetShare: number;
  };
  online: {
    /** Unchanged online counts for this many weeks: the flag says the rollout has stalled. */
    stalledWeeks: number;
    /** The forecast extrapolates the pace of the last this-many weeks. */
    paceWeeks: number;
    /** High severity when this far (in rate points) below target … */
    highGap: number;
    /** … medium from this far; closer than that is low. */
    mediumGap: number;
  };
  surge: {
    /**
     * Complaints in the period at least this multiple of the previous periods' median (a
     * robust baseline: one odd week does not move it; taken as at least 1) …
     */
    factor: number;
    /** … and at least this many … */
    minCount: number;
    /**
     * … and this unlikely under the baseline: the chance of at least that many complaints if
     * complaints arrived at the baseline rate (Poisson), so 2 → 5 is noise and 2 → 12 is not.
     */
    maxChance: number;
    /** How many previous periods the baseline is taken over. */
    previousPeriods: number;
    /** High severity at this multiple of the mean … */
    highFactor: number;
    /** … with at least this many complaints. */
    highMinCount: number;
  };
  unresolved: {
    /** At least this many complaints closed in the period … */
    minClosed: number;
    /** … and at least this share of them answered but not resolved. */
    minShare: number;
    /** High severity from this share … */
    highShare: number;
    /** … of at least this many closed complaints. */
    highMinClosed: number;
  };
  outOfQueue: {
    /**
     * Cases served without a ticket by design — the green channel for the elderly (老年人绿色
     * 通道), urgent cases — up to this share of completed cases are not flagged unless they fell
     * on days tickets were withheld; a higher target from the targets file raises it.
     */
    allowedRate: number;
    /** At least this many such cases in the period … */
    minCases: number;
    /**
     * … and, unless on days tickets were withheld, a count this unlikely if cases went out of
     * queue at the allowed rate (Poisson): a few over the allowance at a small centre is noise.
     */
    maxChance: number;
    /** Medium severity when the rate exceeds what is allowed by more than this (rate points);
     *  high whenever such cases fell on days tickets were withheld. */
    mediumMargin: number;
  };
  missingReports: {
    /** Working days without window data before a unit is flagged. */
    minMissingWorkingDays: number;
    /** High severity from this many working days without window data. */
    highMissingWorkingDays: number;
    /** An online snapshot older than this (days before the period end) counts as missing. */
    snapshotMaxAgeDays: number;
  };
  /**
   * A unit's first weeks of reporting — a centre opening, finding its feet — never count as
   * missing reports or throttling.
   */
  rampUpWeeks: number;
  /** How many periods before the one asked for are evaluated to find when a flag began. */
  historyPeriods: number;
  /** Share of a target inside which a metric is "near" rather than "missed". */
  tolerance: number;
}

export const DEFAULT_FLAG_CONFIG: FlagConfig = {
  graceDays: 30,
  delegationHighGraceMultiple: 2,
  throttling: {
    issuedBelowShareOfCapacity: 0.8,
    minUnmetShareOfCapacity: 0.1,
    minUnmetPeople: 10,
    minDays: 3,
    highDays: 5,
    highShareOfCapacity: 0.6,
    lowBelowUnmetShare: 0.2,
  },
  online: { stalledWeeks: 4, paceWeeks: 8, highGap: 0.15, mediumGap: 0.05 },
  surge: {
    factor: 2,
    minCount: 10,
    maxChance: 0.001,
    previousPeriods: 4,
    highFactor: 3,
    highMinCount: 20,
  },
  unresolved: { minClosed: 5, minShare: 0.5, highShare: 0.8, highMinClosed: 20 },
  outOfQueue: { allowedRate: 0.03, minCases: 5, maxChance: 0.001, mediumMargin: 0.02 },
  missingReports: { minMissingWorkingDays: 2, highMissingWorkingDays: 5, snapshotMaxAgeDays: 30 },
  rampUpWeeks: 4,
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
