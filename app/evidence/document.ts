/**
 * What the evidence package's PDF says, in the reader's language, as blocks for the weekly
 * report's layout (app/reports/pdf.ts): a cover with the period and the data cut-off, then a
 * page per flag — its title, its rule in one sentence, its numbers, its rows (days, powers) and
 * the source files with their full SHA-256 and load time. Pure: a package in, a document out.
 */
import { evidenceFacts, evidenceTables } from '../flags/evidence';
import { ruleSentence } from '../flags/rule';
import { formatters, isMessageKey, type Formatters } from '../i18n';
import { periodLines, reportCreatedAt, STATUS_FILLS } from '../reports/content';
import type { ReportBlock, ReportDocument } from '../reports/types';
import type { FlagWithSources } from '../weeks/oversight.server';
import type { EvidencePackage } from './package.server';

export function packageTitle(f: Formatters, pkg: Pick<EvidencePackage, 'cityName' | 'district'>) {
  return f.tf('package.title', { city: pkg.cityName, district: pkg.district.name });
}

const sourceKind = (f: Formatters, kind: string) => {
  const key = `kind.${kind}`;
  return isMessageKey(key) ? f.t(key) : kind;
};

function flagBlocks(f: Formatters, flag: FlagWithSources, n: number): ReportBlock[] {
  const labelSep = f.lang === 'zh' ? '：' : ': ';
  const heading = f.tf('package.flagHeading', {
    type: f.t(`flagType.${flag.type}`),
    department: flag.department || f.t('flags.allDepartments'),
    severity: f.t(`severity.${flag.severity}`),
  });
  const blocks: ReportBlock[] = [
    { kind: 'heading', level: 1, text: `${n}. ${heading}`, newPage: n > 1 },
    { kind: 'paragraph', style: 'strong', text: f.lang === 'zh' ? flag.titleZh : flag.titleEn },
    {
      kind: 'paragraph',
      style: 'body',
      text: `${f.t('package.rule')}${labelSep}${ruleSentence(f, flag.type)}`,
    },
    {
      kind: 'paragraph',
      style: 'note',
      text: [
        `${f.t('csv.period')} ${flag.period}`,
        f.tf('flags.firstSeen', { week: flag.firstSeen }),
        f.tf(flag.openBeyondHistory ? 'flags.weeksOpenBeyond' : 'flags.weeksOpen', {
          n: f.number(flag.openPeriods),
        }),
      ].join(' · '),
    },
  ];
  const facts = evidenceFacts(f, flag);
  if (facts.length > 0) {
    blocks.push({
      kind: 'table',
      caption: f.t('package.numbers'),
      fontSize: 8,
      columns: [
        { header: f.t('package.item'), width: 3, align: 'left' },
        { header: f.t('package.value'), width: 2, align: 'right' },
      ],
      rows: facts.map((x) => [{ text: x.label }, { text: x.value }]),
    });
  }
  for (const table of evidenceTables(f, flag)) {
    blocks.push({
      kind: 'table',
      caption: `${table.caption}${f.lang === 'zh' ? '（' : ' ('}${f.number(table.rows.length)}${
        f.lang === 'zh' ? '）' : ')'
      }`,
      fontSize: 7.5,
      columns: table.columns.map((c) => ({
        header: c.label,
        // A power's name is long, its code short; a day's columns are all numbers.
        width: c.key === 'name' ? 4 : 1,
        align: c.numeric ? 'right' : 'left',
      })),
      rows: table.rows.map((r) =>
        r.cells.map((c) => ({ text: c.text, ...(r.alert ? { fill: STATUS_FILLS.missed } : {}) })),
      ),
    });
  }
  blocks.push(
    flag.sources.length === 0
      ? {
          kind: 'paragraph',
          style: 'body',
          text: `${f.t('flags.sources')}${labelSep}${f.t('flags.noSources')}`,
        }
      : {
          kind: 'table',
          caption: f.t('flags.sources'),
          fontSize: 7,
          columns: [
            { header: f.t('package.fileName'), width: 2.4, align: 'left' },
            // Wide enough for the whole hash on one line, so it can be compared as printed.
            { header: f.t('package.sha256'), width: 6, align: 'left' },
            { header: f.t('package.loadedAt'), width: 1.9, align: 'left' },
          ],
          rows: flag.sources.map((s) => [
            { text: `${sourceKind(f, s.kind)}\n${s.fileName}` },
            { text: s.sha256 },
            { text: f.dateTime(s.loadedAt) },
          ]),
        },
  );
  return blocks;
}

export function buildEvidenceDocument(pkg: EvidencePackage): ReportDocument {
  const f = formatters(pkg.lang);
  const title = packageTitle(f, pkg);
  return {
    lang: pkg.lang,
    title,
    runningHeader: `${title} · ${pkg.period.label}`,
    footer: f.t('report.footer'),
    createdAt: reportCreatedAt(pkg),
    blocks: [
      {
        kind: 'cover',
        title,
        marking: f.t('report.marking'),
        lines: [...periodLines(f, pkg), f.tf('package.intro', { n: f.number(pkg.flags.length) })],
      },
      ...pkg.flags.flatMap((flag, i) => flagBlocks(f, flag, i + 1)),
    ],
  };
}
