import { describe, expect, it } from 'vitest';
import {
  bool,
  count,
  date,
  dateTime,
  excelSerialToIso,
  decimal,
  districtCode,
  Invalid,
  oneOf,
  targetValue,
  text,
  type Codec,
} from '../../etl/contract/codecs';
import { complaintStatus } from '../../etl/contract/complaints';
import { freshDb } from '../helpers/db';

type Value = string | number | boolean;

/** A cell the codec accepts, and what it is stored as. */
interface Accepts {
  raw: string;
  stored: Value;
}

/** A cell the codec refuses, and a phrase its English reason contains. */
interface Refuses {
  raw: string;
  reason: string;
}

/** Rows as [test name, case], so names read as plain sentences. */
function named<T extends { raw: string }>(label: (c: T) => string, rows: T[]): [string, T][] {
  return rows.map((row) => [label(row), row]);
}

const byCase = <T extends { case: string; raw: string }>(rows: T[]) =>
  named((c) => `${c.case}: ${c.raw}`, rows);

function parse(codec: Codec<Value>, raw: string): Value | Invalid {
  return codec.parse(raw);
}

function expectAccepted(codec: Codec<Value>, { raw, stored }: Accepts) {
  expect(parse(codec, raw)).toBe(stored);
}

function expectRefused(codec: Codec<Value>, { raw, reason }: Refuses) {
  const result = parse(codec, raw);
  expect(result).toBeInstanceOf(Invalid);
  const { zh, en } = (result as Invalid).reason;
  expect(en).toContain(reason);
  // Every reason reaches the user in both languages.
  expect(zh).toMatch(/[\u4e00-\u9fff]/);
  expect(en).toMatch(/[a-z]{3}/);
}

describe('counts', () => {
  it.each(
    byCase<Accepts & { case: string }>([
      { case: 'a whole number is a count', raw: '12', stored: 12 },
      { case: 'zero is a count', raw: '0', stored: 0 },
      { case: 'Excel writes 12.0 for twelve', raw: '12.0', stored: 12 },
    ]),
  )('%s', (_, c) => expectAccepted(count, c));

  it.each(
    byCase<Refuses & { case: string }>([
      { case: 'a negative count must not be negative', raw: '-3', reason: 'must not be negative' },
      {
        case: 'a fraction of a person is not a count',
        raw: '1.5',
        reason: 'not a non-negative whole',
      },
      { case: 'text is not a count', raw: 'twelve', reason: 'not a non-negative whole' },
      { case: 'a count beyond a billion is a typo', raw: '1234567890', reason: 'too large' },
    ]),
  )('%s', (_, c) => expectRefused(count, c));

  it('says in Chinese that a count must not be negative', () => {
    expect((count.parse('-3') as Invalid).reason.zh).toBe('不能为负数');
  });
});

describe('decimals (minutes, averages)', () => {
  it.each(
    byCase<Accepts & { case: string }>([
      { case: 'a number of minutes', raw: '95.5', stored: 95.5 },
      { case: 'whole minutes', raw: '30', stored: 30 },
    ]),
  )('%s', (_, c) => expectAccepted(decimal, c));

  it.each(
    byCase<Refuses & { case: string }>([
      { case: 'a negative wait must not be negative', raw: '-1.5', reason: 'must not be negative' },
      { case: 'text is not a number', raw: 'n/a', reason: 'not a number' },
    ]),
  )('%s', (_, c) => expectRefused(decimal, c));
});

describe('dates', () => {
  it.each(
    byCase<Accepts & { case: string }>([
      { case: 'ISO dates are kept', raw: '2020-08-18', stored: '2020-08-18' },
      { case: 'slashes without leading zeros', raw: '2020/8/18', stored: '2020-08-18' },
      { case: 'the Chinese form', raw: '2020年8月18日', stored: '2020-08-18' },
      { case: 'the Chinese form with leading zeros', raw: '2020年08月08日', stored: '2020-08-08' },
      { case: '29 February in a leap year', raw: '2020-02-29', stored: '2020-02-29' },
    ]),
  )('%s', (_, c) => expectAccepted(date, c));

  it.each(
    byCase<Refuses & { case: string }>([
      { case: 'there is no 13th month', raw: '2020-13-04', reason: 'not a valid date' },
      { case: 'there is no 30 February', raw: '2020-02-30', reason: 'not a valid date' },
      { case: 'there is no 29 February in 2019', raw: '2019-02-29', reason: 'not a valid date' },
      { case: 'there is no day 0', raw: '2020/8/0', reason: 'not a valid date' },
      { case: 'day-month-year is ambiguous and refused', raw: '18/08/2020', reason: 'not a valid' },
      { case: 'a date-time is not a date', raw: '2020-08-18 09:30', reason: 'not a valid date' },
    ]),
  )('%s', (_, c) => expectRefused(date, c));
});

