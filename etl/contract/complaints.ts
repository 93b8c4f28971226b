import { bool, dateTime, districtCode, oneOf, text } from './codecs';
import type { Contract } from './types';

export const complaintChannel = oneOf({
  hotline: '12345热线',
  web: '网民留言',
  letter: '信访',
  other: '其他',
});

export const complaintCategory = oneOf({
  appointment: '预约难',
  queue: '排队',
  phone: '电话不通',
  intermediary: '黄牛代办',
  attitude: '服务态度',
  online: '网办故障',
  other: '其他',
});

/** responded = answered but the problem is not solved (答复未解决). */
export const complaintStatus = oneOf({
  open: '待办理',
  responded: '已答复',
  resolved: '已解决',
});

/** Hotline and other complaint tickets; a later load of the same ticket updates its status. */
export const complaintsContract: Contract = {
  kind: 'complaints',
  table: 'complaints',
  title: { zh: '投诉工单', en: 'Complaint tickets' },
  columns: [
    { key: 'ticket_id', zh: ['工单编号'], codec: text, required: true },
    { key: 'received_at', zh: ['受理时间'], codec: dateTime, required: true },
    { key: 'district_code', zh: ['区划代码'], codec: districtCode, required: true },
    { key: 'department', zh: ['业务条线'], codec: text, required: false, whenBlank: null },
    { key: 'channel', zh: ['来源渠道'], codec: complaintChannel, required: true },
    { key: 'category', zh: ['诉求类别'], codec: complaintCategory, required: true },
    { key: 'status', zh: ['办理状态'], codec: complaintStatus, required: true },
    { key: 'closed_at', zh: ['办结时间'], codec: dateTime, required: false, whenBlank: null },
    { key: 'satisfied', zh: ['是否满意'], codec: bool, required: false, whenBlank: null },
  ],
  naturalKey: ['ticket_id'],
  districtColumns: ['district_code'],
  checkRow(row) {
    if (row.closed_at !== null && (row.closed_at as string) < (row.received_at as string)) {
      return {
        column: 'closed_at',
        reason: { zh: '办结时间早于受理时间', en: 'closed before it was received' },
      };
    }
    return null;
  },
};
