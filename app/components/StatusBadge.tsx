/**
 * Statuses and severities as an icon and words, never colour alone: the colour is a third cue
 * for those who see it, and the print-out in black and white still says "✗ 未达标".
 */
import { useT } from '~/i18n';
import type { Severity, Status } from '../../oversight/types';

export const STATUS_ICONS: Record<Status, string> = {
  met: '✓',
  near: '△',
  missed: '✗',
  no_data: '–',
};

export const SEVERITY_ICONS: Record<Severity, string> = {
  high: '▲',
  medium: '◆',
  low: '○',
};

/** A metric with a value but nothing to judge it by: "未设目标", not "无数据". */
export const hasNoTarget = (metric: { value: number | null; target: unknown }) =>
  metric.value !== null && metric.target === null;

export function StatusBadge({ status, noTarget = false }: { status: Status; noTarget?: boolean }) {
  const t = useT();
  const label = status === 'no_data' && noTarget ? t('common.noTarget') : t(`status.${status}`);
  return (
    <span className={`status status--${status}`}>
      <span aria-hidden="true">{STATUS_ICONS[status]}</span> {label}
    </span>
  );
}

export function SeverityBadge({ severity }: { severity: Severity }) {
  const t = useT();
  return (
    <span className={`severity severity--${severity}`}>
      <span aria-hidden="true">{SEVERITY_ICONS[severity]}</span> {t(`severity.${severity}`)}
    </span>
  );
}
