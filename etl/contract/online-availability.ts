import { count, date, districtCode, text } from './codecs';
import type { Contract } from './types';

/** A snapshot of how many of a department's items can be handled online ("54 of 75"). */
export const onlineAvailabilityContract: Contract = {
  kind: 'online_availability',
  table: 'online_availability',
  title: { zh: '网上可办事项统计', en: 'Online availability' },
  columns: [
    { key: 'as_of', zh: ['统计日期'], codec: date, required: true },
    { key: 'district_code', zh: ['区划代码'], codec: districtCode, required: true },
    { key: 'department', zh: ['业务条线'], codec: text, required: true },
    { key: 'items_total', zh: ['事项总数'], codec: count, required: true },
    { key: 'items_exempt', zh: ['不宜网办事项数'], codec: count, required: true },
    { key: 'items_online', zh: ['网上可办事项数'], codec: count, required: true },
    {
      key: 'items_queryable',
      zh: ['网上可查询事项数'],
      codec: count,
      required: false,
      whenBlank: null,
    },
  ],
  naturalKey: ['as_of', 'district_code', 'department'],
  districtColumns: ['district_code'],
  checkRow(row) {
    const total = row.items_total as number;
    const exempt = row.items_exempt as number;
    if (exempt > total) {
      return {
        column: 'items_exempt',
        reason: {
          zh: `不宜网办事项数 ${exempt} 大于事项总数 ${total}`,
          en: `items_exempt ${exempt} exceeds items_total ${total}`,
        },
      };
    }
    const online = row.items_online as number;
    if (online > total - exempt) {
      return {
        column: 'items_online',
        reason: {
          zh: `网上可办事项数 ${online} 超过可网办事项 ${total - exempt}（事项总数 − 不宜网办）`,
          en: `items_online ${online} exceeds the ${total - exempt} eligible items (total − exempt)`,
        },
      };
    }
    return null;
  },
};
