import type { Severity } from '../types';
import type { FlagFinding } from './rules';

export type { FlagFinding };

/** Where and since when a flag stands. */
export interface FlagPlace {
  districtCode: string;
  districtName: string;
  department: string;
  period: string;
  /** The first period of the unbroken run of this flag that ends in `period`. */
  firstSeen: string;
  /** How many periods the run has lasted, this one included. */
  openPeriods: number;
  /** True when the run goes back at least as far as history was evaluated. */
  openBeyondHistory: boolean;
}

/** A flag as the dashboard, the API, the CLI and the PDF show it. */
export type Flag = FlagFinding & FlagPlace;

export const SEVERITY_ORDER: Record<Severity, number> = { high: 0, medium: 1, low: 2 };

export const raise = (s: Severity): Severity => (s === 'low' ? 'medium' : 'high');

export const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** One decimal, as flag evidence shows averages and paces. */
export const round1 = (x: number) => Math.round(x * 10) / 10;
