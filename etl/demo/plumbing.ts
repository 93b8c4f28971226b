/** Plumbing shared by the demo file builders: the period, table formatting, seeded randomness. */
import { toDay } from './calendar';
import { DEMO_PERIOD } from './planted';

// ---------------------------------------------------------------------------------------------
// Plumbing: period, table formatting, seeded randomness

export function periodEnd(): number {
  return toDay(DEMO_PERIOD.to);
}

export function periodDays(): number[] {
  const days: number[] = [];
  for (let d = toDay(DEMO_PERIOD.from); d <= periodEnd(); d++) days.push(d);
  return days;
}

export type Cell = string | number;

export const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** Header and rows as delimited text with LF line ends; refuses values that would need quoting. */
export function formatTable(
  header: readonly string[],
  rows: readonly (readonly Cell[])[],
  delimiter: ',' | '\t' = ',',
): string {
  const lines = [header, ...rows].map((row, i) => {
    if (row.length !== header.length) {
      throw new Error(`row ${i} has ${row.length} values for ${header.length} columns`);
    }
    return row
      .map((cell) => {
        const text = String(cell);
        if (/[,\t"\r\n]/.test(text)) throw new Error(`value would need quoting: ${text}`);
        return text;
      })
      .join(delimiter);
  });
  return `${lines.join('\n')}\n`;
}

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [lo, hi], both inclusive. */
  int(lo: number, hi: number): number;
  /** Uniform in [lo, hi). */
  uniform(lo: number, hi: number): number;
  pick<T>(items: readonly T[]): T;
  weighted<T>(items: readonly T[], weights: readonly number[]): T;
}

/**
 * mulberry32, seeded from the run's seed and a stream label (FNV-1a), so each stream is
 * independent of how many numbers the others drew.
 */
export function createRng(seed: number, label: string): Rng {
  let h = 0x811c9dc5 ^ (seed | 0);
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  let state = h >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(items: readonly T[]): T => {
    const item = items[Math.floor(next() * items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  };
  const weighted = <T>(items: readonly T[], weights: readonly number[]): T => {
    const total = weights.reduce((a, b) => a + b, 0);
    let r = next() * total;
    let last: T | undefined;
    for (let i = 0; i < items.length; i++) {
      const w = weights[i] ?? 0;
      if (w <= 0) continue;
      last = items[i];
      r -= w;
      if (r < 0 && last !== undefined) return last;
    }
    if (last === undefined) throw new Error('weighted pick with no positive weight');
    return last;
  };
  return {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    uniform: (lo, hi) => lo + next() * (hi - lo),
    pick,
    weighted,
  };
}
