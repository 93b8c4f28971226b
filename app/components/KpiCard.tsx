/** One city figure: its value, the target, the status in words, and the change since last period. */
import type { ReactNode } from 'react';
import { useFormat } from '~/i18n';
import type { Direction, Status } from '../../oversight/types';
import { StatusBadge } from './StatusBadge';

export interface KpiCardProps {
  label: string;
  value: ReactNode;
  /** e.g. "目标 96.7%"; absent for plain counts. */
  target?: string;
  status?: Status;
  /** This period minus the previous; null when either is missing. */
  change: number | null;
  /** 'points' for rates (percentage points), 'count' for counts. */
  changeUnit: 'points' | 'count';
  /** Whether up is good, for the words (the arrow alone says which way). */
  direction?: Direction;
  /** The previous value as shown, for the tooltip. */
  previous?: string;
  extra?: ReactNode;
  testId?: string;
}

export function KpiCard({
  label,
  value,
  target,
  status,
  change,
  changeUnit,
  direction,
  previous,
  extra,
  testId,
}: KpiCardProps) {
  const f = useFormat();
  const tolerance = changeUnit === 'points' ? 0.0005 : 0;
  const moved = change !== null && Math.abs(change) > tolerance;
  const better =
    moved && direction ? (direction === 'higher_is_better') === change! > 0 : undefined;
  return (
    <div className="kpi" data-testid={testId}>
      <h3 className="kpi__label">{label}</h3>
      <p className="kpi__value">{value}</p>
      {target ? <p className="kpi__target">{target}</p> : null}
      {status ? <StatusBadge status={status} /> : null}
      {extra}
      <p
        className={`kpi__change${better === undefined ? '' : better ? ' kpi__change--better' : ' kpi__change--worse'}`}
        title={previous ? f.tf('kpi.previous', { value: previous }) : undefined}
      >
        {change === null ? (
          '—'
        ) : moved ? (
          <>
            <span aria-hidden="true">{change > 0 ? '▲' : '▼'}</span>{' '}
            {changeUnit === 'points' ? `${f.points(change)} ${f.t('common.pp')}` : f.signed(change)}{' '}
            {f.t('common.vsLastWeek')}
          </>
        ) : (
          <>
            {f.t('common.unchanged')} {f.t('common.vsLastWeek')}
          </>
        )}
      </p>
    </div>
  );
}
