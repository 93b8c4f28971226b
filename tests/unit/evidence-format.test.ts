/**
 * Evidence is worded from its flag type's declaration: each field by its kind, tables from
 * declared columns, in both languages — the same words on the dashboard, in the PDF and the CLI.
 */
import { describe, expect, it } from 'vitest';
import { en } from '../../app/i18n/en';
import { formatters } from '../../app/i18n';
import { zhCN } from '../../app/i18n/zh-CN';
import { evidenceFacts, evidenceTables, type FlagEvidence } from '../../app/flags/evidence';
import { isTableKind } from '../../oversight/flags/declare';
import { FLAG_MESSAGES_EN, FLAG_MESSAGES_ZH } from '../../oversight/flags/messages';
import { FLAG_RULES, type FindingOf } from '../../oversight/flags/rules';
import { FLAG_TYPES } from '../../oversight/types';

const zh = formatters('zh');
const english = formatters('en');
const facts = (f: typeof zh, flag: FlagEvidence) =>
  Object.fromEntries(evidenceFacts(f, flag).map((x) => [x.label, x.value]));

const throttling: FlagEvidence = {
  type: 'ticket_throttling',
  evidence: {
    throttledDays: 3,
    threshold: 0.8,
    minUnmetShare: 0.1,
    ticketsIssued: 180,
    ticketCapacity: 360,
    visitors: 1200,
    unmetDemand: 1020,
    issuedShare: 0.5,
    unmetShare: 2.8333,
    days: [
      {
        date: '2020-08-17',
        ticketCapacity: 120,
        ticketsIssued: 60,
        visitors: 400,
        turnedAway: null,
        unmetDemand: 340,
      },
    ],
  } satisfies FindingOf<'ticket_throttling'>['evidence'],
};

describe('evidence worded from its declaration', () => {
  it('reads counts for the locale and shares as percentages, in the declared order', () => {
    expect(evidenceFacts(zh, throttling).map((x) => `${x.label} ${x.value}`)).toEqual([
      '限号天数 3',
      '限号阈值（发放号数 ÷ 日可办理量） 80.0%',
      '未取到号阈值（到场未取号人数 ÷ 日可办理量） 10.0%',
      '发放号数（限号日合计） 180',
      '日可办理量（限号日合计） 360',
      '到场人数（限号日合计） 1,200',
      '未满足需求（限号日合计，人） 1,020',
      '发放号数 ÷ 日可办理量（限号日合计） 50.0%',
      '到场未取号 ÷ 日可办理量（限号日合计） 283.3%',
    ]);
    expect(facts(english, throttling)['Throttling threshold (issued ÷ capacity)']).toBe('80.0%');
  });

  it('shows a list of days as a table of its declared columns, dates for the locale', () => {
    const [days] = evidenceTables(zh, throttling);
    expect(days?.caption).toBe('逐日明细');
    expect(days?.columns.map((c) => [c.label, c.numeric])).toEqual([
      ['日期', false],
      ['日可办理量', true],
      ['发放号数', true],
      ['到场人数', true],
      ['未取到号人数（记录）', true],
      ['未满足需求（人）', true],
    ]);
    expect(days?.rows[0]?.cells.map((c) => c.text)).toEqual([
      '2020年8月17日',
      '120',
      '60',
      '400',
      '—',
      '340',
    ]);
  });

  it('marks the rows its declaration says to look at: the out-of-queue cases on throttled days', () => {
    const flag: FlagEvidence = {
      type: 'out_of_queue_handling',
      evidence: {
        casesOutOfQueue: 9,
        casesCompleted: 300,
        rate: 0.03,
        target: 0,
        allowedRate: 0.03,
        chance: 0.2,
        onThrottledDays: 4,
        days: [
          { date: '2020-08-17', casesOutOfQueue: 4, casesCompleted: 60, throttled: true },
          { date: '2020-08-18', casesOutOfQueue: 5, casesCompleted: 70, throttled: false },
        ],
      } satisfies FindingOf<'out_of_queue_handling'>['evidence'],
    };
    const [days] = evidenceTables(zh, flag);
    expect(days?.rows.map((r) => [r.alert, r.cells.at(-1)?.text])).toEqual([
      [true, '是'],
      [false, '否'],
    ]);
  });

  it('names codes as terms: complaint categories and missing follow-up types', () => {
    const surge: FlagEvidence = {
      type: 'complaint_surge',
      evidence: {
        complaints: 20,
        previousPeriods: [4, 5, 6, 5],
        previousMean: 5,
        baseline: 5,
        factor: 4,
        chance: 0.0000016,
        byCategory: { queue: 12, intermediary: 8 },
      } satisfies FindingOf<'complaint_surge'>['evidence'],
    };
    expect(facts(zh, surge)).toMatchObject({
      前几期投诉件数: '4、5、6、5',
      按基线出现该件数的概率: '约 1/630,000',
      按类别: '排队 12、黄牛代办 8',
    });
    const delegation: FlagEvidence = {
      type: 'delegated_without_supervision',
      evidence: {
        batches: ['2020-06-22'],
        fromUnit: '市医保局',
        noticeDate: '2020-06-15',
        effectiveDate: '2020-06-22',
        daysElapsed: 63,
        graceDays: 30,
        powers: 1,
        powerList: [{ code: 'YB-001', name: '门诊慢特病待遇认定' }],
        missingActionTypes: ['training'],
      } satisfies FindingOf<'delegated_without_supervision'>['evidence'],
    };
    expect(facts(zh, delegation)).toMatchObject({
      // A batch is text from the file, even when it looks like a date.
      下放批次: '2020-06-22',
      承接日期: '2020年6月22日',
      缺少的跟进类型: '业务培训',
    });
    expect(evidenceTables(english, delegation)[0]?.rows[0]?.cells.map((c) => c.text)).toEqual([
      'YB-001',
      '门诊慢特病待遇认定',
    ]);
  });
});

describe('the flag declarations', () => {
  it('declare every flag type, each under its own name', () => {
    expect(Object.keys(FLAG_RULES).sort()).toEqual([...FLAG_TYPES].sort());
    for (const [type, rule] of Object.entries(FLAG_RULES)) expect(rule.type).toBe(type);
  });

  it('give every evidence field and table column a label in both languages', () => {
    const labels: Record<string, string>[] = [zhCN, en];
    for (const rule of Object.values(FLAG_RULES)) {
      for (const [field, kind] of Object.entries(rule.fields)) {
        const names = [field, ...(isTableKind(kind) ? Object.keys(kind.table) : [])];
        for (const name of names) {
          for (const catalogue of labels) {
            expect(catalogue[`evidence.${name}`], `${rule.type}: ${name}`).toMatch(/\S/);
          }
        }
      }
    }
  });

  it('word their titles from catalogue entries that exist in both languages', () => {
    expect(Object.keys(FLAG_MESSAGES_EN).sort()).toEqual(Object.keys(FLAG_MESSAGES_ZH).sort());
    for (const [key, text] of Object.entries(FLAG_MESSAGES_ZH)) {
      expect(key.split('.')[1], key).toBeOneOf([...FLAG_TYPES]);
      // The same placeholders in both languages, so neither leaves a {name} unfilled.
      const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(names(FLAG_MESSAGES_EN[key as keyof typeof FLAG_MESSAGES_EN]), key).toEqual(
        names(text),
      );
    }
  });
});
