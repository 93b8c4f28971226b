import { describe, expect, it } from 'vitest';
import {
  daysBetween,
  inIsoWeeks,
  isoWeekday,
  isoWeekOf,
  listIsoWeeks,
  toDay,
} from '../../etl/demo/calendar';
import { generateDemoFiles, type DemoFile } from '../../etl/demo/generate';
import { isOfficialWorkingDay, officialWorkingDays } from '../../oversight/calendar';
import { weekPeriod } from '../../oversight/period';
import {
  DEFAULT_SEED,
  DELEGATION_BATCHES,
  DEMO_CITY,
  DEMO_DISTRICTS,
  DEMO_TARGETS,
  ONLINE_ITEMS,
  PLANTED,
  TIMELY_SUPERVISION,
  type Department,
} from '../../etl/demo/planted';

type Row = Record<string, string>;

/** Raw rows of one demo file: decoded by its known encoding, split naively (no quoting is used). */
function readRows(files: readonly DemoFile[], name: string): Row[] {
  const file = files.find((f) => f.name === name);
  if (!file) throw new Error(`no demo file ${name}`);
  const encoding = name === 'online_availability.csv' ? 'gb18030' : 'utf-8';
  const text = new TextDecoder(encoding).decode(file.bytes); // drops a UTF-8 BOM
  const delimiter = name.endsWith('.tsv') ? '\t' : ',';
  const [headerLine = '', ...lines] = text.split('\n');
  expect(lines.pop()).toBe(''); // ends with a newline
  const header = headerLine.split(delimiter);
  return lines.map((line) => {
    const cells = line.split(delimiter);
    expect(cells).toHaveLength(header.length);
    return Object.fromEntries(header.map((h, i) => [h, cells[i] ?? '']));
  });
}

function headerOf(files: readonly DemoFile[], name: string): string[] {
  const file = files.find((f) => f.name === name);
  if (!file) throw new Error(`no demo file ${name}`);
  const encoding = name === 'online_availability.csv' ? 'gb18030' : 'utf-8';
  const firstLine = new TextDecoder(encoding).decode(file.bytes).split('\n')[0] ?? '';
  return firstLine.split(name.endsWith('.tsv') ? '\t' : ',');
}

function cell(row: Row, column: string): string {
  const value = row[column];
  if (value === undefined) throw new Error(`no column ${column}`);
  return value;
}

function num(row: Row, column: string): number {
  const value = Number(cell(row, column));
  if (!Number.isFinite(value)) throw new Error(`${column} is not a number: ${row[column]}`);
  return value;
}

/** '2020/8/18 09:30' -> '2020-08-18'. */
function complaintDate(value: string): string {
  const match = /^(\d{4})\/(\d{1,2})\/(\d{1,2}) \d{2}:\d{2}$/.exec(value);
  if (!match) throw new Error(`not a 12345 date-time: ${value}`);
  return `${match[1]}-${match[2]?.padStart(2, '0')}-${match[3]?.padStart(2, '0')}`;
}

