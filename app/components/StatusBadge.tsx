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

export function StatusBadge({ status }: { status: Status }) {
  const t = useT();
  return (
    <span className={`status status--${status}`}>
      <span aria-hidden="true">{STATUS_ICONS[status]}</span> {t(`status.${status}`)}
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
