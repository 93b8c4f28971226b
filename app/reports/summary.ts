/**
 * The summary at the top of the report: three to six sentences written from the numbers —
 * the online rate "x / y" against its target, ticket utilization, complaints and their
 * resolution, supervision coverage, the flags by type, the bottom of the ranking, and the
 * biggest movers in it.
 * A sentence whose metric has no data this week is left out rather than printed with dashes.
 */
import { formatMetricCounts, formatMetricNumber } from '../components/format-metric';
import type { Formatters } from '../i18n';
import type { UnitScore } from '../../oversight/scorecard';
import type { MetricResult } from '../../oversight/types';
import type { ReportData } from './types';
import { countFlagsByType } from '../../oversight/league';
import { bottomOf } from '../../oversight/attention';

const hasValue = (m: MetricResult) => m.value !== null;

/** The rate, "目标 96.7%" / "against a target of 96.7%", and the status word mid-sentence. */
function statusWords(f: Formatters, m: MetricResult) {
  const status = f.t(`status.${m.status}`);
  return {
    rate: f.percent(m.value),
    target: m.target
      ? f.tf('report.summary.target', { value: formatMetricNumber(f, m.metric, m.target.value) })
      : f.t('common.noTarget'),
    // English status words are capitalised for badges; inside a sentence they are not.
    status: f.lang === 'en' ? status.toLowerCase() : status,
  };
}

/**
 * The units that moved most up and most down since last week. Ties are named together; a
 * direction nobody moved in is null.
 */
export function biggestMovers(units: readonly UnitScore[]) {
  const moved = units.filter((u) => u.rankChange !== null && u.rankChange !== 0);
  const extreme = (sign: 1 | -1) => {
    const best = Math.max(0, ...moved.map((u) => sign * u.rankChange!));
    if (best === 0) return null;
    return { n: best, units: moved.filter((u) => sign * u.rankChange! === best) };
  };
  return { up: extreme(1), down: extreme(-1), anyRanked: units.some((u) => u.rankChange !== null) };
}

export function summarySentences(f: Formatters, data: ReportData): string[] {
  const { city } = data.scorecard;
  const m = city.metrics;
  const subject = data.district ? data.district.name : f.t('report.subjectCity');
  const list = (names: string[]) => names.join(f.lang === 'zh' ? '、' : ', ');
  const sentences: string[] = [];

  if (hasValue(m.online_rate)) {
    sentences.push(
      f.tf('report.summary.online', {
        subject,
        counts: formatMetricCounts(f, m.online_rate) ?? '—',
        ...statusWords(f, m.online_rate),
      }),
    );
  }
  if (hasValue(m.ticket_utilization)) {
    sentences.push(
      f.tf('report.summary.tickets', {
        issued: f.number(m.ticket_utilization.numerator),
        capacity: f.number(m.ticket_utilization.denominator),
        coverage: f.percent(m.demand_coverage.value),
        ...statusWords(f, m.ticket_utilization),
      }),
    );
  }
  if (city.complaints.count > 0 || hasValue(m.complaint_resolution_rate)) {
    // The week before the report's week, from the weekly series behind the complaints chart.
    const previous = data.complaintWeeks.at(-2)?.complaints ?? null;
    sentences.push(
      f.tf('report.summary.complaints', {
        count: f.number(city.complaints.count),
        previous: f.number(previous),
        unresolved: f.percent(city.complaints.answeredUnresolvedShare),
        ...statusWords(f, m.complaint_resolution_rate),
      }),
    );
  }
  if (hasValue(m.supervision_coverage)) {
    const s = m.supervision_coverage;
    sentences.push(
      f.tf('report.summary.supervision', {
        counts: `${f.number(s.numerator)} / ${f.number(s.denominator)}`,
        ...statusWords(f, s),
      }),
    );
  }

  const byType = countFlagsByType(data.flags);
  sentences.push(
    byType.length === 0
      ? f.t('report.summary.noFlags')
      : f.tf('report.summary.flags', {
          n: f.number(data.flags.length),
          high: f.number(byType.reduce((sum, c) => sum + c.high, 0)),
          types: list(
            byType.map((c) =>
              f.tf('report.summary.flagType', {
                type: f.t(`flagType.${c.type}`),
                n: f.number(c.count),
              }),
            ),
          ),
        }),
  );

  // A district's own report has no ranking to move in.
  if (!data.district) {
    const bottom = bottomOf(data.scorecard.units, data.scorecard.rankedCount);
    if (bottom.length > 0) {
      sentences.push(
        f.tf('report.summary.bottom', {
          districts: list(
            bottom.map((u) =>
              f.tf(u.high > 0 ? 'report.summary.bottomUnitHigh' : 'report.summary.bottomUnit', {
                district: u.districtName,
                rank: u.rank,
                total: data.scorecard.rankedCount,
                high: f.number(u.high),
              }),
            ),
          ),
        }),
      );
    }
    const movers = biggestMovers(data.scorecard.units);
    const parts = [
      movers.up &&
        f.tf('report.summary.moversUp', {
          districts: list(movers.up.units.map((u) => u.districtName)),
          n: movers.up.n,
        }),
      movers.down &&
        f.tf('report.summary.moversDown', {
          districts: list(movers.down.units.map((u) => u.districtName)),
          n: movers.down.n,
        }),
    ].filter((p): p is string => typeof p === 'string' && p !== '');
    if (parts.length > 0) {
      const text = parts.join(f.lang === 'zh' ? '；' : '; ');
      // English: "biggest fall: …" opens the sentence when nobody rose.
      sentences.push(
        `${text.charAt(0).toUpperCase()}${text.slice(1)}${f.lang === 'zh' ? '。' : '.'}`,
      );
    } else if (movers.anyRanked) {
      sentences.push(f.t('report.summary.noMovers'));
    }
  }
  return sentences;
}