function countBy<T>(items: readonly T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

const is = (district: string, department: Department) => (row: Row) =>
  row['district_code'] === district && row['department'] === department;

describe('demo generator: files', () => {
  const files = generateDemoFiles();

  it('writes the seven kinds of the data contract', () => {
    expect(files.map((f) => [f.name, f.kind])).toEqual([
      ['districts.csv', 'districts'],
      ['window_daily.csv', 'window_daily'],
      ['online_availability.csv', 'online_availability'],
      ['complaints.tsv', 'complaints'],
      ['delegations.csv', 'delegations'],
      ['supervision.csv', 'supervision'],
      ['targets.csv', 'targets'],
    ]);
    const totalBytes = files.reduce((sum, f) => sum + f.bytes.length, 0);
    expect(totalBytes).toBeLessThan(3_000_000);
  });

  it('is deterministic: two runs give the same bytes, another seed other numbers', () => {
    const again = generateDemoFiles({ seed: DEFAULT_SEED });
    files.forEach((file, i) =>
      expect(file.bytes.equals(again[i]?.bytes ?? Buffer.alloc(0))).toBe(true),
    );
    const other = generateDemoFiles({ seed: 7 });
    const window = (fs: DemoFile[]) => fs.find((f) => f.name === 'window_daily.csv')?.bytes;
    expect(window(other)?.equals(window(files) ?? Buffer.alloc(0))).toBe(false);
  });

  it('writes the headers in the contract order, in the language of each file', () => {
    expect(headerOf(files, 'districts.csv')).toEqual([
      '区划代码',
      '区县名称',
      '层级',
      '上级区划代码',
      '常住人口',
    ]);
    expect(headerOf(files, 'window_daily.csv')).toEqual([
      'date',
      'district_code',
      'center_code',
      'center_name',
      'department',
      'windows_open',
      'staff_on_duty',
      'ticket_capacity',
      'tickets_issued',
      'visitors',
      'cases_accepted',
      'cases_completed',
      'cases_out_of_queue',
      'avg_wait_minutes',
      'ratings_good',
      'ratings_bad',
    ]);
    expect(headerOf(files, 'online_availability.csv')).toEqual([
      '统计日期',
      '区划代码',
      '业务条线',
      '事项总数',
      '不宜网办事项数',
      '网上可办事项数',
      '网上可查询事项数',
    ]);
    expect(headerOf(files, 'complaints.tsv')).toEqual([
      '工单编号',
      '受理时间',
      '区划代码',
      '业务条线',
      '来源渠道',
      '诉求类别',
      '办理状态',
      '办结时间',
      '是否满意',
    ]);
    expect(headerOf(files, 'delegations.csv')).toEqual([
      '批次',
      '通知日期',
      '事权编码',
      '事权名称',
      '业务条线',
      '下放单位',
      '承接区划代码',
      '承接日期',
    ]);
    expect(headerOf(files, 'supervision.csv')).toEqual([
      'date',
      'district_code',
      'department',
      'power_code',
      'action_type',
      'performed_by',
      'notes',
    ]);
    expect(headerOf(files, 'targets.csv')).toEqual([
      '指标',
      '目标值',
      '区划代码',
      '业务条线',
      '生效日期',
    ]);
  });

  it('writes online availability in GB18030, which is not valid UTF-8', () => {
    const file = files.find((f) => f.name === 'online_availability.csv');
    if (!file) throw new Error('missing online_availability.csv');
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(file.bytes)).toThrow();
    expect(
      new TextDecoder('gb18030').decode(file.bytes).startsWith('统计日期,区划代码,业务条线'),
    ).toBe(true);
  });

  it('writes complaints as UTF-8 with a BOM, tab-delimited; the others as UTF-8 without BOM', () => {
    for (const file of files) {
      const bom = file.bytes.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]));
      expect(bom, file.name).toBe(file.name === 'complaints.tsv');
      expect(file.bytes.includes('\r'), file.name).toBe(false);
    }
    const complaints = files.find((f) => f.name === 'complaints.tsv');
    const firstLine = new TextDecoder().decode(complaints?.bytes).split('\n')[0] ?? '';
    expect(firstLine.split('\t')[0]).toBe('工单编号');
    expect(firstLine.includes(',')).toBe(false);
  });

  it('lists the city and its 18 districts with real codes and Chinese level labels', () => {
    const rows = readRows(files, 'districts.csv');
    expect(rows).toHaveLength(1 + DEMO_DISTRICTS.length);
    expect(rows[0]).toEqual({
      区划代码: DEMO_CITY.code,
      区县名称: DEMO_CITY.name,
      层级: '市',
      上级区划代码: '',
      常住人口: String(DEMO_DISTRICTS.reduce((s, d) => s + d.population, 0)),
    });
    expect(countBy(rows.slice(1), (r) => cell(r, '层级'))).toEqual(
      new Map([
        ['区', 9],
        ['县', 7],
        ['县级市', 2],
      ]),
    );
    for (const row of rows.slice(1)) {
      expect(cell(row, '区划代码')).toMatch(/^2301\d\d$/);
      expect(cell(row, '上级区划代码')).toBe(DEMO_CITY.code);
    }
  });

  it('writes the targets, with one department row and one district row for precedence', () => {
    expect(readRows(files, 'targets.csv')).toEqual(
      DEMO_TARGETS.map((t) => ({
        指标: t.metric,
        目标值: String(t.target),
        区划代码: t.district,
        业务条线: t.department,
        生效日期: t.effectiveFrom,
      })),
    );
  });

  it('writes sane rows: working days only, consistent counts, unique complaint ids', () => {
    for (const row of readRows(files, 'window_daily.csv')) {
      // Closed on holidays, open on the make-up Saturdays and Sundays (调休).
      expect(isOfficialWorkingDay(cell(row, 'date')), cell(row, 'date')).toBe(true);
      expect(num(row, 'cases_completed')).toBeLessThanOrEqual(num(row, 'cases_accepted'));
      expect(num(row, 'cases_out_of_queue')).toBeLessThanOrEqual(num(row, 'cases_completed'));
      expect(cell(row, 'avg_wait_minutes')).toMatch(/^\d+\.\d$/);
    }
    const complaints = readRows(files, 'complaints.tsv');
    const ids = complaints.map((r) => cell(r, '工单编号'));
    expect(new Set(ids).size).toBe(ids.length);
    for (const row of complaints) {
      expect(cell(row, '工单编号')).toMatch(/^12345-\d{8}-\d{4}$/);
      const open = cell(row, '办理状态') === '待办理';
      expect(cell(row, '办结时间') === '').toBe(open);
      if (!open)
        expect(
          daysBetween(complaintDate(cell(row, '受理时间')), complaintDate(cell(row, '办结时间'))),
        ).toBeGreaterThan(0);
    }
  });
});

