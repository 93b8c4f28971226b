/**
 * What the weekly report says, in order, in the reader's language: the cover block, the
 * summary, the league table against targets, the flags grouped by type with their evidence in
 * words, the charts, and a page for each district at the bottom of the ranking. A district
 * officer's report covers their district only: its metrics, its flags and its trends, with no
 * ranking (the other districts are outside its scope). Pure: numbers in, blocks out.
 */
import type { CaseLedger, LedgerCase } from '../cases/ledger.server';
import { STATE_NAMES, WARNING_NAMES } from '../../oversight/cases';
import type { FlagType } from '../../oversight/types';
import { evidenceFacts, evidenceTables } from '../flags/evidence';
import {
  formatMetricCounts,
  formatMetricNumber,
  formatMetricValue,
} from '../components/format-metric';
import { formatters, isMessageKey, type Formatters } from '../i18n';
import type { FlagWithSources } from '../weeks/oversight.server';
import type { UnitScore } from '../../oversight/scorecard';
import { FLAG_TYPES, METRICS, type MetricName, type Status } from '../../oversight/types';
import { cityCharts, focusCharts } from './charts';
import { summarySentences } from './summary';
import type {
  FocusDistrict,
  ReportBlock,
  ReportData,
  ReportDocument,
  TableCell,
  TableColumn,
} from './types';

/** Light tints behind a status word: the word carries the meaning, the tint helps the eye. */
export const STATUS_FILLS: Record<Status, string> = {
  met: '#e6f4ea',
  near: '#fff3cd',
  missed: '#fde2e1',
  no_data: '#eef0f3',
};

const ZH_NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/** Section headings numbered as official briefings are: 一、二、… / 1. 2. … */
function sectionNumberer(f: Formatters) {
  let n = 0;
  return (text: string) => {
    n++;
    return f.lang === 'zh' ? `${ZH_NUMERALS[n - 1] ?? n}、${text}` : `${n}. ${text}`;
  };
}

/** The report's title, built from the city's name (and the district's, for an officer). */
export function reportTitle(f: Formatters, data: Pick<ReportData, 'cityName' | 'district'>) {
  return data.district
    ? f.tf('report.titleDistrict', { city: data.cityName, district: data.district.name })
    : f.tf('report.title', { city: data.cityName });
}

/**
 * The PDF's creation date from the data: the time the last load was committed (UTC), or the
 * day after the period when nothing was ever loaded. Never the clock, so the same data gives
 * the same bytes.
 */
export function reportCreatedAt(data: Pick<ReportData, 'lastLoadedAt' | 'period'>): Date {
  const m = data.lastLoadedAt
    ? /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})/.exec(data.lastLoadedAt)
    : null;
  if (m) {
    const [, y, mo, d, h, mi, s] = m.map(Number) as [number, ...number[]];
    return new Date(Date.UTC(y!, mo! - 1, d!, h!, mi!, s!));
  }
  const [y, mo, d] = data.period.end.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, mo - 1, d + 1));
}

/**
 * The cover's lines about the data: the period with its days, the department, the cut-off and
 * the last load — the same on the weekly report and on an evidence package.
 */
export function periodLines(
  f: Formatters,
  data: Pick<ReportData, 'period' | 'department' | 'lastDataDate' | 'lastLoadedAt'>,
): string[] {
  const { period } = data;
  const lines = [
    f.tf('report.period', {
      label: period.label,
      start: f.date(period.start),
      end: f.date(period.end),
    }),
  ];
  if (data.department) lines.push(f.tf('report.department', { department: data.department }));
  lines.push(
    data.lastDataDate
      ? f.tf('report.cutoff', { date: f.date(data.lastDataDate) })
      : f.t('report.cutoffNone'),
  );
  if (data.lastLoadedAt) {
    lines.push(f.tf('report.loadedAt', { time: f.dateTime(data.lastLoadedAt) }));
  }
  return lines;
}

function coverBlock(f: Formatters, data: ReportData, title: string): ReportBlock {
  const lines = periodLines(f, data);
  return { kind: 'cover', title, marking: f.t('report.marking'), lines };
}