describe('date-times', () => {
  it.each(
    byCase<Accepts & { case: string }>([
      { case: 'hours and minutes', raw: '2020-08-18 09:30', stored: '2020-08-18 09:30:00' },
      { case: 'with seconds', raw: '2020-08-18 09:30:15', stored: '2020-08-18 09:30:15' },
      { case: 'the 12345 export form', raw: '2020/8/18 9:30', stored: '2020-08-18 09:30:00' },
      { case: 'the Chinese date form', raw: '2020年8月18日 17:45', stored: '2020-08-18 17:45:00' },
      { case: 'a bare date means midnight', raw: '2020-08-18', stored: '2020-08-18 00:00:00' },
      {
        case: 'one minute before midnight',
        raw: '2020-08-18 23:59:59',
        stored: '2020-08-18 23:59:59',
      },
    ]),
  )('%s', (_, c) => expectAccepted(dateTime, c));

  it.each(
    byCase<Refuses & { case: string }>([
      { case: 'there is no 25 o’clock', raw: '2020-08-18 25:00', reason: 'out of range' },
      { case: 'there is no minute 60', raw: '2020-08-18 09:60', reason: 'out of range' },
      { case: 'an impossible day', raw: '2020-02-30 09:30', reason: 'not a valid date-time' },
      { case: 'a time without a date', raw: '09:30', reason: 'not a valid date-time' },
    ]),
  )('%s', (_, c) => expectRefused(dateTime, c));
});

describe('booleans', () => {
  it.each(
    named<Accepts>(
      (c) => `"${c.raw}" means ${c.stored ? 'yes' : 'no'}`,
      [
        { raw: 'true', stored: true },
        { raw: 'false', stored: false },
        { raw: 'TRUE', stored: true },
        { raw: '1', stored: true },
        { raw: '0', stored: false },
        { raw: '是', stored: true },
        { raw: '否', stored: false },
        { raw: 'Y', stored: true },
        { raw: 'N', stored: false },
        { raw: 'y', stored: true },
      ],
    ),
  )('%s', (_, c) => expectAccepted(bool, c));

  it.each(
    named<Refuses>(
      (c) => `"${c.raw}" is not a yes or no`,
      [
        { raw: '满意', reason: 'expected 是/否, √/×, true/false, 1/0 or Y/N' },
        { raw: '2', reason: 'expected 是/否' },
      ],
    ),
  )('%s', (_, c) => expectRefused(bool, c));
});

describe('enumerations (complaint status)', () => {
  it.each(
    byCase<Accepts & { case: string }>([
      { case: 'the English code', raw: 'responded', stored: 'responded' },
      { case: 'the English code in capitals', raw: 'RESOLVED', stored: 'resolved' },
      { case: 'the Chinese label 待办理', raw: '待办理', stored: 'open' },
      { case: 'the Chinese label 已答复', raw: '已答复', stored: 'responded' },
      { case: 'the Chinese label 已解决', raw: '已解决', stored: 'resolved' },
    ]),
  )('%s is stored as the code', (_, c) => expectAccepted(complaintStatus, c));

  it('refuses an unknown value, listing every choice in both languages', () => {
    const result = complaintStatus.parse('closed');
    expect(result).toBeInstanceOf(Invalid);
    const { zh, en } = (result as Invalid).reason;
    for (const choice of ['open/待办理', 'responded/已答复', 'resolved/已解决']) {
      expect(zh).toContain(choice);
      expect(en).toContain(choice);
    }
  });

  it('accepts only the labels it was given', () => {
    const level = oneOf({ city: '市', district: '区' });
    expect(level.parse('区')).toBe('district');
    expect(level.parse('县')).toBeInstanceOf(Invalid);
  });
});