describe.each([DEFAULT_SEED, 7])('demo generator: planted patterns (seed %i)', (seed) => {
  const files = generateDemoFiles({ seed });
  const window = readRows(files, 'window_daily.csv');
  const online = readRows(files, 'online_availability.csv');
  const complaints = readRows(files, 'complaints.tsv');
  const delegations = readRows(files, 'delegations.csv');
  const supervision = readRows(files, 'supervision.csv');

  it('throttles 道里区 医保: about half of 120 tickets against ~200 visitors, cases out of queue', () => {
    const t = PLANTED.throttling;
    const centre = window.filter(is(t.district, t.department));
    const throttled = centre.filter((r) => inIsoWeeks(cell(r, 'date'), t.weeks));
    expect(throttled).toHaveLength(t.workingDays);
    expect(throttled[0]?.['date']).toBe(t.from);
    for (const row of throttled) {
      expect(num(row, 'ticket_capacity')).toBe(t.capacity);
      const issued = num(row, 'tickets_issued');
      expect(issued).toBeGreaterThanOrEqual(t.issuedRange[0]);
      expect(issued).toBeLessThanOrEqual(t.issuedRange[1]);
      expect(num(row, 'visitors')).toBeGreaterThanOrEqual(t.visitorsRange[0]);
      expect(num(row, 'visitors')).toBeLessThanOrEqual(t.visitorsRange[1]);
      expect(num(row, 'cases_out_of_queue')).toBeGreaterThanOrEqual(t.outOfQueueRange[0]);
      expect(num(row, 'cases_out_of_queue')).toBeLessThanOrEqual(t.outOfQueueRange[1]);
    }
    // The throttling rule's day test holds on exactly the planted days, in every centre.
    const throttledDay = (r: Row) =>
      num(r, 'tickets_issued') < 0.8 * num(r, 'ticket_capacity') &&
      num(r, 'visitors') > num(r, 'tickets_issued');
    expect(window.filter(throttledDay)).toEqual(throttled);
    expect(window.filter((r) => num(r, 'cases_out_of_queue') > 0)).toEqual(throttled);
    expect(centre.every((r) => num(r, 'ticket_capacity') === t.capacity)).toBe(true);
  });

  it('keeps online items stuck below target, then rising to it', () => {
    for (const stall of PLANTED.onlineStalls) {
      const series = online
        .filter((r) => r['区划代码'] === stall.district && r['业务条线'] === stall.department)
        .map((r) => ({
          date: cell(r, '统计日期'),
          online: num(r, '网上可办事项数'),
          total: num(r, '事项总数'),
        }));
      expect(series.length).toBeGreaterThan(30);
      const applicable = stall.total - stall.exempt;
      for (const s of series) {
        expect(s.total).toBe(stall.total);
        if (s.date <= stall.stuckUntil) expect(s.online).toBe(stall.stuckAt);
        if (s.date >= stall.reachedBy) expect(s.online).toBe(stall.reaches);
      }
      expect(series.filter((s) => s.date <= stall.stuckUntil).length).toBeGreaterThanOrEqual(4);
      expect(stall.stuckAt / applicable).toBeLessThan(0.967);
      expect(stall.reaches / applicable).toBeGreaterThanOrEqual(0.967);
      const steps = series.slice(1).map((s, i) => s.online - (series[i]?.online ?? 0));
      expect(Math.min(...steps)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...steps)).toBeLessThanOrEqual(3);
    }
    expect(PLANTED.online).toMatchObject({ district: '230102', stuckAt: 54, total: 75 });
  });

  it('keeps every other unit at 97% or more of applicable items online, never above applicable', () => {
    for (const row of online) {
      const department = cell(row, '业务条线') as Department;
      const applicable = num(row, '事项总数') - num(row, '不宜网办事项数');
      expect(num(row, '事项总数')).toBe(ONLINE_ITEMS[department].total);
      expect(num(row, '网上可办事项数')).toBeLessThanOrEqual(applicable);
      expect(num(row, '网上可查询事项数')).toBeGreaterThanOrEqual(num(row, '网上可办事项数'));
      const stalled = PLANTED.onlineStalls.some(
        (s) => s.district === row['区划代码'] && s.department === department,
      );
      if (!stalled) expect(num(row, '网上可办事项数')).toBeGreaterThanOrEqual(0.97 * applicable);
    }
    expect(new Set(online.map((r) => isoWeekday(toDay(cell(r, '统计日期')))))).toEqual(
      new Set([1]),
    );
  });

  it('plants 82 complaints answered but not resolved in 道里区 医保, a surge in each of its weeks', () => {
    const s = PLANTED.surge;
    expect(s.total).toBe(82);
    const weekOf = (r: Row) => isoWeekOf(toDay(complaintDate(cell(r, '受理时间'))));
    const own = complaints.filter(
      (r) => r['区划代码'] === s.district && r['业务条线'] === s.department,
    );
    const surge = own.filter((r) => inIsoWeeks(complaintDate(cell(r, '受理时间')), s.weeks));
    expect(surge).toHaveLength(s.total);
    const perWeek = countBy(surge, weekOf);
    expect(listIsoWeeks(s.weeks).map((w) => perWeek.get(w))).toEqual([...s.perWeek]);
    for (const row of surge) {
      expect(cell(row, '办理状态')).toBe(s.status);
      const received = complaintDate(cell(row, '受理时间'));
      const closed = complaintDate(cell(row, '办结时间'));
      expect(daysBetween(received, closed)).toBeGreaterThanOrEqual(s.closedAfterDays[0]);
      expect(daysBetween(received, closed)).toBeLessThanOrEqual(s.closedAfterDays[1]);
      expect(isoWeekOf(toDay(closed))).toBe(isoWeekOf(toDay(received)));
    }
    const share = (pred: (r: Row) => boolean) => surge.filter(pred).length / surge.length;
    expect(share((r) => cell(r, '是否满意') === '否')).toBeGreaterThan(0.6);
    expect(
      share((r) => (s.mainCategories as readonly string[]).includes(cell(r, '诉求类别'))),
    ).toBeGreaterThan(0.7);
    expect(share((r) => cell(r, '来源渠道') === s.mainChannel)).toBeGreaterThan(0.6);
    // Baseline in every other week.
    const baseline = countBy(
      own.filter((r) => !surge.includes(r)),
      weekOf,
    );
    for (const count of baseline.values()) {
      expect(count).toBeGreaterThanOrEqual(s.baselinePerWeek[0]);
      expect(count).toBeLessThanOrEqual(s.baselinePerWeek[1]);
    }
  });

  it('makes the complaint-surge rule (≥ 5 and ≥ 2× the previous 4 weeks) fire only on the surge', () => {
    const byUnitWeek = countBy(
      complaints,
      (r) =>
        `${cell(r, '区划代码')} ${cell(r, '业务条线')} ${isoWeekOf(toDay(complaintDate(cell(r, '受理时间'))))}`,
    );
    const weeks = listIsoWeeks(['2020-W18', '2020-W53']);
    const fired: string[] = [];
    for (const unit of [DEMO_CITY.code, ...DEMO_DISTRICTS.map((d) => d.code)]) {
      for (const department of ['医保', '社保']) {
        const counts = weeks.map((w) => byUnitWeek.get(`${unit} ${department} ${w}`) ?? 0);
        counts.forEach((count, i) => {
          if (i < 4) return;
          const mean = counts.slice(i - 4, i).reduce((a, b) => a + b, 0) / 4;
          if (count >= 5 && count >= 2 * mean) fired.push(`${unit} ${department} ${weeks[i]}`);
        });
      }
    }
    const s = PLANTED.surge;
    expect(fired).toEqual(listIsoWeeks(s.weeks).map((w) => `${s.district} ${s.department} ${w}`));
  });

  it('delegates every power of each batch to every district, never to the city', () => {
    for (const batch of DELEGATION_BATCHES) {
      const rows = delegations.filter((r) => r['批次'] === batch.batch);
      expect(rows).toHaveLength(batch.count * DEMO_DISTRICTS.length);
      expect(new Set(rows.map((r) => `${r['事权编码']} ${r['承接区划代码']}`)).size).toBe(
        rows.length,
      );
      expect(new Set(rows.map((r) => r['承接日期']))).toEqual(new Set([batch.effective]));
      expect(new Set(rows.map((r) => r['业务条线']))).toEqual(new Set([batch.department]));
    }
    expect(PLANTED.delegationBatches.find((b) => b.batch === 'A')?.count).toBe(45);
    expect(delegations.some((r) => r['承接区划代码'] === DEMO_CITY.code)).toBe(false);
  });

  it('leaves the planted districts without supervision until their late first action', () => {
    for (const gap of PLANTED.supervisionGap) {
      const actions = supervision.filter(is(gap.district, gap.department));
      expect(actions[0]).toMatchObject({ date: gap.firstActionDate, action_type: gap.actionType });
      expect(actions.every((r) => cell(r, 'date') >= gap.firstActionDate)).toBe(true);
      const batch = DELEGATION_BATCHES.find((b) => b.batch === gap.batch);
      expect(daysBetween(batch?.effective ?? '', gap.firstActionDate)).toBeGreaterThan(30);
    }
  });

  it('follows up every other delegation with a training and an inspection on time', () => {
    for (const batch of DELEGATION_BATCHES) {
      for (const district of DEMO_DISTRICTS) {
        const gapped = PLANTED.supervisionGap.some(
          (g) =>
            g.batch === batch.batch &&
            g.district === district.code &&
            g.department === batch.department,
        );
        if (gapped) continue;
        const after = supervision.filter(is(district.code, batch.department)).map((r) => ({
          days: daysBetween(batch.effective, cell(r, 'date')),
          type: cell(r, 'action_type'),
        }));
        expect(after[0]?.type, district.code).toBe('training');
        const within = (type: string, [lo, hi]: readonly [number, number]) =>
          after.some((a) => a.type === type && a.days >= lo && a.days <= hi);
        expect(within('training', TIMELY_SUPERVISION.trainingAfterDays), district.code).toBe(true);
        expect(within('inspection', TIMELY_SUPERVISION.inspectionAfterDays), district.code).toBe(
          true,
        );
      }
    }
    expect(supervision.some((r) => r['district_code'] === DEMO_CITY.code)).toBe(false);
    const types = new Set(supervision.map((r) => r['action_type']));
    for (const type of types) {
      expect(['training', 'guidance', 'inspection', 'evaluation', 'rectification']).toContain(type);
    }
  });

  it('stops 木兰县 window reports for three weeks while its online snapshots continue', () => {
    const m = PLANTED.missingReports;
    const own = window.filter((r) => r['district_code'] === m.district);
    expect(own.filter((r) => inIsoWeeks(cell(r, 'date'), m.weeks))).toHaveLength(0);
    const before = listIsoWeeks(['2020-W39', '2020-W39']);
    const after = listIsoWeeks(['2020-W43', '2020-W43']);
    for (const weeks of [before, after]) {
      const week = weeks[0] ?? '';
      // W39 has six: Sunday 27 September was worked for National Day.
      expect(own.filter((r) => isoWeekOf(toDay(cell(r, 'date'))) === week)).toHaveLength(
        officialWorkingDays(weekPeriod(week)).length * m.departments.length,
      );
    }
    const snapshots = online.filter(
      (r) => r['区划代码'] === m.district && inIsoWeeks(cell(r, '统计日期'), m.weeks),
    );
    expect(snapshots).toHaveLength(listIsoWeeks(m.weeks).length * m.departments.length);
    // 3 + 2 + 5: National Day closes 1–8 October, Saturday 10 October is worked.
    expect(m.workingDays).toBe(10);
  });

  it('keeps the well-run districts within every target', () => {
    for (const code of PLANTED.wellRun) {
      const rows = window.filter((r) => r['district_code'] === code);
      expect(rows.length).toBeGreaterThan(300);
      for (const row of rows) {
        expect(num(row, 'visitors')).toBeLessThanOrEqual(num(row, 'ticket_capacity'));
        expect(num(row, 'tickets_issued')).toBeGreaterThanOrEqual(
          0.9 * num(row, 'ticket_capacity'),
        );
        expect(num(row, 'cases_completed')).toBeGreaterThanOrEqual(
          0.95 * num(row, 'cases_accepted'),
        );
        expect(num(row, 'cases_out_of_queue')).toBe(0);
        const rated = num(row, 'ratings_good') + num(row, 'ratings_bad');
        expect(num(row, 'ratings_bad')).toBeLessThanOrEqual(0.05 * rated);
      }
      for (const row of online.filter((r) => r['区划代码'] === code)) {
        const applicable = num(row, '事项总数') - num(row, '不宜网办事项数');
        expect(num(row, '网上可办事项数') / applicable).toBeGreaterThanOrEqual(0.967);
      }
      const own = complaints.filter((r) => r['区划代码'] === code);
      expect(own.every((r) => cell(r, '办理状态') !== '已答复')).toBe(true);
      for (const count of countBy(own, (r) =>
        isoWeekOf(toDay(complaintDate(cell(r, '受理时间')))),
      ).values()) {
        expect(count).toBeLessThan(5);
      }
    }
  });
});