/** The metrics a table shows: every one that has a target for some unit. */
function metricsWithTargets(units: readonly UnitScore[]): MetricName[] {
  return METRICS.filter((m) => units.some((u) => u.metrics[m].target !== null));
}

/** The target most units share, shown once in the column header. */
function commonTarget(units: readonly UnitScore[], metric: MetricName): number | null {
  const counts = new Map<number, number>();
  for (const u of units) {
    const t = u.metrics[metric].target?.value;
    if (t !== undefined) counts.set(t, (counts.get(t) ?? 0) + 1);
  }
  let best: number | null = null;
  for (const [t, n] of counts) if (best === null || n > (counts.get(best) ?? 0)) best = t;
  return best;
}

export function rankChangeText(f: Formatters, change: number | null): string {
  if (change === null) return f.t('report.league.new');
  if (change === 0) return '=';
  return `${change > 0 ? '▲' : '▼'}${Math.abs(change)}`;
}

/**
 * Every unit against its targets: rank with its change, the district with its score, each
 * metric's value and status (the online rate with its counts), and the flags.
 */
export function leagueTable(f: Formatters, units: readonly UnitScore[]): ReportBlock {
  const metrics = metricsWithTargets(units);
  const targets = new Map(metrics.map((m) => [m, commonTarget(units, m)]));
  const columns: TableColumn[] = [
    { header: f.t('league.rank'), width: 1, align: 'center' },
    { header: f.t('league.district'), width: 2, align: 'left' },
    ...metrics.map((m): TableColumn => {
      const t = targets.get(m) ?? null;
      return {
        header:
          t === null
            ? f.t(`metric.${m}`)
            : `${f.t(`metric.${m}`)}\n${f.t('common.target')} ${formatMetricNumber(f, m, t)}`,
        width: 2,
        align: 'center',
      };
    }),
    { header: f.t('league.flags'), width: 0.9, align: 'center' },
  ];
  const rows = units.map((u): TableCell[] => [
    {
      text: u.rank === null ? '—' : `${u.rank}\n${rankChangeText(f, u.rankChange)}`,
      bold: true,
    },
    {
      text: `${u.districtName}\n${
        u.score === null ? f.t('league.unranked') : `${f.t('league.score')} ${f.number(u.score, 2)}`
      }`,
    },
    ...metrics.map((m): TableCell => {
      const metric = u.metrics[m];
      const lines = [
        formatMetricCounts(f, metric),
        `${formatMetricNumber(f, m, metric.value)} ${f.t(`status.${metric.status}`)}`,
      ];
      // A district with a target of its own says so in its cell.
      const shared = targets.get(m) ?? null;
      if (metric.target && metric.target.value !== shared) {
        lines.push(`${f.t('common.target')} ${formatMetricNumber(f, m, metric.target.value)}`);
      }
      return {
        text: lines.filter((l): l is string => l !== null).join('\n'),
        fill: STATUS_FILLS[metric.status],
      };
    }),
    { text: f.number(u.flags.length), bold: u.flags.some((x) => x.severity === 'high') },
  ]);
  return { kind: 'table', columns, rows, fontSize: 6.5 };
}

/**
 * One unit's metrics against their targets: value (with counts), target, status — two metrics
 * to a row, so a district's page keeps room for its charts.
 */
export function metricsTable(f: Formatters, unit: UnitScore): ReportBlock {
  const half: TableColumn[] = [
    { header: f.t('report.metric'), width: 2.1, align: 'left' },
    { header: f.t('report.value'), width: 2.4, align: 'right' },
    { header: f.t('report.target'), width: 1.4, align: 'right' },
    { header: f.t('report.status'), width: 1.3, align: 'center' },
  ];
  const cells = (m: MetricName | undefined): TableCell[] => {
    if (!m) return [{ text: '' }, { text: '' }, { text: '' }, { text: '' }];
    const metric = unit.metrics[m];
    return [
      { text: f.t(`metric.${m}`) },
      { text: formatMetricValue(f, metric) },
      {
        text: metric.target
          ? formatMetricNumber(f, m, metric.target.value)
          : f.t('common.noTarget'),
      },
      { text: f.t(`status.${metric.status}`), fill: STATUS_FILLS[metric.status] },
    ];
  };
  const perColumn = Math.ceil(METRICS.length / 2);
  const rows = Array.from({ length: perColumn }, (_, i) => [
    ...cells(METRICS[i]),
    ...cells(METRICS[i + perColumn]),
  ]);
  return { kind: 'table', columns: [...half, ...half], rows, fontSize: 7.5 };
}

