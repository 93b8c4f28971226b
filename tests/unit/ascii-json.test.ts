/**
 * Stored flags and league tables are written as ASCII JSON: whatever the text, the document
 * is plain ASCII and reads back to the same value.
 */
import { describe, expect, it } from 'vitest';
import { asciiJson } from '../../oversight/ascii-json';

describe('asciiJson', () => {
  it.each([
    ['Chinese text', { district: '道里区', department: '医保', note: '日可办理量 120' }],
    ['a character outside the BMP (a surrogate pair)', '排队 😀'],
    ['DEL and the last code unit', 'a\u007fb\uffff'],
    ['line separators JSON allows raw', 'x\u2028y\u2029'],
    ['escapes at both ends', '区a区'],
    ['nothing to escape', { n: 1, list: [true, null, 'plain'] }],
  ])('%s: ASCII only, and parses back to the same value', (_, value) => {
    const json = asciiJson(value);
    expect(json).toMatch(/^[\x20-\x7e]*$/);
    expect(JSON.parse(json)).toEqual(value);
  });

  it('is JSON.stringify itself when there is nothing to escape', () => {
    const value = { week: '2020-W34', flags: 6 };
    expect(asciiJson(value)).toBe(JSON.stringify(value));
  });
});
