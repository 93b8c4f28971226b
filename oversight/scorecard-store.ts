/**
 * The two stored forms of a week's city-wide league table (scorecard_week, docs/decisions/004):
 *
 * - packed, for the query functions: the same Scorecard with the repetition taken out. At
 *   national scale (3,000 districts) the plain JSON is 6.9 MB a week — the metric name,
 *   direction and the whole target object repeated nine times per district — and reading plus
 *   parsing it took longer than the 100 ms a request may. Packed, each district is one array
 *   and each metric five numbers; targets are listed once and referred to by position.
 * - the API document, exactly as GET /api/scorecard sends it, so the route can send the stored
 *   bytes instead of serialising megabytes per request.
 *
 * Both are made from one Scorecard by the rollup builder; unpack(pack(s)) equals s (tested).
 */
import { asciiJson } from './ascii-json';
import { metricValue } from './metrics';
import { METRIC_DIRECTION } from './targets';
import type { Scorecard, UnitScore } from './scorecard';
import {
  METRICS,
  type FlagType,
  type MetricName,
  type MetricResult,
  type ResolvedTarget,
  type Severity,
  type Status,
} from './types';

/** The body of GET /api/scorecard: the league table and whether the period had any data. */
export function scorecardApiDocument(scorecard: Scorecard): string {
  return asciiJson({ noData: !scorecard.hasData, ...scorecard });
}

/**
 * packed-4 keeps the ranked count and ranks shared by ties; packed-3 named flag types; packed-2
 * stored them by position in FLAG_TYPES.
 */
const FORMAT = 'packed-4';

/** Statuses by position: a closed set of four, fixed by the domain (Status). */
const STATUSES: readonly Status[] = ['met', 'near', 'missed', 'no_data'];

/**
 * numerator, denominator, target (index into `targets`, or -1), status (index). The value is
 * not stored: it is always numerator ÷ denominator (metricValue), and dividing again gives the
 * same double, while parsing the stored 17-digit fractions was a third of the unpacking time.
 */
const METRIC_WIDTH = 4;

type PackedUnit = [
  districtCode: string,
  districtName: string,
  level: string,
  /** METRIC_WIDTH numbers per metric, in METRICS order. */
  metrics: (number | null)[],
  complaintCount: number,
  complaintsPer10k: number | null,
  complaintsByCategory: Record<string, number>,
  answeredUnresolvedShare: number | null,
  unmetDemand: number,
  daysReported: number,
  /** Flag type and severity by name, two strings per flag: a new flag type shifts nothing. */
  flags: string[],
  score: number | null,
  rank: number | null,
  rankChange: number | null,
];

interface PackedScorecard extends Omit<Scorecard, 'units'> {
  format: typeof FORMAT;
  targets: ResolvedTarget[];
  units: PackedUnit[];
}

function indexOf<T>(list: readonly T[], value: T, what: string): number {
  const i = list.indexOf(value);
  if (i < 0) throw new Error(`cannot pack ${what} ${String(value)}`);
  return i;
}

export function packScorecard(scorecard: Scorecard): string {
  const targets: ResolvedTarget[] = [];
  const targetIndex = new Map<string, number>();
  const targetRef = (t: ResolvedTarget | null): number => {
    if (t === null) return -1;
    const key = `${t.value}\u0000${t.source}\u0000${t.effectiveFrom}`;
    let i = targetIndex.get(key);
    if (i === undefined) {
      i = targets.push(t) - 1;
      targetIndex.set(key, i);
    }
    return i;
  };
  const packUnit = (u: UnitScore): PackedUnit => {
    const metrics: (number | null)[] = [];
    for (const name of METRICS) {
      const m = u.metrics[name];
      if (!Object.is(m.value, metricValue(m.numerator, m.denominator))) {
        throw new Error(`cannot pack ${name}: its value is not numerator ÷ denominator`);
      }
      metrics.push(
        m.numerator,
        m.denominator,
        targetRef(m.target),
        indexOf(STATUSES, m.status, 'status'),
      );
    }
    return [
      u.districtCode,
      u.districtName,
      u.level,
      metrics,
      u.complaints.count,
      u.complaints.per10k,
      u.complaints.byCategory,
      u.complaints.answeredUnresolvedShare,
      u.unmetDemand,
      u.daysReported,
      u.flags.flatMap((f) => [f.type, f.severity]),
      u.score,
      u.rank,
      u.rankChange,
    ];
  };
  const { units, ...rest } = scorecard;
  const packed: PackedScorecard = {
    format: FORMAT,
    ...rest,
    units: units.map(packUnit),
    // After the units: targetRef fills it while they are packed.
    targets,
  };
  return asciiJson(packed);
}

export function unpackScorecard(text: string): Scorecard {
  const packed = JSON.parse(text) as PackedScorecard;
  if (packed.format !== FORMAT) throw new Error(`unknown scorecard format ${packed.format}`);
  const { format: _format, targets, units, ...rest } = packed;
  const department = rest.department;
  const unpackUnit = (p: PackedUnit): UnitScore => {
    const [code, name, level, numbers, count, per10k, byCategory, unresolved] = p;
    const metrics = {} as Record<MetricName, MetricResult>;
    METRICS.forEach((metric, k) => {
      const at = k * METRIC_WIDTH;
      const numerator = numbers[at]!;
      const denominator = numbers[at + 1]!;
      const target = numbers[at + 2]!;
      metrics[metric] = {
        metric,
        value: metricValue(numerator, denominator),
        numerator,
        denominator,
        target: target < 0 ? null : targets[target]!,
        direction: METRIC_DIRECTION[metric],
        status: STATUSES[numbers[at + 3]!]!,
      };
    });
    const named = p[10];
    const flags: UnitScore['flags'] = [];
    for (let i = 0; i < named.length; i += 2) {
      flags.push({ type: named[i] as FlagType, severity: named[i + 1] as Severity });
    }
    return {
      districtCode: code,
      districtName: name,
      level,
      department,
      metrics,
      complaints: { count, per10k, byCategory, answeredUnresolvedShare: unresolved },
      unmetDemand: p[8],
      daysReported: p[9],
      flags,
      score: p[11],
      rank: p[12],
      rankChange: p[13],
    };
  };
  return {
    period: rest.period,
    previousPeriod: rest.previousPeriod,
    department,
    hasData: rest.hasData,
    rankedCount: rest.rankedCount,
    city: rest.city,
    units: units.map(unpackUnit),
    cityPrevious: rest.cityPrevious,
  };
}
