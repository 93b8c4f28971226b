/** The cases ledger as a CSV to take away (the flags CSV's rules: BOM, CRLF, no formulas). */
import { csvDocument } from '../flags/csv.server';
import { formatters, type Lang } from '../i18n';
import { KIND_NAMES, STATE_NAMES, WARNING_NAMES } from '../../oversight/cases';
import { isoWeekOf } from '../../oversight/period';
import type { CaseView } from './cases.server';

export function buildCasesCsv(cases: readonly CaseView[], lang: Lang): string {
  const f = formatters(lang);
  const header = [
    f.t('cases.id'),
    f.t('districts.code'),
    f.t('filter.district'),
    f.t('filter.department'),
    f.t('cases.flags'),
    f.t('cases.week'),
    f.t('cases.kind'),
    f.t('cases.state'),
    f.t('cases.deadline'),
    f.t('cases.warning'),
    f.t('cases.openedOn'),
    f.t('cases.openedBy'),
    f.t('cases.respondedOn'),
    f.t('cases.measures'),
    f.t('cases.kpi.closed'),
    f.t('cases.overrideMark'),
    f.t('cases.note'),
  ];
  const rows = cases.map((c) => [
    c.caseId,
    c.districtCode,
    c.districtName,
    c.department,
    c.flagTypes.map((t) => f.t(`flagType.${t as 'ticket_throttling'}`)).join('; '),
    isoWeekOf(c.weekStart),
    f.text(KIND_NAMES[c.kind]),
    f.text(STATE_NAMES[c.state]),
    c.deadline,
    f.text(WARNING_NAMES[c.warning]),
    c.openedOn,
    c.openedBy,
    c.respondedOn,
    c.measures,
    c.closedOn,
    c.closedByOverride ? f.t('cases.yes') : '',
    c.note,
  ]);
  return csvDocument([header, ...rows]);
}
