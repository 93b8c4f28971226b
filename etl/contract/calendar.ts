import { date, districtCode, oneOf, text } from './codecs';
import type { Contract } from './types';

/**
 * What a day is, where the official calendar (oversight/calendar.ts) does not say or a city
 * knows better: a closure (snow, a move) or a working day the notices do not list yet.
 */
export const calendarDayKind = oneOf({ holiday: '不办公', workday: '办公' });

/**
 * A city's own calendar: closures of the whole city or of one district's service centres (a
 * snow day, a centre not yet open), and working days — a year's make-up days before its notice
 * is bundled. Blank district: the whole city. A district's row wins over the city's, and both
 * over the official calendar.
 */
export const calendarContract: Contract = {
  kind: 'calendar',
  table: 'calendar_days',
  title: { zh: '办公日历', en: 'Working-day calendar' },
  columns: [
    { key: 'date', zh: ['日期'], codec: date, required: true },
    { key: 'day_kind', zh: ['类型'], codec: calendarDayKind, required: true },
    { key: 'district_code', zh: ['区划代码'], codec: districtCode, required: false, whenBlank: '' },
    { key: 'reason', zh: ['原因', '说明'], codec: text, required: false, whenBlank: '' },
  ],
  naturalKey: ['date', 'district_code'],
  districtColumns: ['district_code'],
};
