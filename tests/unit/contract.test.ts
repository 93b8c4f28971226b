import { describe, expect, it } from 'vitest';
import {
  CONTRACTS,
  contractFor,
  KINDS,
  matchHeader,
  normaliseHeader,
  recogniseKind,
  type Contract,
  type KindResult,
} from '../../etl/contract';

const englishHeader = (c: Contract) => c.columns.map((column) => column.key);
const chineseHeader = (c: Contract) => c.columns.map((column) => column.zh[0]!);
const requiredOnly = (c: Contract, names: (c: Contract) => string[]) =>
  names(c).filter((_, i) => c.columns[i]!.required);

/** The recognised kind, or the reason it was not recognised (which fails the test readably). */
function kindOf(result: KindResult): string {
  return result.ok ? result.match.contract.kind : `unrecognised: ${result.reason.en}`;
}

function recognised(result: KindResult) {
  if (!result.ok) throw new Error(`expected a recognised header: ${result.reason.en}`);
  return result.match;
}

describe('recognising the kind of a file from its header', () => {
  it('has a contract for every kind', () => {
    expect(CONTRACTS.map((c) => c.kind).sort()).toEqual([...KINDS].sort());
  });

  it.each(KINDS)('recognises %s from its English header', (kind) => {
    const result = recogniseKind(englishHeader(contractFor(kind)));
    expect(kindOf(result)).toBe(kind);
    const match = recognised(result);
    expect(match.missingRequired).toEqual([]);
    expect(match.extra).toEqual([]);
    expect(match.sourceIndex).toEqual(contractFor(kind).columns.map((_, i) => i));
  });

  it.each(KINDS)('recognises %s from its Chinese header', (kind) => {
    const result = recogniseKind(chineseHeader(contractFor(kind)));
    expect(kindOf(result)).toBe(kind);
    const match = recognised(result);
    expect(match.missingRequired).toEqual([]);
    expect(match.sourceIndex).toEqual(contractFor(kind).columns.map((_, i) => i));
  });

  it.each(KINDS)('recognises %s from its required columns alone, in any order', (kind) => {
    const header = requiredOnly(contractFor(kind), chineseHeader).reverse();
    expect(kindOf(recogniseKind(header))).toBe(kind);
  });

  it('recognises a header that mixes English and Chinese names', () => {
    const header = ['日期', 'district_code', '服务中心编码', 'department', '开放窗口数'];
    header.push('ticket_capacity', '发放号数', 'visitors', '受理件数', 'cases_completed');
    expect(kindOf(recogniseKind(header))).toBe('window_daily');
  });

  it('takes 承接区划代码 as the district of a delegation', () => {
    const header = chineseHeader(contractFor('delegations'));
    expect(header).toContain('承接区划代码');
    const plain = header.map((h) => (h === '承接区划代码' ? '区划代码' : h));
    expect(kindOf(recogniseKind(plain))).toBe('delegations');
  });
});

describe('matching header names', () => {
  it.each([
    ['ignores case', 'Ticket_Capacity', 'ticket_capacity'],
    ['ignores capitals throughout', 'TICKETS_ISSUED', 'tickets_issued'],
    ['ignores surrounding spaces', '  visitors  ', 'visitors'],
    ['ignores surrounding spaces around Chinese names', ' 到场人数\t', '到场人数'],
    ['reads spaces as underscores', 'Cases Accepted', 'cases_accepted'],
    ['ignores a unit in full-width brackets', '平均等候时长（分钟）', '平均等候时长'],
    ['ignores a unit in ASCII brackets', 'avg_wait_minutes (min)', 'avg_wait_minutes'],
    ['ignores a byte order mark', '\uFEFFdate', 'date'],
  ])('%s: "%s" is %s', (_case, written, canonical) => {
    expect(normaliseHeader(written)).toBe(normaliseHeader(canonical));
  });

  it('finds every window_daily column however the export spells the header', () => {
    const header = [
      ' DATE ',
      'District_Code',
      'Center Code',
      '服务中心名称',
      'DEPARTMENT',
      '开放窗口数 ',
      ' 在岗人数',
      'Ticket Capacity',
      '发放号数',
      '到场人数（人）',
      'Turned_Away',
      'cases_accepted',
      '办结件数',
      '未取号办理件数(件)',
      '平均等候时长（分钟）',
      'Ratings_Good',
      '差评数',
    ];
    const match = recognised(recogniseKind(header));
    expect(match.contract.kind).toBe('window_daily');
    expect(match.missingRequired).toEqual([]);
    expect(match.extra).toEqual([]);
    expect(match.sourceIndex).toEqual(header.map((_, i) => i));
  });

  it('reports a column named twice', () => {
    const header = [...englishHeader(contractFor('targets')), '目标值'];
    expect(matchHeader(contractFor('targets'), header).duplicated).toEqual(['目标值']);
  });
});

