/**
 * How a metric's value and target read on screen: rates as percentages with one decimal, the
 * online rate with its counts ("54 / 75 · 72.0%"), the wait in minutes.
 */
import type { Formatters } from '~/i18n';
import type { MetricName, MetricResult } from '../../oversight/types';

export function formatMetricNumber(f: Formatters, metric: MetricName, value: number | null) {
  if (value === null) return '—';
  return metric === 'avg_wait_minutes'
    ? f.tf('common.minutes', { n: f.number(value, 1) })
    : f.percent(value);
}

export function formatMetricValue(f: Formatters, m: MetricResult): string {
  const value = formatMetricNumber(f, m.metric, m.value);
  if (m.metric === 'online_rate' && m.numerator !== null && m.denominator !== null) {
    return `${f.number(m.numerator)} / ${f.number(m.denominator)} · ${value}`;
  }
  return value;
}

export function formatMetricTarget(f: Formatters, m: MetricResult): string {
  return m.target
    ? `${f.t('common.target')} ${formatMetricNumber(f, m.metric, m.target.value)}`
    : f.t('common.noTarget');
}

/** "54 / 75" for the online rate, null for metrics shown without counts. */
export function formatMetricCounts(f: Formatters, m: MetricResult): string | null {
  if (m.metric !== 'online_rate' || m.numerator === null || m.denominator === null) return null;
  return `${f.number(m.numerator)} / ${f.number(m.denominator)}`;
}