/** "道里区（230102）" / "道里区 (230102)": full-width brackets in Chinese text only. */
const paren = (f: Formatters, text: string, inner: string) =>
  f.lang === 'zh' ? `${text}（${inner}）` : `${text} (${inner})`;

const sourceKind = (f: Formatters, kind: string) => {
  const key = `kind.${kind}`;
  return isMessageKey(key) ? f.t(key) : kind;
};

/** One flag: where and how bad, what (the rule's own sentence), since when, the evidence. */
export function flagBlocks(f: Formatters, flag: FlagWithSources): ReportBlock[] {
  const blocks: ReportBlock[] = [
    {
      kind: 'heading',
      level: 3,
      text: f.tf('report.flags.where', {
        district: flag.districtName,
        department: flag.department || f.t('flags.allDepartments'),
        severity: f.t(`severity.${flag.severity}`),
      }),
    },
    { kind: 'paragraph', style: 'strong', text: f.lang === 'zh' ? flag.titleZh : flag.titleEn },
    {
      kind: 'paragraph',
      style: 'note',
      text: [
        f.tf('flags.firstSeen', { week: flag.firstSeen }),
        f.tf(flag.openBeyondHistory ? 'flags.weeksOpenBeyond' : 'flags.weeksOpen', {
          n: f.number(flag.openPeriods),
        }),
      ].join(' · '),
    },
  ];
  const [labelSep, factSep] = f.lang === 'zh' ? ['：', '；'] : [': ', '; '];
  const facts = evidenceFacts(f, flag);
  if (facts.length > 0) {
    blocks.push({
      kind: 'paragraph',
      style: 'body',
      text: `${f.t('flags.evidence')}${labelSep}${facts
        .map((x) => `${x.label} ${x.value}`)
        .join(factSep)}`,
    });
  }
  for (const table of evidenceTables(f, flag)) {
    if (table.columns.length <= 2) {
      // A list of powers (code, name) reads better as a sentence than as a page-long table.
      const items = table.rows.map((r) => r.cells.map((c) => c.text).join(' '));
      blocks.push({
        kind: 'paragraph',
        style: 'note',
        text: `${table.caption}${labelSep}${items.join(f.lang === 'zh' ? '、' : ', ')}`,
      });
      continue;
    }
    blocks.push({
      kind: 'table',
      caption: table.caption,
      fontSize: 7,
      columns: table.columns.map((c) => ({
        header: c.label,
        width: 1,
        align: c.numeric ? 'right' : 'left',
      })),
      rows: table.rows.map((r) =>
        r.cells.map((c) => ({ text: c.text, ...(r.alert ? { fill: STATUS_FILLS.missed } : {}) })),
      ),
    });
  }
  const sources = flag.sources.map((s) =>
    paren(f, `${sourceKind(f, s.kind)} ${s.fileName}`, `SHA-256 ${s.sha256.slice(0, 12)}`),
  );
  blocks.push({
    kind: 'paragraph',
    style: 'note',
    text: `${f.t('flags.sources')}${labelSep}${
      sources.length > 0 ? sources.join(factSep) : f.t('flags.noSources')
    }`,
  });
  return blocks;
}

/** The flags of the week grouped by type, in the dashboard's order. */
function flagSection(f: Formatters, flags: readonly FlagWithSources[]): ReportBlock[] {
  if (flags.length === 0)
    return [{ kind: 'paragraph', style: 'body', text: f.t('flagSummary.none') }];
  return FLAG_TYPES.flatMap((type) => {
    const own = flags.filter((x) => x.type === type);
    if (own.length === 0) return [];
    return [
      {
        kind: 'heading' as const,
        level: 2 as const,
        text: f.tf('report.flags.group', {
          type: f.t(`flagType.${type}`),
          n: f.number(own.length),
        }),
      },
      ...own.flatMap((flag) => flagBlocks(f, flag)),
    ];
  });
}

