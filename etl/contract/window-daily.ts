import { count, date, decimal, districtCode, text } from './codecs';
import type { Contract } from './types';

/** One service centre's day for one department: capacity, tickets, visitors, cases. */
export const windowDailyContract: Contract = {
  kind: 'window_daily',
  table: 'window_daily',
  title: { zh: '窗口每日数据', en: 'Daily window statistics' },
  columns: [
    { key: 'date', zh: ['日期'], codec: date, required: true },
    { key: 'district_code', zh: ['区划代码'], codec: districtCode, required: true },
    { key: 'center_code', zh: ['服务中心编码'], codec: text, required: true },
    { key: 'center_name', zh: ['服务中心名称'], codec: text, required: false, whenBlank: null },
    { key: 'department', zh: ['业务条线'], codec: text, required: true },
    { key: 'windows_open', zh: ['开放窗口数'], codec: count, required: true },
    { key: 'staff_on_duty', zh: ['在岗人数'], codec: count, required: false, whenBlank: null },
    { key: 'ticket_capacity', zh: ['日可办理量'], codec: count, required: true },
    { key: 'tickets_issued', zh: ['发放号数'], codec: count, required: true },
    { key: 'visitors', zh: ['到场人数'], codec: count, required: true },
    {
      // Counted at the ticket machine or the door: people who came and got no ticket. Where a
      // centre records it, the throttling rule takes it over visitors − tickets issued.
      key: 'turned_away',
      zh: ['未取到号人数'],
      codec: count,
      required: false,
      whenBlank: null,
    },
    { key: 'cases_accepted', zh: ['受理件数'], codec: count, required: true },
    { key: 'cases_completed', zh: ['办结件数'], codec: count, required: true },
    {
      key: 'cases_out_of_queue',
      zh: ['未取号办理件数'],
      codec: count,
      required: false,
      whenBlank: 0,
    },
    {
      key: 'avg_wait_minutes',
      zh: ['平均等候时长', '平均等候时长（分钟）'],
      codec: decimal,
      required: false,
      whenBlank: null,
    },
    { key: 'ratings_good', zh: ['好评数'], codec: count, required: false, whenBlank: null },
    { key: 'ratings_bad', zh: ['差评数'], codec: count, required: false, whenBlank: null },
  ],
  naturalKey: ['date', 'center_code', 'department'],
  districtColumns: ['district_code'],
};