describe('a header that matches no kind', () => {
  const header = ['ticket_id', 'received_at', 'remarks'];
  const result = recogniseKind(header);

  it('is not recognised', () => {
    expect(result.ok).toBe(false);
  });

  it('names the closest kind in Chinese and English', () => {
    if (result.ok) throw new Error('recognised');
    expect(result.closest?.contract.kind).toBe('complaints');
    expect(result.reason.zh).toContain('投诉工单');
    expect(result.reason.zh).toContain('complaints');
    expect(result.reason.en).toContain('closest kind is complaints');
  });

  it('lists the closest kind’s missing columns in both languages', () => {
    if (result.ok) throw new Error('recognised');
    const missing = ['district_code/区划代码', 'channel/来源渠道', 'category/诉求类别'];
    missing.push('status/办理状态');
    for (const column of missing) {
      expect(result.reason.zh).toContain(column);
      expect(result.reason.en).toContain(column);
    }
    expect(result.closest?.missingRequired.map((c) => c.key)).toEqual([
      'district_code',
      'channel',
      'category',
      'status',
    ]);
    // Columns the file does have are not reported missing.
    expect(result.reason.en).not.toContain('ticket_id');
    expect(result.reason.en).not.toContain('received_at');
  });

  it('is not recognised when the header is empty', () => {
    expect(recogniseKind(['', '']).ok).toBe(false);
  });
});

describe('a header missing a required column', () => {
  it('is still recognised when it is clearly one kind, with the column listed as missing', () => {
    const header = englishHeader(contractFor('window_daily')).filter((h) => h !== 'visitors');
    const match = recognised(recogniseKind(header));
    expect(match.contract.kind).toBe('window_daily');
    expect(match.missingRequired.map((c) => c.key)).toEqual(['visitors']);
  });

  it('does not miss an optional column that is absent', () => {
    const header = requiredOnly(contractFor('complaints'), englishHeader);
    expect(recognised(recogniseKind(header)).missingRequired).toEqual([]);
  });
});

describe('extra columns', () => {
  it('are ignored and listed so the loader can warn about them', () => {
    const header = [...chineseHeader(contractFor('targets')), '备注说明', ' source '];
    const match = recognised(recogniseKind(header));
    expect(match.contract.kind).toBe('targets');
    expect(match.extra).toEqual(['备注说明', 'source']);
    expect(match.missingRequired).toEqual([]);
  });

  it('leave the columns the kind needs where they are', () => {
    const header = ['备注说明', ...englishHeader(contractFor('districts'))];
    const match = recognised(recogniseKind(header));
    expect(match.sourceIndex).toEqual([1, 2, 3, 4, 5]);
  });
});

describe('--kind', () => {
  it('overrides recognition: an unrecognisable header is read as the forced kind', () => {
    const header = ['ticket_id', 'received_at', 'remarks'];
    expect(recogniseKind(header).ok).toBe(false);
    const match = recognised(recogniseKind(header, 'complaints'));
    expect(match.contract.kind).toBe('complaints');
    expect(match.missingRequired.map((c) => c.key)).toEqual([
      'district_code',
      'channel',
      'category',
      'status',
    ]);
  });

  it('wins over the kind the header looks like', () => {
    const header = englishHeader(contractFor('supervision'));
    expect(kindOf(recogniseKind(header))).toBe('supervision');
    const match = recognised(recogniseKind(header, 'window_daily'));
    expect(match.contract.kind).toBe('window_daily');
    expect(match.missingRequired.length).toBeGreaterThan(0);
  });
});
