/**
 * 证据包 PDF / Excel: the evidence package of one flag, or of a district's flags for the
 * period, to take away (app/evidence). Downloads; the server records each one.
 */
import { evidenceHref, type PackageSubject } from '~/evidence/href';
import { useFormat } from '~/i18n';

export function EvidenceLinks({ subject }: { subject: PackageSubject }) {
  const f = useFormat();
  return (
    <span className="evidence-links" data-testid="evidence-links">
      <a href={evidenceHref('pdf', subject)} download>
        {f.t('flags.evidencePdf')}
      </a>{' '}
      <a href={evidenceHref('xlsx', subject)} download>
        {f.t('flags.evidenceXlsx')}
      </a>
    </span>
  );
}