describe('target values', () => {
  it.each(
    byCase<Accepts & { case: string }>([
      { case: 'a fraction is kept', raw: '0.967', stored: 0.967 },
      { case: 'a percentage is the same fraction', raw: '96.7%', stored: 0.967 },
      { case: 'a whole percentage', raw: '95%', stored: 0.95 },
      { case: 'a space before the percent sign', raw: '90 %', stored: 0.9 },
      { case: 'minutes for a wait target', raw: '30', stored: 30 },
    ]),
  )('%s', (_, c) => expectAccepted(targetValue, c));

  it.each(
    byCase<Refuses & { case: string }>([
      { case: 'text is not a target', raw: 'high', reason: 'not a number or percentage' },
      { case: 'a negative target', raw: '-0.5', reason: 'not a number or percentage' },
    ]),
  )('%s', (_, c) => expectRefused(targetValue, c));
});

describe('district codes', () => {
  it.each(
    byCase<Accepts & { case: string }>([
      { case: 'a 6-digit county code', raw: '230102', stored: '230102' },
      { case: 'a 9-digit township code', raw: '230102001', stored: '230102001' },
      { case: 'a 12-digit village code', raw: '230102001001', stored: '230102001001' },
    ]),
  )('%s', (_, c) => expectAccepted(districtCode, c));

  it.each(
    byCase<Refuses & { case: string }>([
      { case: 'five digits are too few', raw: '23010', reason: 'not a division code' },
      { case: 'seven digits are not a code', raw: '2301021', reason: 'not a division code' },
      { case: 'a name is not a code', raw: '道里区', reason: 'not a division code' },
    ]),
  )('%s', (_, c) => expectRefused(districtCode, c));
});

describe('text', () => {
  it('keeps the cell as written', () => {
    expect(text.parse('道里区医保服务中心')).toBe('道里区医保服务中心');
  });
});

describe('cells as clerks type them are read, and the loader is told what was assumed', () => {
  const cases: [string, Codec<Value>, string, Value, string][] = [
    ['full-width digits', count, '１２０', 120, 'full_width'],
    ['a thousands separator', count, '1,234', 1234, 'thousands'],
    ['a full-width thousands separator', count, '１，２３４', 1234, 'full_width'],
    ['a non-breaking space inside', count, '1\u00a0234', 1234, 'inner_space'],
    ['thousands in a decimal', decimal, '1,234.5', 1234.5, 'thousands'],
    ['a full-width percentage target', targetValue, '９６．７％', 0.967, 'full_width'],
    ['a code saved as a number', districtCode, '230102.0', '230102', 'decimal_zero'],
    ['a code forced to text', districtCode, "'230102", '230102', 'apostrophe'],
    ['an Excel date serial', date, '44061', '2020-08-18', 'excel_serial'],
    ['a date with dots', date, '2020.8.18', '2020-08-18', 'date_form'],
    ['a compact date', date, '20200818', '2020-08-18', 'date_form'],
    ['a date with 0:00 after it', date, '2020/8/18 0:00', '2020-08-18', 'midnight'],
    ['a date-time as an Excel serial', dateTime, '44061.5', '2020-08-18 12:00:00', 'excel_serial'],
    ['a tick', bool, '√', true, 'symbol_bool'],
    ['a cross', bool, '×', false, 'symbol_bool'],
  ];
  it.each(cases)('%s: %s', (_, codec, raw, stored, kind) => {
    const noted: string[] = [];
    expect(codec.parse(raw, { note: (k) => noted.push(k) })).toBe(stored);
    expect(noted).toContain(kind);
  });

  it('notes nothing for a clean cell', () => {
    const noted: string[] = [];
    const notes = { note: (k: string) => noted.push(k) };
    expect(count.parse('120', notes)).toBe(120);
    expect(date.parse('2020-08-18', notes)).toBe('2020-08-18');
    expect(date.parse('2020年08月18日', notes)).toBe('2020-08-18');
    expect(districtCode.parse('230102', notes)).toBe('230102');
    expect(noted).toEqual([]);
  });

  it.each(
    byCase<Refuses & { case: string }>([
      { case: 'a percentage where a count is expected', raw: '85%', reason: 'is a percentage' },
      {
        case: 'a dot that may be a thousands separator',
        raw: '1.234',
        reason: 'a decimal point or a thousands separator',
      },
      { case: 'commas not in threes', raw: '12,34', reason: 'not a non-negative whole' },
    ]),
  )('still refuses %s', (_, c) => expectRefused(count, c));

  it.each(
    byCase<Refuses & { case: string }>([
      { case: 'a serial outside 1950–2099', raw: '12345', reason: 'not a valid date' },
      { case: "Excel's 1900-02-29, which never was", raw: '60', reason: 'not a valid date' },
      { case: 'a compact date that is no date', raw: '20201332', reason: 'not a valid date' },
      { case: 'a time of day in a date column', raw: '2020/8/18 9:00', reason: 'not times of day' },
    ]),
  )('still refuses %s', (_, c) => expectRefused(date, c));

  it('counts Excel serials across the 1900 leap-year bug as Excel shows them', () => {
    expect(excelSerialToIso(59)?.day).toBe('1900-02-28');
    expect(excelSerialToIso(60)).toBeNull();
    expect(excelSerialToIso(61)?.day).toBe('1900-03-01');
    expect(excelSerialToIso(44061)?.day).toBe('2020-08-18');
    expect(excelSerialToIso(42599, true)?.day).toBe('2020-08-18');
  });
});

