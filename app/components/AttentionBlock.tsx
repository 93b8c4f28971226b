/**
 * The first thing on the overview: the bottom of the ranking, the flags new this week, those
 * that have stood for weeks, and those gone since last week — each entry a link to where it is
 * shown in full (oversight/attention.ts decides what goes in).
 */
import { Link } from '@remix-run/react';
import type { ReactNode } from 'react';
import { useFormat } from '~/i18n';
import type { Attention, AttentionFlag } from '../../oversight/attention';
import type { Period } from '../../oversight/types';
import { periodQuery } from './links';
import { SeverityBadge } from './StatusBadge';

/** Entries shown per list; the rest are behind "N more". */
const SHOWN = 5;

export interface AttentionBlockProps {
  attention: Attention;
  period: Pick<Period, 'kind' | 'label'>;
  previousPeriod: Pick<Period, 'kind' | 'label'>;
  department: string | null;
}

export function AttentionBlock({
  attention,
  period,
  previousPeriod,
  department,
}: AttentionBlockProps) {
  const f = useFormat();
  const { bottom, newFlags, persisting, resolved, settings } = attention;
  const flagsLink = (p: Pick<Period, 'kind' | 'label'>, flag?: AttentionFlag) =>
    `/flags${periodQuery(p, department, flag ? { district: flag.districtCode, type: flag.type } : {})}`;
  const flagList = (
    testId: string,
    heading: string,
    rule: string,
    flags: AttentionFlag[],
    p: Pick<Period, 'kind' | 'label'>,
    showWeeks: boolean,
  ) => (
    <AttentionList
      testId={testId}
      heading={heading}
      rule={rule}
      count={flags.length}
      more={flags.length > SHOWN ? flagsLink(p) : null}
    >
      {flags.slice(0, SHOWN).map((flag) => (
        <li key={`${flag.type}/${flag.districtCode}/${flag.department}`}>
          <Link to={flagsLink(p, flag)}>
            <SeverityBadge severity={flag.severity} /> {flag.districtName} ·{' '}
            {f.t(`flagType.${flag.type}`)}
            {showWeeks ? (
              <span className="muted"> · {f.tf('attention.weeksOpen', { n: flag.weeksOpen })}</span>
            ) : null}
          </Link>
        </li>
      ))}
    </AttentionList>
  );
  return (
    <section
      className="panel attention"
      aria-labelledby="attention-heading"
      data-testid="attention"
    >
      <h2 id="attention-heading">{f.t('attention.heading')}</h2>
      <div className="attention__grid">
        <AttentionList
          testId="attention-bottom"
          heading={f.t('attention.bottom')}
          rule={f.tf('attention.bottomRule', { n: settings.bottomPlaces })}
          count={bottom.length}
          more={null}
        >
          {bottom.map((u) => (
            <li key={u.districtCode}>
              <Link to={`/districts/${u.districtCode}${periodQuery(period, department)}`}>
                <strong>{u.districtName}</strong>{' '}
                {f.tf('district.rank', { rank: u.rank, total: attention.rankedCount })}
              </Link>
              <span className="muted small">
                {u.score === null ? '' : f.tf('district.score', { score: f.number(u.score, 2) })}
                {u.high > 0 ? ` · ${f.tf('attention.high', { n: f.number(u.high) })}` : ''}
              </span>
            </li>
          ))}
        </AttentionList>
        {flagList(
          'attention-new',
          f.t('attention.new'),
          f.t('attention.newRule'),
          newFlags,
          period,
          false,
        )}
        {flagList(
          'attention-persisting',
          f.tf('attention.persisting', { n: settings.persistingWeeks }),
          f.tf('attention.persistingRule', { n: settings.persistingWeeks }),
          persisting,
          period,
          true,
        )}
        {flagList(
          'attention-resolved',
          f.t('attention.resolved'),
          f.t('attention.resolvedRule'),
          resolved,
          previousPeriod,
          false,
        )}
      </div>
    </section>
  );
}

function AttentionList({
  testId,
  heading,
  rule,
  count,
  more,
  children,
}: {
  testId: string;
  heading: string;
  rule: string;
  count: number;
  /** Where the whole list is, when it is longer than shown. */
  more: string | null;
  children: ReactNode;
}) {
  const f = useFormat();
  return (
    <div className="attention__list" data-testid={testId}>
      <h3>
        {heading} <span className="attention__count">{f.number(count)}</span>
      </h3>
      <p className="muted small">{rule}</p>
      {count === 0 ? (
        <p className="muted">{f.t('attention.none')}</p>
      ) : (
        <ul>
          {children}
          {more ? (
            <li>
              <Link to={more}>{f.tf('attention.more', { n: f.number(count - SHOWN) })}</Link>
            </li>
          ) : null}
        </ul>
      )}
    </div>
  );
}