/**
 * A laggard's page: rank, metrics against targets, its flags in a line each, and its trends.
 * In a district's own report the metrics and flags have their sections already: trends only.
 */
function focusBlocks(f: Formatters, data: ReportData, d: FocusDistrict, first: boolean) {
  const u = d.unit;
  const blocks: ReportBlock[] = [
    { kind: 'heading', level: 2, text: paren(f, u.districtName, u.districtCode), newPage: !first },
  ];
  if (!data.district) {
    if (u.rank !== null && d.rankedCount !== null) {
      const rank = [
        f.tf('district.rank', { rank: u.rank, total: d.rankedCount }),
        u.rankChange === null
          ? f.t('league.rankNew')
          : u.rankChange === 0
            ? f.t('league.rankSame')
            : f.tf(u.rankChange > 0 ? 'league.rankUp' : 'league.rankDown', {
                n: Math.abs(u.rankChange),
              }),
        ...(u.score === null ? [] : [f.tf('district.score', { score: f.number(u.score, 2) })]),
      ];
      blocks.push({ kind: 'paragraph', style: 'strong', text: rank.join(' · ') });
    }
    const [open, close, separator] = f.lang === 'zh' ? ['【', '】', '；'] : ['[', '] ', '; '];
    blocks.push(metricsTable(f, u), {
      kind: 'paragraph',
      style: 'note',
      text:
        d.flags.length === 0
          ? f.t('district.noFlags')
          : `${f.t('district.flags')}${f.lang === 'zh' ? '：' : ': '}${d.flags
              .map(
                (x) =>
                  `${open}${f.t(`flagType.${x.type}`)}${close}${x.department ? `${x.department} ` : ''}${
                    f.lang === 'zh' ? x.titleZh : x.titleEn
                  }`,
              )
              .join(separator)}`,
    });
  }
  const open = data.cases.open.filter((c) => c.districtCode === u.districtCode);
  if (open.length > 0) {
    blocks.push({
      kind: 'paragraph',
      style: 'note',
      text: `${f.t('report.cases.focus')}${open.map((c) => caseLine(f, c)).join(f.lang === 'zh' ? '；' : '; ')}`,
    });
  }
  blocks.push(...focusCharts(f, d, data.period.end, data.throttledThreshold));
  return blocks;
}

/** "#3 医保 窗口限号 整改中 红牌超期 9月14日前": one case in a line. */
function caseLine(f: Formatters, c: LedgerCase): string {
  const flags = c.flagTypes.map((t) => f.t(`flagType.${t as FlagType}`)).join('、');
  const card = c.warning === 'none' ? '' : ` ${f.text(WARNING_NAMES[c.warning])}`;
  return `#${c.caseId} ${c.department} ${flags} ${f.text(STATE_NAMES[c.state])}${card} ${f.tf(
    'report.cases.due',
    { date: f.date(c.deadline) },
  )}`;
}

