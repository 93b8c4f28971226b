/**
 * A case's state and its yellow or red card, as words with an icon (never colour alone), and
 * the link a flag carries to the case it is in.
 */
import { Link } from '@remix-run/react';
import { useFormat } from '~/i18n';
import {
  STATE_NAMES,
  WARNING_NAMES,
  type CaseState,
  type CaseWarning,
} from '../../oversight/cases';

export function CaseStateBadge({ state }: { state: CaseState }) {
  const f = useFormat();
  return (
    <span className={`case-state case-state--${state}`} data-testid="case-state">
      {f.text(STATE_NAMES[state])}
    </span>
  );
}

const CARD_ICONS: Record<CaseWarning, string> = { none: '✓', yellow: '■', red: '■' };

export function WarningCard({ warning }: { warning: CaseWarning }) {
  const f = useFormat();
  return (
    <span className={`card card--${warning}`} data-testid="case-warning" data-warning={warning}>
      <span aria-hidden="true">{CARD_ICONS[warning]}</span> {f.text(WARNING_NAMES[warning])}
    </span>
  );
}

/** "In case #3: 整改中", on a flag that a case is following. */
export function InCaseLink({ id, state }: { id: number; state: CaseState }) {
  const f = useFormat();
  return (
    <Link to={`/cases/${id}`} className="in-case" data-testid="in-case">
      {f.tf('cases.inCase', { id, state: f.text(STATE_NAMES[state]) })}
    </Link>
  );
}