describe('plain forms: what the bulk road lets DuckDB cast is what the codec stores', () => {
  const samples: [string, Codec<Value>, string[]][] = [
    [
      'count',
      count,
      ['0', '7', '007', '120', '999999999', ' 12', '１２', '1,234', '12.0', '-1', '1e3'],
    ],
    ['decimal', decimal, ['0', '12', '12.5', '012.50', '0.1', '12.', '.5', ' 1', '1,5', '1e3']],
    ['date', date, ['2020-08-18', '1999-12-31', '2020-8-18', '2020/08/18', '44061', ' 2020-08-18']],
    [
      'district code',
      districtCode,
      ['230102', '230102001', '230102001001', '23010', "'230102", '230102.0'],
    ],
    [
      'text',
      text,
      ['道里区医保服务中心', 'a b', 'x', ' a', 'a ', '\u00a0a', 'a\u3000', '\ufeffa', 'a\nb'],
    ],
  ];

  it.each(samples)('%s', async (_, codec, cells) => {
    const db = await freshDb();
    try {
      for (const cell of cells) {
        const type = codec.sqlType === 'DATE' ? 'VARCHAR' : codec.stageType;
        const cast =
          codec.sqlType === 'DATE'
            ? "strftime(TRY_CAST($1 AS DATE), '%Y-%m-%d')"
            : `TRY_CAST($1 AS ${type})`;
        const [row] = await db.all<{ plain: boolean; value: Value | null }>({
          sql: `SELECT regexp_full_match($1, $2) AS plain, ${cast} AS value`,
          params: [cell, codec.plain!],
        });
        if (!row!.plain) continue;
        // A plain cell needs no trimming and no normalising, and parses to SQL's value.
        const noted: string[] = [];
        expect(cell.trim(), JSON.stringify(cell)).toBe(cell);
        const parsed = codec.parse(cell, { note: (k) => noted.push(k) });
        expect(noted, JSON.stringify(cell)).toEqual([]);
        if (row!.value === null) {
          // Only the date has plain cells SQL refuses (2020-02-30); the bulk road checks them.
          expect(codec).toBe(date);
          continue;
        }
        expect(parsed, JSON.stringify(cell)).toEqual(row!.value);
      }
    } finally {
      db.close();
    }
  });

  it('leaves out every cell the codec would have to normalise', async () => {
    const db = await freshDb();
    try {
      for (const [codec, cell] of [
        [count, '１２'],
        [count, '1,234'],
        [districtCode, '230102.0'],
        [date, '2020.8.18'],
        [text, '\u00a0道里区'],
        [text, '道里区\u3000'],
      ] as const) {
        const [row] = await db.all<{ plain: boolean }>({
          sql: 'SELECT regexp_full_match($1, $2) AS plain',
          params: [cell, codec.plain!],
        });
        expect(row!.plain, JSON.stringify(cell)).toBe(false);
      }
    } finally {
      db.close();
    }
  });
});
