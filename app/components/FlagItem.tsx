/**
 * One flag: what, where, how bad, since when — and behind a disclosure, the evidence and the
 * files (with their hashes) the numbers came from.
 */
import type { ReactNode } from 'react';
import { Link } from '@remix-run/react';
import { isMessageKey, useFormat } from '~/i18n';
import type { FlagType, Severity } from '../../oversight/types';
import { Evidence } from './Evidence';
import { SeverityBadge } from './StatusBadge';

export interface FlagView {
  type: FlagType;
  severity: Severity;
  districtCode: string;
  districtName: string;
  department: string;
  period: string;
  titleZh: string;
  titleEn: string;
  /** As its flag type declares it (oversight/flags/rules/<type>.ts). */
  evidence: unknown;
  firstSeen: string;
  openPeriods: number;
  openBeyondHistory: boolean;
  sources: { kind: string; fileName: string; sha256: string; loadedAt: string }[];
}

export function FlagItem({
  flag,
  linkDistrict = true,
  children,
}: {
  flag: FlagView;
  linkDistrict?: boolean;
  /** What can be done about it: the case it is in, or the form to open one. */
  children?: ReactNode;
}) {
  const f = useFormat();
  const districtHref = `/districts/${flag.districtCode}?week=${encodeURIComponent(flag.period)}`;
  const kind = (k: string) => {
    const key = `kind.${k}`;
    return isMessageKey(key) ? f.t(key) : k;
  };
  return (
    <article className={`flag flag--${flag.severity}`} data-testid="flag" data-type={flag.type}>
      <header className="flag__head">
        <SeverityBadge severity={flag.severity} />
        <span className="flag__type">{f.t(`flagType.${flag.type}`)}</span>
        <h3 className="flag__title">{f.lang === 'zh' ? flag.titleZh : flag.titleEn}</h3>
      </header>
      <p className="flag__meta">
        {linkDistrict ? (
          <Link to={districtHref}>{flag.districtName}</Link>
        ) : (
          <span>{flag.districtName}</span>
        )}
        <span>{flag.department || f.t('flags.allDepartments')}</span>
        <span>{f.tf('flags.firstSeen', { week: flag.firstSeen })}</span>
        <span>
          {f.tf(flag.openBeyondHistory ? 'flags.weeksOpenBeyond' : 'flags.weeksOpen', {
            n: f.number(flag.openPeriods),
          })}
        </span>
      </p>
      {children ? <div className="flag__case">{children}</div> : null}
      <details className="flag__evidence">
        <summary>{f.t('flags.evidence')}</summary>
        <Evidence flag={flag} />
        <h4>{f.t('flags.sources')}</h4>
        {flag.sources.length === 0 ? (
          <p>{f.t('flags.noSources')}</p>
        ) : (
          <ul className="sources">
            {flag.sources.map((s) => (
              <li key={`${s.kind}/${s.fileName}/${s.sha256}`}>
                <span>{kind(s.kind)}</span> <span className="file">{s.fileName}</span>{' '}
                <code title={s.sha256}>{s.sha256.slice(0, 12)}</code>{' '}
                <span className="muted">{f.dateTime(s.loadedAt)}</span>
              </li>
            ))}
          </ul>
        )}
      </details>
    </article>
  );
}
