import type { Components } from '../metrics';
import { addDays } from '../period';
import type { FlagConfig } from './config';
import type { MetricName, Period } from '../types';
import type {
  ClosedComplaints,
  DelegatedPower,
  FlagDay,
  OnlineSnapshot,
  ReportingUnit,
  SupervisionAction,
} from '../inputs';

/** Everything the rules may look at for one district × department × period. */
export interface UnitPeriod {
  period: Period;
  districtCode: string;
  department: string;
  components: Components;
  /** Days of the period that looked throttled or had out-of-queue cases (summed over centres). */
  days: readonly FlagDay[];
  closed: ClosedComplaints | null;
  /** Complaints received in each of the previous periods, oldest first. */
  previousComplaints: readonly number[];
  /** This unit's online snapshots, oldest first. */
  snapshots: readonly OnlineSnapshot[];
  powers: readonly DelegatedPower[];
  actions: readonly SupervisionAction[];
  reporting: ReportingUnit | null;
  /** Whether a date is a working day for this unit's district (official and the city's calendar). */
  isWorkingDay(date: string): boolean;
  /** The last day with window data anywhere: days after it are not "missing", just not yet in. */
  dataCutoff: string | null;
  target(metric: MetricName): number | null;
}

/** Whether the unit first reported within the ramp-up weeks before the period (or during it). */
export const inRampUp = (u: UnitPeriod, config: FlagConfig): boolean =>
  u.reporting !== null && u.reporting.firstDate > addDays(u.period.start, -7 * config.rampUpWeeks);