/** 整改台账: the week's movements in one sentence, then every open case, worst first. */
export function caseLedgerBlocks(f: Formatters, ledger: CaseLedger): ReportBlock[] {
  const n = (list: readonly unknown[]) => f.number(list.length);
  const blocks: ReportBlock[] = [
    {
      kind: 'paragraph',
      style: 'body',
      text: f.tf('report.cases.summary', {
        opened: n(ledger.opened),
        due: n(ledger.due),
        red: n(ledger.red),
        yellow: n(ledger.yellow),
        closed: n(ledger.closed),
        reopened: n(ledger.reopened),
        open: n(ledger.open),
      }),
    },
  ];
  const moved = [
    ['report.cases.opened', ledger.opened],
    ['report.cases.closed', ledger.closed],
    ['report.cases.reopened', ledger.reopened],
  ] as const;
  for (const [key, list] of moved) {
    if (list.length === 0) continue;
    blocks.push({
      kind: 'paragraph',
      style: 'note',
      text: `${f.t(key)}${list.map((c) => `#${c.caseId} ${c.districtName}`).join(f.lang === 'zh' ? '、' : ', ')}`,
    });
  }
  if (ledger.open.length === 0) return blocks;
  const columns: TableColumn[] = [
    { header: f.t('cases.id'), width: 0.6, align: 'center' },
    { header: f.t('cases.unit'), width: 1.6, align: 'left' },
    { header: f.t('cases.flags'), width: 2.4, align: 'left' },
    { header: f.t('cases.state'), width: 1, align: 'center' },
    { header: f.t('cases.deadline'), width: 1.2, align: 'center' },
    { header: f.t('cases.warning'), width: 1, align: 'center' },
  ];
  const rows = ledger.open.map((c): TableCell[] => [
    { text: `#${c.caseId}` },
    { text: `${c.districtName}\n${c.department}` },
    { text: c.flagTypes.map((t) => f.t(`flagType.${t as FlagType}`)).join('\n') },
    { text: f.text(STATE_NAMES[c.state]) },
    { text: f.date(c.deadline) },
    {
      text: f.text(WARNING_NAMES[c.warning]),
      bold: c.warning !== 'none',
      fill:
        c.warning === 'red'
          ? STATUS_FILLS.missed
          : c.warning === 'yellow'
            ? STATUS_FILLS.near
            : undefined,
    },
  ]);
  blocks.push({ kind: 'table', columns, rows, fontSize: 7, caption: f.t('report.cases.table') });
  return blocks;
}

export function buildReportDocument(data: ReportData): ReportDocument {
  const f = formatters(data.lang);
  const title = reportTitle(f, data);
  const numbered = sectionNumberer(f);
  const blocks: ReportBlock[] = [coverBlock(f, data, title)];
  const section = (text: string, newPage = false): ReportBlock => ({
    kind: 'heading',
    level: 1,
    text: numbered(text),
    newPage,
  });

  blocks.push(section(f.t('report.section.summary')));
  if (!data.scorecard.hasData) {
    // A week without data is a short report that says so, not an empty table.
    blocks.push({
      kind: 'paragraph',
      style: 'body',
      text: f.tf('report.noData', { period: data.period.label }),
    });
  } else {
    for (const text of summarySentences(f, data)) {
      blocks.push({ kind: 'paragraph', style: 'body', text });
    }
    const ranked = data.scorecard.units.filter((u) => u.rank !== null);
    if (data.district) {
      const unit = data.scorecard.units.find((u) => u.districtCode === data.district?.code);
      if (unit) blocks.push(section(f.t('report.section.metrics')), metricsTable(f, unit));
    } else {
      blocks.push(
        section(f.t('report.section.league')),
        { kind: 'paragraph', style: 'note', text: f.t('report.league.note') },
        leagueTable(f, data.scorecard.units),
      );
    }
    blocks.push(section(f.t('report.section.flags')), ...flagSection(f, data.flags));
    blocks.push(section(f.t('report.section.cases')), ...caseLedgerBlocks(f, data.cases));
    if (!data.district) {
      const subject = f.t('report.subjectCity');
      blocks.push(
        section(f.t('report.section.charts'), true),
        ...cityCharts(f, ranked, data.complaintWeeks, subject),
      );
    }
    if (data.focus.length > 0) {
      blocks.push(
        section(f.t(data.district ? 'report.section.trends' : 'report.section.laggards'), true),
      );
      if (!data.district) {
        blocks.push({
          kind: 'paragraph',
          style: 'note',
          text: f.tf('report.laggards.intro', { n: data.focus.length }),
        });
      }
      data.focus.forEach((d, i) => blocks.push(...focusBlocks(f, data, d, i === 0)));
    }
  }

  return {
    lang: data.lang,
    title,
    runningHeader: `${title} · ${data.period.label} · ${f.t('report.marking')}`,
    footer: f.t('report.footer'),
    createdAt: reportCreatedAt(data),
    blocks,
  };
}
